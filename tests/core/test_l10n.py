"""Labels, places, dates and numbers in the reader's language (plaza.core.vocabularies,
countries, languages, formatting) and the charts' whole-number ticks."""

from __future__ import annotations

import datetime
import itertools
import re
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from plaza.accounts.models import User
from plaza.core import vocabularies
from plaza.core.charts import count_ticks
from plaza.core.countries import country_choices, country_name
from plaza.core.formatting import format_date, format_number, format_percent, format_year
from plaza.core.languages import language_name

DAY = datetime.date(2026, 11, 19)


def test_every_vocabulary_of_the_issue_is_registered() -> None:
    for name in (
        "resource_type",
        "sector",
        "language",
        "activity_kind",
        "activity_status",
        "commitment_status",
        "outcome",
        "request_kind",
        "organization_kind",
        "inquirer_kind",
        "city",
        "country",
    ):
        assert name in vocabularies.names()


@pytest.mark.parametrize("lang", ["es", "fr", "th", "hi"])
def test_labels_are_translated_never_built_from_the_code(lang: str) -> None:
    for name in ("resource_type", "sector", "activity_kind", "request_kind", "outcome"):
        english = vocabularies.labels(name, "en")
        translated = vocabularies.labels(name, lang)
        assert translated.keys() == english.keys()
        changed = [code for code, text in translated.items() if text != english[code]]
        assert len(changed) > len(english) // 2, (name, lang)  # "Publication" is also French
        if lang in ("th", "hi"):
            assert all(not text.isascii() for text in translated.values()), (name, lang)
    assert vocabularies.label("resource_type", "good-practice", "en") == "Good-practice document"
    assert vocabularies.label("resource_type", "no-such-type", lang) == "no-such-type"
    assert vocabularies.labels_of({"s": ("sector", ["street-vendors"])}, lang)["s"] == [
        vocabularies.label("sector", "street-vendors", lang)
    ]


def test_template_filters_follow_the_active_language() -> None:
    template = Template('{{ t|label:"resource_type" }}|{{ "IN"|country }}|{{ "hi"|language }}')
    with translation.override("hi"):
        text = template.render(Context({"t": "law"}))
    law, india, hindi = text.split("|")
    assert law == vocabularies.label("resource_type", "law", "hi") and law.isascii() is False
    assert india == "भारत" and hindi == "हिन्दी"


@pytest.mark.parametrize("lang", ["th", "hi", "es", "fr"])
def test_country_and_language_names_come_from_cldr(lang: str) -> None:
    names = dict(country_choices(lang))
    assert len(names) > 240
    for code in ("LA", "VN", "IR"):  # once untranslated in the Thai inquiry form
        assert names[code] != country_name(code, "en") or lang in ("es", "fr")
    if lang in ("th", "hi"):
        assert not [n for n in names.values() if re.fullmatch(r"[A-Za-z ,.'()-]+", n)]
    assert language_name("wo", lang) and language_name("wo", lang) != "wo"


def test_dates_by_locale_with_the_buddhist_era_in_thai() -> None:
    assert format_date(DAY, "long", "es") == "19 de noviembre de 2026"
    assert format_date(DAY, "long", "fr") == "19 novembre 2026"
    assert format_date(DAY, "long", "th") == "19 พฤศจิกายน พ.ศ. 2569"
    assert format_date(DAY, "medium", "th") == "19 พ.ย. 2569"
    assert format_date(DAY, "short", "th") == "19/11/2569"
    assert format_year(2026, "th") == "2569" and format_year(2026, "hi") == "2026"
    assert format_date(DAY, "long", "hi") == "19 नवंबर 2026"  # Latin digits: the documented choice


def test_numbers_and_percentages_by_locale() -> None:
    assert format_number(1234567, lang="hi") == "12,34,567"  # Indian grouping, Latin digits
    assert format_number(1234567, lang="es") == "1.234.567"
    assert format_percent(45, "fr") == "45\u00a0%"
    assert format_percent(45, "th") == "45%"


def test_spanish_deadline_reads_para_el(client: Any, db: Any) -> None:
    with translation.override("es"):
        assert translation.pgettext("deadline", "By %(date)s") % {"date": "19/11/2026"} == (
            "Para el 19/11/2026"
        )
    with translation.override("hi"):
        assert translation.pgettext("deadline", "by %(date)s") % {"date": "x"} == "x तक"


@pytest.mark.parametrize("top", [0, 1, 3, 7, 13, 100, 1234])
def test_count_ticks_are_whole_numbers_covering_the_largest(top: int) -> None:
    ticks = count_ticks([top])
    assert all(isinstance(t, int) for t in ticks)
    assert ticks[0] == 0 and ticks[-1] >= top and len(ticks) <= 8
    assert len({b - a for a, b in itertools.pairwise(ticks)}) == 1


def test_staff_queue_shows_labels_not_codes(client: Any, staff_user: User) -> None:
    from tests.inquiries.factories import make_inquiry

    inquiry = make_inquiry(
        name="Mark",
        email="mark@example.com",
        organisation_kind="private-company",
        request_kinds=["funding-offer"],
        message="We want to sponsor your work.",
        language="en",
        country="VN",
    )
    client.force_login(staff_user)
    body = client.get(f"/th/partnering/queue/{inquiry.reference}/").content.decode()
    assert vocabularies.label("request_kind", "funding-offer", "th") in body
    assert f"({vocabularies.label('outcome', 'decline', 'th')}, " in body  # a matched rule
    assert "เวียดนาม" in body  # Vietnam, from CLDR
