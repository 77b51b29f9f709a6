from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from plaza.demo import DemoContext, load_demo
from plaza.library.models import Resource

pytestmark = pytest.mark.django_db


def test_demo_library_is_real_linked_and_idempotent(settings: Any, tmp_path: Path) -> None:
    settings.SHARED_DATA_DIR = tmp_path / "absent"  # the UNDP pages are tested in test_imports
    ctx = DemoContext(write=lambda line: None, shared_data_dir=tmp_path / "absent")
    load_demo(ctx, steps=("cities", "directory", "accounts", "library"))
    count = Resource.objects.count()
    assert count >= 30
    assert set(Resource.objects.values_list("language", flat=True)) >= {
        "en",
        "es",
        "fr",
        "th",
        "hi",
    }
    third = Resource.objects.get(
        title="Women and Men in the Informal Economy: A Statistical Picture", year=2018
    )
    assert {v.language for v in third.language_versions()} == {"es", "fr"}
    assert not Resource.objects.filter(is_demo=True).exists()  # real bibliographic facts
    load_demo(ctx, steps=("library",))
    assert Resource.objects.count() == count
