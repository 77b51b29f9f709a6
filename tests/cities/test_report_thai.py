"""Long Thai text in the PDF report wraps between words (PyThaiNLP segmentation), never running
off the page and never cut inside a word."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pythainlp.tokenize import word_tokenize

from plaza.accounts.models import User
from plaza.cities import services
from plaza.cities.report import ZERO_WIDTH_SPACE, thai_breaks
from tests.cities.factories import CityFactory, PlatformFactory

pytestmark = pytest.mark.django_db
LONG_TITLE = (
    "ข้อตกลงว่าด้วยการจัดสรรพื้นที่ค้าขายริมทางเท้าให้แก่ผู้ค้าหาบเร่แผงลอยในเขตปทุมวัน"
    "และการติดตั้งจุดบริการห้องสุขาสาธารณะภายในตลาดนัดชุมชนทุกแห่ง"
)
LONG_ACTION = "จัดทำแผนที่จุดผ่อนผันการค้าขายและประกาศให้ผู้ค้าทราบล่วงหน้าอย่างเป็นทางการทุกครั้ง"


def _lines(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    text = text.replace(ZERO_WIDTH_SPACE, "")
    return [re.sub(r"[\x00-\x09\x0b-\x1f]", "", line).strip() for line in text.split("\n")]


def _word_ends(text: str) -> set[int]:
    ends, position = set(), 0
    for word in word_tokenize(text, engine="newmm"):
        position += len(word)
        ends.add(position)
    return ends


def _wrapped_at_word_ends(lines: list[str], text: str) -> list[str]:
    """The lines that hold ``text``, checking it is whole and broken only between words."""
    start = next(i for i, line in enumerate(lines) if text.startswith(line[:12]) and line)
    parts, joined = [], ""
    for line in lines[start:]:
        piece = line.split(" · ")[0] if len(joined) + len(line) > len(text) else line
        parts.append(piece)
        joined += piece
        if len(joined) >= len(text):
            break
    assert joined.startswith(text), (joined, text)
    ends = _word_ends(text)
    position = 0
    for piece in parts[:-1]:
        position += len(piece)
        assert position in ends, f"line broken inside a word after {text[:position]!r}"
    return parts


def test_thai_breaks_marks_word_boundaries_only_in_thai() -> None:
    assert thai_breaks("Water points") == "Water points"
    marked = thai_breaks(f"Accra: {LONG_ACTION} (2026)")
    assert marked.replace(ZERO_WIDTH_SPACE, "") == f"Accra: {LONG_ACTION} (2026)"
    assert marked.count(ZERO_WIDTH_SPACE) >= 10


def test_long_thai_titles_wrap_between_words_in_the_pdf(client: Any, staff_user: User) -> None:
    bangkok: Any = CityFactory(slug="bangkok", name="Bangkok", country="TH", languages=["th"])
    platform: Any = PlatformFactory(
        city=bangkok, title=LONG_TITLE, language="th", start_date=datetime.date(2026, 1, 5)
    )
    services.record_meeting(
        staff_user,
        platform,
        services.MeetingInput(date=datetime.date(2026, 3, 10), language="th"),
        [services.AgreementInput(LONG_TITLE)],
        [services.CommitmentInput(0, "สำนักงานเขต", LONG_ACTION, datetime.date(2026, 9, 1))],
    )
    client.force_login(staff_user)
    response = client.get(
        reverse("cities:report", args=["bangkok"]),
        {"start": "2026-01-01", "end": "2026-12-31", "language": "th"},
    )
    assert response.status_code == 200
    lines = _lines(response.content)
    # The agreement heading spans the page width: the title needs two lines or more.
    heading = [i for i, line in enumerate(lines) if line.startswith(LONG_TITLE[:12])]
    assert len(heading) >= 2  # the activity table row and the agreement heading
    for index in heading:
        parts = _wrapped_at_word_ends(lines[index:], LONG_TITLE)
        assert len(parts) >= 2, parts
    # The commitment's "what" is in a narrow table cell.
    assert len(_wrapped_at_word_ends(lines, LONG_ACTION)) >= 2
