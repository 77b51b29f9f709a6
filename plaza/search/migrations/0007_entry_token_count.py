"""Each entry's number of terms (all fields): BM25's document length on PostgreSQL.

PostgreSQL ranks a phrase with BM25 (plaza.search.backends.postgres) and needs the length of
every matching record and the average length; a tsvector does not say how many terms it was
built from. Existing PostgreSQL rows are filled here from their tsvector (one position per
term written; a term without positions counts once), so search ranks as BM25 right after the
upgrade, with no reindex to wait for (minutes to hours on a large library). The count is
exact except for long records (a tsvector keeps at most 256 positions of a term and none
past position 16383), where it is somewhat short; `plaza reindex`, or saving the record,
writes the exact count. SQLite rows stay at 0: FTS5 keeps its own document lengths; new
rows are written with the count on both databases.
"""

from django.db import migrations, models

BACKFILL = (
    "UPDATE search_searchentry SET token_count = coalesce(("
    "SELECT sum(coalesce(array_length(u.positions, 1), 1)) FROM unnest(tsv) AS u), 0) "
    "WHERE tsv IS NOT NULL"
)


def backfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKFILL)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_term_fillfactor")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="token_count",
            field=models.IntegerField(default=0),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
