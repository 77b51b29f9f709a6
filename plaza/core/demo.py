"""The demo data set, loaded by `plaza demo` (and `make demo`).

Each app that contributes demo data has ``plaza/<app>/demo.py`` with a
``load(ctx)`` function; they run in DEMO_APPS order, each in its own
transaction, and every loader is idempotent (loading twice changes nothing).
Records that are invented carry ``is_demo=True``; real facts do not.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import models, transaction

M = TypeVar("M", bound=models.Model)

DEMO_APPS = (
    "cities",
    "directory",
    "accounts",
    "library",
    "cities.links",  # after the library: demo city work links to its resources
    "statistics",
    "inquiries",
    "search",
    "search.semantic",
)
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


def load_demo(ctx: DemoContext, apps: tuple[str, ...] = DEMO_APPS) -> DemoContext:
    for app in apps:
        module_name = f"plaza.{app}.demo"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        with transaction.atomic():
            module.load(ctx)
    return ctx
