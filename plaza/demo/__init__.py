"""The demo data set, loaded by `plaza demo` (and `make demo`).

Demo data lives here, never in the domain apps: the records are YAML/CSV files in
``plaza/demo/data`` (read with ``read_data``) and one small loader module per step (``cities``,
``directory``, ``accounts``, ``library``, ``city_links``, ``statistics``, ``inquiries``,
``search_index``, ``semantic``), each with a ``load(ctx)`` function. They run in DEMO_STEPS
order, each in its own transaction, and every loader is idempotent (loading twice changes
nothing). Every loader keeps the search index in step with what it writes (through the apps'
services or their ``indexing`` hooks); the ``search_index`` step only checks that it is, and fails
loudly when not. Records that are invented carry ``is_demo=True``; real facts do not.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from django.conf import settings
from django.db import models, transaction

M = TypeVar("M", bound=models.Model)

DEMO_STEPS = (
    "cities",
    "directory",
    "accounts",
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


def upsert(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> tuple[M, bool]:
    """Create or update one record, saving only when something differs.

    Unlike update_or_create, an unchanged record is not saved again, so loading the
    demo twice adds no history rows.
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj, False


def set_related(manager: Any, objects: Iterable[models.Model]) -> None:
    """Set a many-to-many relation only when it differs (no history row otherwise)."""
    wanted = {obj.pk for obj in objects}
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(list(wanted))


def load_demo(ctx: DemoContext, steps: tuple[str, ...] = DEMO_STEPS) -> DemoContext:
    unknown = set(steps) - set(DEMO_STEPS)
    if unknown:
        raise ValueError(f"unknown demo steps: {', '.join(sorted(unknown))}")
    for step in steps:
        module = importlib.import_module(f"plaza.demo.{step}")
        with transaction.atomic():
            module.load(ctx)
    return ctx
