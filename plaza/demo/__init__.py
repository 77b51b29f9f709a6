"""The demo data set, loaded by `plaza demo` (and `make demo`).

Demo data lives here, never in the domain apps: the records are YAML/CSV files in
``plaza/demo/data`` (read with ``read_data``) and one small loader module per step (see
DEMO_STEPS), each with a ``load(ctx)`` function. They run in DEMO_STEPS order, each in its own
transaction, and every loader is idempotent (loading twice changes nothing and adds no history).
Every loader writes through the apps' services, acting as the demo administrator
(``accounts.demo_actor``: the ``accounts`` step, first, creates it), so the services keep the
search index in step; the ``search_index`` step only checks that they did, and fails loudly when
not. Records that are invented carry ``is_demo=True``; real facts do not.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import models, transaction

DEMO_STEPS = (
    "accounts",  # first: the demo administrator is the acting user of every other loader
    "cities",
    "directory",  # after the cities: organisations work in them
    "city_work",  # after the directory: the work names its organisations
    "scopes",  # after the cities and the directory: the demo users' scopes point to them
    "library",
    "city_links",  # after the library: demo city work links to its resources
    "library_lists",  # after the library: curated collections of its records
    "statistics",
    "inquiries",
    "search_index",  # a check: every loader kept the index in step (fails loudly otherwise)
    "semantic",  # last: embeds what the others created
)
DATA_DIR = Path(__file__).parent / "data"
DEMO_PASSWORD = "plaza-demo"  # noqa: S105 - documented demo password, demo users only


@dataclass
class DemoContext:
    write: Callable[[str], None] = print
    shared_data_dir: Path = field(default_factory=lambda: Path(settings.SHARED_DATA_DIR))
    password: str = DEMO_PASSWORD
    # Set by loaders for the ones that follow (e.g. the accounts loader reads cities).
    summary: dict[str, int] = field(default_factory=dict)

    @property
    def has_shared_data(self) -> bool:
        return self.shared_data_dir.is_dir()


def read_data(name: str) -> Any:
    """The parsed content of one YAML file of plaza/demo/data (plain lists, dicts and scalars)."""
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def _same(stored: Any, value: Any) -> bool:
    if isinstance(stored, str) and isinstance(value, str):
        return stored.strip() == value.strip()  # the services strip what they store
    return bool(stored == value)


def changed(obj: models.Model, values: dict[str, Any]) -> dict[str, Any]:
    """The values that differ from the stored record's: what a loader hands to an update
    service, and only when there is any (so loading twice saves nothing and adds no history)."""
    return {name: value for name, value in values.items() if not _same(getattr(obj, name), value)}


def differs(manager: Any, objects: Iterable[models.Model]) -> bool:
    """Whether a many-to-many relation holds other records than these."""
    return set(manager.values_list("pk", flat=True)) != {obj.pk for obj in objects}


def load_demo(ctx: DemoContext, steps: tuple[str, ...] = DEMO_STEPS) -> DemoContext:
    """Run these steps, always in DEMO_STEPS order (each needs what the ones before it wrote)."""
    unknown = set(steps) - set(DEMO_STEPS)
    if unknown:
        raise ValueError(f"unknown demo steps: {', '.join(sorted(unknown))}")
    for step in (step for step in DEMO_STEPS if step in steps):
        module = importlib.import_module(f"plaza.demo.{step}")
        with transaction.atomic():
            module.load(ctx)
    return ctx
