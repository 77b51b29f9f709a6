"""The search index's own tables: what a hit needs to be shown, facets and the vocabulary.

The term index itself is backend-specific and created by migration 0002: an FTS5 table
``search_fts`` on SQLite, a ``tsv`` tsvector column with a GIN index on PostgreSQL.
"""

from __future__ import annotations

from django.db import models


class SearchEntry(models.Model):
    """One indexed record, stored so the search page and API work from the index alone."""

    key = models.CharField(max_length=150, unique=True)  # "library.resource:42"
    model = models.CharField(max_length=100)
    object_pk = models.BigIntegerField()
    title = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=8, blank=True)
    visibility = models.CharField(max_length=16, default="public")
    date = models.DateField(null=True, blank=True)
    year = models.IntegerField(null=True, blank=True)
    group = models.CharField(max_length=150, blank=True)
    facets = models.JSONField(default=dict, blank=True)
    snippet_source = models.TextField(blank=True)  # abstract, then the start of the full text
    fingerprint = models.CharField(max_length=64)  # hash of the SearchDocument (stale check)
    # Terms in all fields: BM25's document length (PostgreSQL ranks with it; FTS5 keeps its own).
    token_count = models.IntegerField(default=0)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["model", "object_pk"], name="search_entry_model_pk"),
            models.Index(fields=["visibility", "date"], name="search_entry_vis_date"),
        ]

    def __str__(self) -> str:
        return self.key


class SearchFacet(models.Model):
    """One facet value of an entry (type, lang, sector, city, country, year)."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facet_rows")
    name = models.CharField(max_length=32)
    value = models.CharField(max_length=150)

    class Meta:
        indexes = [
            models.Index(fields=["name", "value", "entry"], name="search_facet_nv"),
            models.Index(fields=["entry", "name", "value"], name="search_facet_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class SearchTerm(models.Model):
    """The index vocabulary (term -> a surface word) for "Did you mean" and autocomplete."""

    term = models.CharField(max_length=120, unique=True)
    word = models.CharField(max_length=120, db_index=True)
    language = models.CharField(max_length=8, blank=True)
    document_count = models.IntegerField(default=0)

    def __str__(self) -> str:
        return self.word


class SearchIndexVersion(models.Model):
    """One row whose token changes with every index write, in the writer's transaction.

    Each process keeps the entries' facet columns in memory (plaza.search.columns) and
    reloads them when the token differs. A random token, not a counter: a rolled-back or
    restored counter can repeat a value, a fresh token cannot.
    """

    token = models.CharField(max_length=32, blank=True)

    def __str__(self) -> str:
        return self.token


class SitePage(models.Model):
    """One public page of the site (the press room, a referral page) in one interface language.

    It holds the page's identity only: its text is the page's own template, rendered in
    ``language`` when the page is indexed (plaza.search.pages). The rows follow the pages that
    apps register (``pages.sync_pages``, run after every migrate and by `plaza reindex`).
    """

    name = models.CharField(max_length=64)  # the name the app registered, e.g. "press"
    language = models.CharField(max_length=8)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "language"], name="search_sitepage_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"
