"""The backend-specific term index: FTS5 on SQLite, tsvector + GIN and pg_trgm on PostgreSQL."""

from django.db import migrations

SQLITE_FORWARD = [
    # Terms are analysed by Plaza (plaza.search.analysis) and written space-separated; the
    # tokenizer only splits on white space (every category but Z* and C* is a token character).
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, keywords, body,
        tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M* P* S*'",
        prefix = '2 3 4'
    )""",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE search_searchentry ADD COLUMN tsv tsvector",
    "CREATE INDEX search_entry_tsv ON search_searchentry USING GIN (tsv)",
    "CREATE INDEX search_entry_title_trgm ON search_searchentry USING GIN (lower(title) gin_trgm_ops)",
    "CREATE INDEX search_term_word_trgm ON search_searchterm USING GIN (word gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_term_word_trgm",
    "DROP INDEX IF EXISTS search_entry_title_trgm",
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index_tables")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
