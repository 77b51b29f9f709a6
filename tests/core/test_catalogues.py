"""Every gettext catalogue is complete: no untranslated or fuzzy message, compiled .mo up to date."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

PLAZA = Path(__file__).resolve().parents[2] / "plaza"
CATALOGUES = sorted(PLAZA.glob("**/locale/*/LC_MESSAGES/django.po"))


def test_there_is_a_catalogue_per_language() -> None:
    project = {p.parts[-3] for p in CATALOGUES if p.parent.parent.parent.parent == PLAZA}
    assert project == {"es", "fr", "th", "hi"}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(PLAZA)))
def test_catalogue_is_complete(po_path: Path) -> None:
    catalogue = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:3]}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(PLAZA)))
def test_compiled_catalogue_matches(po_path: Path) -> None:
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(mo_path))
    }
    for entry in polib.pofile(str(po_path)).translated_entries():
        expected = entry.msgstr or entry.msgstr_plural
        assert compiled.get((entry.msgctxt, entry.msgid)) == expected, (
            f"{mo_path} is stale for {entry.msgid!r}: run `make messages`"
        )
