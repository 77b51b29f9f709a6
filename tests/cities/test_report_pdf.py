"""The PDF report: bold Devanagari shaped as HarfBuzz shapes it, headings kept with what follows,
the dashboard's charts, the resources of each activity, attendance totals only for outsiders."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
import uharfbuzz as hb
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream

from plaza.accounts.models import User
from plaza.cities import services
from plaza.cities.models import ActivityKind
from plaza.cities.report import CityReportPDF, font_files, render_city_report
from tests.cities.factories import ActivityFactory, CityFactory, CommitmentFactory
from tests.directory.factories import OrganizationFactory
from tests.library.factories import ResourceFactory

pytestmark = pytest.mark.django_db
START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def _emitted_glyph_names(pdf: CityReportPDF, fontkey: str) -> list[str]:
    """The glyphs fpdf2 wrote with one font on page 1, in order, by name."""
    pdf.compress = False
    data = bytes(pdf.output())
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    font: Any = pdf.fonts[fontkey]
    name_of = {cid: glyph.glyph_name for glyph, cid in font.subset.items() if glyph is not None}
    resource = f"/F{font.i}"
    current: Any = None
    names: list[str] = []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"Tf":
            current = operands[0]
        elif operator == b"Tj" and current == resource:
            raw = getattr(operands[0], "original_bytes", None) or bytes(operands[0])
            cids = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
            names += [name_of[c] for c in cids]
    return names


def _harfbuzz_glyph_names(text: str, path: Any) -> list[str]:
    font = hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    order = TTFont(str(path)).getGlyphOrder()
    return [order[info.codepoint] for info in buffer.glyph_infos]


def test_bold_hindi_title_is_shaped_like_harfbuzz(lima: Any, admin_user: User) -> None:
    city: Any = CityFactory(slug="delhi", name="दिल्ली", languages=["hi"])
    with translation.override("hi"):
        pdf = render_city_report(admin_user, city, START, END)
        title = pdf.report_title
    assert "रिपोर्ट" in title
    emitted = [n for n in _emitted_glyph_names(pdf, "notosansB") if n != "space"]
    bold = font_files()[("NotoSans", "B")]
    expected: list[str] = []
    for word in title.split():
        expected += _harfbuzz_glyph_names(word, bold)
    assert emitted[: len(expected)] == expected
    # रिपोर्ट: the i-sign drawn before र, and र् as a reph after ट.
    report_word = _harfbuzz_glyph_names("रिपोर्ट", bold)
    assert report_word[0].startswith("uni093F") and report_word[-1] == "uni0930094D"
    assert "uni0930094D" in emitted


def test_a_heading_never_stands_alone_at_the_foot_of_a_page() -> None:
    pdf = CityReportPDF("Test")
    pdf.add_page()
    pdf.set_y(pdf.h - pdf.b_margin - 12)  # room for the heading, not for what follows
    pdf.heading("Agreements")
    assert pdf.page_no() == 2


def test_report_has_charts_resources_and_attendance_totals_for_outsiders(
    lima: Any, lima_coordinator: Any
) -> None:
    org = OrganizationFactory(name="FEDEVAL", slug="fedeval", cities=[lima])
    study: Any = ActivityFactory(city=lima, kind=ActivityKind.RESEARCH, title="Estudio de mercados")
    brief: Any = ResourceFactory(title="Vending zones brief")
    services.update_activity(lima_coordinator, study, {"produced_resources": [brief.pk]})
    training: Any = ActivityFactory(city=lima, kind=ActivityKind.CAPACITY_BUILDING)
    services.add_session(
        lima_coordinator,
        training,
        date=datetime.date(2026, 3, 2),
        rows=[services.AttendanceRow(org, women=5, men=2)],
    )
    CommitmentFactory(agreement__platform__city=lima)

    def text(user: User | AnonymousUser) -> str:
        pdf = render_city_report(user, lima, START, END)
        reader = PdfReader(io.BytesIO(bytes(pdf.output())))
        return "\n".join(p.extract_text() for p in reader.pages)

    team = text(lima_coordinator)
    assert "Commitments by status" in team and "Activities by kind" in team
    assert "Vending zones brief" in team and "Estudio de mercados" in team
    assert "FEDEVAL" in team
    public = text(AnonymousUser())
    assert "FEDEVAL" not in public and "Commitments by status" in public
