"""Shared fixtures. Tests use the real database (SQLite, or PostgreSQL when DATABASE_URL is set)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_migrate
from django.test import override_settings

from plaza.accounts.roles import Role
from plaza.core import versions
from plaza.search import columns, pages, snapshot
from plaza.search.semantic import index as semantic_index
from tests.accounts.factories import UserFactory, user_with_role
from tests.cities.factories import CityFactory
from tests.demo_snapshot import demo, demo_snapshot

__all__ = ["demo", "demo_snapshot"]  # fixtures: the demo loaded once per test process

# Each test starts with an empty search index. `plaza migrate` indexes the site's information
# pages (plaza.search.pages, post_migrate); the test database is migrated once per process, so
# that would put them in every test's index. Tests of the pages run the same handler
# (tests/search/test_site_pages.py); it must still be connected here, or this fails loudly.
assert post_migrate.disconnect(pages.sync_after_migrate, sender=apps.get_app_config("search"))

# Playwright's sync API runs an event loop in the test thread; the ORM calls in the same
# test are still synchronous, so Django's async-safety guard must not refuse them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _test_environment(tmp_path: Path) -> Iterator[None]:
    """Run background tasks inline, keep uploads in a temporary folder, fast password hashing."""
    with override_settings(
        TASKS=IMMEDIATE_TASKS,
        MEDIA_ROOT=str(tmp_path / "media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(autouse=True)
def _fresh_search_snapshots(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with no in-memory copy of the index columns or vectors.

    A copy is per process and outlives a test's rolled-back transaction; on a loaded machine
    its reload spacing would let one test read another's columns. For the same reason a test's
    tiny copy counts as cheap to reload even when the busy machine took 0.1 s to load it (the
    spacing tests set a load time of seconds).
    """
    monkeypatch.setattr(snapshot, "FAST_RELOAD_SECONDS", 1.0)
    columns.forget()
    semantic_index.forget()
    versions.clear()  # figures cached per data version (a rolled-back test reuses tokens)
    yield


@pytest.fixture
def shared_data_dir() -> Path:
    """../shared/data: real public data sets; tests that need it skip when it is absent."""
    path = Path(settings.SHARED_DATA_DIR)
    if not path.is_dir():
        pytest.skip(f"shared data sets not found at {path} (a user's clone has no ../shared)")
    return path


@pytest.fixture
def lima(db: Any) -> Any:
    return CityFactory(slug="lima", name="Lima", country="PE", languages=["es"])


@pytest.fixture
def accra(db: Any) -> Any:
    return CityFactory(slug="accra", name="Accra", country="GH", languages=["en"])


@pytest.fixture
def admin_user(db: Any) -> Any:
    return user_with_role(Role.ADMINISTRATOR, username="admin", is_superuser=True)


@pytest.fixture
def staff_user(db: Any) -> Any:
    return user_with_role(Role.NETWORK_STAFF, username="staff")


@pytest.fixture
def librarian(db: Any) -> Any:
    return user_with_role(Role.LIBRARIAN, username="librarian")


@pytest.fixture
def lima_coordinator(lima: Any) -> Any:
    return user_with_role(Role.CITY_COORDINATOR, username="coord-lima", scopes=[lima])


@pytest.fixture
def accra_coordinator(accra: Any) -> Any:
    return user_with_role(Role.CITY_COORDINATOR, username="coord-accra", scopes=[accra])


@pytest.fixture
def plain_user(db: Any) -> Any:
    return UserFactory(username="someone")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium for Playwright page tests; skip with a reason where it is missing."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    """One headless Chromium per test process, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    """A page the size of a small phone (360 x 740), JavaScript on."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()


def log_in_page(page: Any, live_server: Any, username: str, password: str) -> None:
    """Log in through the real form, and wait for the answer before the test goes on (a
    ``goto`` issued while the form's POST is still in flight would cancel it)."""
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def page_width(page: Any) -> int:
    """The page's full width in CSS pixels, read once the document is there: right after a
    click that navigates, ``document.documentElement`` can be null for a moment."""
    page.wait_for_load_state("load")
    width = page.wait_for_function(
        "() => document.documentElement && document.documentElement.scrollWidth"
    )
    return int(width.json_value())


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker_tasks(count: int) -> None:
    """Run up to ``count`` queued tasks with the database backend's worker, as `plaza worker`
    does (use with ``override_settings(TASKS=DB_TASKS)``)."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=count,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
