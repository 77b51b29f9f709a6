"""The demo data set loaded once per test process, restored into each test that asks for it.

Loading the demo runs every loader through the services (analysis, indexing, history, files):
seconds per load, and a dozen tests used to pay it each. ``demo_snapshot`` (session scope, so
once per xdist worker) loads every step but ``semantic`` (its tests load it with their encoder)
with the embedded ILOSTAT sample and without the UNDP pages, in a transaction it then rolls
back, after copying every table's rows. The ``demo`` fixture writes that copy back into the
test's own transaction (a few thousand rows in bulk), so the test sees exactly what `plaza demo`
leaves, and the rollback at its end removes it again. Tables are replaced whole, so the copy is
right even after a transactional test flushed the database; the search engine's term index
(FTS5 on SQLite, the tsvector column on PostgreSQL), which no model holds, is copied with them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.test import TestCase, override_settings

from plaza.accounts.services import ensure_role_groups
from plaza.core.models import Sector
from plaza.core.sectors import SectorCode
from plaza.demo import DEMO_STEPS, DemoContext, load_demo
from plaza.library import undp
from plaza.search import columns
from plaza.search.semantic import index as semantic_index

SNAPSHOT_STEPS = tuple(step for step in DEMO_STEPS if step != "semantic")
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@dataclass
class DemoSnapshot:
    rows: dict[type[models.Model], list[dict[str, Any]]] = field(default_factory=dict)
    terms: list[tuple[Any, ...]] = field(default_factory=list)  # the backend's term index
    media: Path | None = None
    summary: dict[str, int] = field(default_factory=dict)


def _models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _read_terms() -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid, title, keywords, body FROM search_fts")
        else:
            cursor.execute("SELECT id, tsv::text FROM search_searchentry WHERE tsv IS NOT NULL")
        return list(cursor.fetchall())


def _write_terms(terms: list[tuple[Any, ...]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM search_fts")
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, keywords, body) VALUES (%s, %s, %s, %s)",
                terms,
            )
        else:
            cursor.executemany(
                "UPDATE search_searchentry SET tsv = %s::tsvector WHERE id = %s",
                [(tsv, pk) for pk, tsv in terms],
            )


def _seed_migration_rows() -> None:
    """The rows data migrations give a fresh database (sectors, role groups): a transactional
    test that ran earlier in this process flushed them, and the demo's records need them."""
    Sector.objects.bulk_create(
        [Sector(code=code) for code in SectorCode.values], ignore_conflicts=True
    )
    ensure_role_groups()


def take_snapshot(media: Path) -> DemoSnapshot:
    """Load the demo in a transaction, copy every table, roll back."""
    snapshot = DemoSnapshot(media=media)
    absent = media.parent / "no-shared-data"
    with (
        override_settings(
            TASKS=IMMEDIATE_TASKS,
            MEDIA_ROOT=str(media),
            SHARED_DATA_DIR=absent,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ),
        mock.patch.object(undp, "default_folder", lambda: absent / "undp"),
        transaction.atomic(),
    ):
        # The files' text extraction runs on commit: run it here, before the rollback.
        _seed_migration_rows()
        with TestCase.captureOnCommitCallbacks(execute=True):
            ctx = load_demo(
                DemoContext(write=lambda _line: None, shared_data_dir=absent),
                steps=SNAPSHOT_STEPS,
            )
        snapshot.summary = dict(ctx.summary)
        for model in _models():
            fields = [f.attname for f in model._meta.concrete_fields]
            snapshot.rows[model] = list(model._base_manager.order_by().values(*fields))
        snapshot.terms = _read_terms()
        transaction.set_rollback(True)
    return snapshot


def restore(snapshot: DemoSnapshot) -> None:
    """Make every table hold exactly the snapshot's rows (in the caller's transaction)."""
    with transaction.atomic():
        for model in snapshot.rows:
            model._base_manager.all()._raw_delete(connection.alias)
        for model, rows in snapshot.rows.items():
            model._base_manager.bulk_create([model(**row) for row in rows], batch_size=500)
        _write_terms(snapshot.terms)
        if connection.vendor == "postgresql":  # ids past the copy's, even after a sequence reset
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(snapshot.rows)):
                    cursor.execute(sql)
    ContentType.objects.clear_cache()
    columns.forget()
    semantic_index.forget()
    if snapshot.media is not None and snapshot.media.is_dir():
        shutil.copytree(snapshot.media, settings.MEDIA_ROOT, dirs_exist_ok=True)


@pytest.fixture(scope="session")
def demo_snapshot(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoSnapshot]:
    with django_db_blocker.unblock():
        snapshot = take_snapshot(tmp_path_factory.mktemp("demo") / "media")
    yield snapshot


@pytest.fixture
def demo(db: Any, demo_snapshot: DemoSnapshot) -> DemoSnapshot:
    """The whole demo (as `plaza demo` without ../shared, semantic step aside), in this test."""
    restore(demo_snapshot)
    return demo_snapshot
