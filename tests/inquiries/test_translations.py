"""The inquiries catalogue is complete in es, fr, th and hi; the policy replies too."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from plaza.inquiries.policy import read_policy

LOCALE = Path(__file__).resolve().parents[2] / "plaza" / "inquiries" / "locale"


@pytest.mark.parametrize("lang", ["es", "fr", "th", "hi"])
def test_catalogue_is_complete(lang: str) -> None:
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    assert len(po) > 100
    assert not po.untranslated_entries()
    assert not po.fuzzy_entries()
    assert (LOCALE / lang / "LC_MESSAGES" / "django.mo").is_file()


def test_every_rule_has_replies_and_phrases_in_five_languages() -> None:
    for rule in read_policy():
        for lang in ("en", "es", "fr", "th", "hi"):
            assert rule[f"reply_{lang}"], f"{rule['code']}: reply_{lang} missing"
        has_phrases = [bool(rule[f"phrases_{lang}"]) for lang in ("en", "es", "fr", "th", "hi")]
        assert all(has_phrases) or not any(has_phrases), rule["code"]
