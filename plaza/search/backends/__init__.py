"""Search backends, chosen by the database in use (SQLite FTS5 or PostgreSQL)."""

from __future__ import annotations

from django.db import connection

from plaza.search.backends.base import (
    BackendResult,
    IndexStats,
    SearchBackend,
    SearchRequest,
)

_backends: dict[str, SearchBackend] = {}


def get_backend() -> SearchBackend:
    vendor = connection.vendor
    if vendor not in _backends:
        if vendor == "postgresql":
            from plaza.search.backends.postgres import PostgresBackend

            _backends[vendor] = PostgresBackend()
        elif vendor == "sqlite":
            from plaza.search.backends.sqlite_fts5 import SQLiteFTS5Backend

            _backends[vendor] = SQLiteFTS5Backend()
        else:
            raise RuntimeError(f"plaza.search has no backend for the {vendor} database")
    return _backends[vendor]


__all__ = ["BackendResult", "IndexStats", "SearchBackend", "SearchRequest", "get_backend"]
