"""The glossary in docs/dev/translations.md is used consistently by every catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "dev" / "translations.md"
LANGS = ("es", "fr", "th", "hi")


def glossary() -> dict[str, dict[str, list[str]]]:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- glossary:start -->")[1].split("<!-- glossary:end -->")[0]
    rows = [line.strip().strip("|").split("|") for line in table.strip().splitlines()[2:]]
    return {
        cells[0].strip(): {
            lang: [form.strip() for form in cell.split(";") if form.strip()]
            for lang, cell in zip(LANGS, cells[1:], strict=True)
        }
        for cells in rows
    }


def test_glossary_covers_the_domain_terms() -> None:
    terms = glossary()
    for term in ("street vendor", "waste picker", "focal city", "filter", "commitment"):
        assert term in terms
        assert all(terms[term][lang] for lang in LANGS), term


def _pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    if entry.msgid_plural:
        return [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
    return [(entry.msgid, entry.msgstr)]


@pytest.mark.parametrize("lang", LANGS)
def test_catalogues_use_the_glossary(lang: str) -> None:
    terms = glossary()
    patterns = {t: re.compile(rf"\b{re.escape(t)}(s|es)?\b", re.IGNORECASE) for t in terms}
    problems = []
    for po_path in sorted((ROOT / "plaza").glob(f"**/locale/{lang}/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(po_path)):
            for english, translated in _pairs(entry):
                for term, pattern in patterns.items():
                    forms = terms[term][lang]
                    if pattern.search(english) and not any(
                        f.casefold() in translated.casefold() for f in forms
                    ):
                        problems.append(f"{term!r} in {english!r} -> {translated!r}")
    assert not problems, f"{len(problems)} messages miss the glossary term:\n" + "\n".join(
        problems[:20]
    )


def test_the_kitchen_sieve_is_gone() -> None:
    for po_path in (ROOT / "plaza").glob("**/locale/hi/LC_MESSAGES/django.po"):
        assert "छन्नी" not in po_path.read_text(encoding="utf-8")
