"""Dashboard figures, their downloads, and the PDF report (English and Thai) that matches them."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from plaza.cities import services
from plaza.cities.models import ActivityKind
from tests.cities.factories import ActivityFactory, PlatformFactory

pytestmark = pytest.mark.django_db
THAI_TITLE = "อบรมผู้นำหาบเร่แผงลอย"


@pytest.fixture
def lima_work(lima: Any, lima_coordinator: Any) -> dict[str, Any]:
    platform: Any = PlatformFactory(city=lima, start_date=datetime.date(2025, 6, 1))
    meeting = services.record_meeting(
        lima_coordinator,
        platform,
        services.MeetingInput(
            date=datetime.date(2026, 3, 10),
            attendance=[services.Headcount("woman", 9), services.Headcount("man", 5)],
        ),
        [
            services.AgreementInput("Water points"),
            services.AgreementInput("Shade", is_public=False),
        ],
        [
            services.CommitmentInput(0, "Market office", "Install taps", datetime.date(2026, 4, 1)),
            services.CommitmentInput(0, "Union", "Keep taps clean", datetime.date(2027, 1, 1)),
            services.CommitmentInput(1, "Market office", "Build shade", datetime.date(2027, 1, 1)),
        ],
    )
    first = meeting.agreements.get(title="Water points").commitments.get(responsible="Union")
    services.record_evidence(
        lima_coordinator,
        first,
        date=datetime.date(2026, 3, 20),
        progress=100,
        status="done",
        note="Cleaning rota agreed",
    )
    training: Any = ActivityFactory(
        city=lima, title=THAI_TITLE, start_date=datetime.date(2026, 2, 1)
    )
    services.add_session(
        lima_coordinator,
        training,
        date=datetime.date(2026, 2, 2),
        attendance=[services.Headcount("woman", 8), services.Headcount("man", 2)],
    )
    ActivityFactory(
        city=lima,
        kind=ActivityKind.CAMPAIGN,
        objective="Respect",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    return {"platform": platform}


PERIOD = {"start": "2026-01-01", "end": "2026-12-31"}


def _dashboard_numbers(client: Any, slug: str) -> dict[str, str]:
    html = client.get(reverse("cities:dashboard", args=[slug]), PERIOD).content.decode()
    numbers = {}
    for name in ("commitment-total", "implemented-share", "mean-progress", "overdue-count"):
        match = re.search(rf'id="{name}">([^<]+)<', html)
        assert match, name
        numbers[name] = match.group(1).strip()
    share = re.search(r'id="women-share">[^<]*?(\d+)%', html)
    assert share
    numbers["women-share"] = share.group(1) + "%"
    return numbers


def _pdf_text(client: Any, slug: str, language: str) -> str:
    response = client.get(reverse("cities:report", args=[slug]), {**PERIOD, "language": language})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()  # type: ignore[index]
    }
    assert any("NotoSansThai" in f for f in fonts), fonts
    # pypdf maps a few shaped Thai glyphs (e.g. the parts of SARA AM) to control characters.
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Thai words are separated by zero-width spaces (line-break opportunities, drawn as nothing).
    return re.sub(r"[\x00-\x09\x0b-\x1f\u200b]", "", text)


def test_dashboard_figures(client: Any, lima: Any, lima_work: Any, lima_coordinator: Any) -> None:
    client.force_login(lima_coordinator)
    numbers = _dashboard_numbers(client, lima.slug)
    # 3 commitments: 1 done (100), 2 at 0 -> 33% implemented, mean 33%; one past due and open.
    assert numbers["commitment-total"] == "3"
    assert numbers["implemented-share"] == "33%"
    assert numbers["mean-progress"] == "33%"
    assert numbers["women-share"] == "71%"  # 17 women of 24
    assert numbers["overdue-count"] in ("0", "1")  # 2026-04-01 is past once today is later
    page = client.get(reverse("cities:dashboard", args=[lima.slug]), PERIOD).content.decode()
    assert "<svg" in page and "<script" not in page.split("<main", 1)[1]


def test_public_dashboard_counts_only_public_records(
    client: Any, lima: Any, lima_work: Any
) -> None:
    numbers = _dashboard_numbers(client, lima.slug)
    assert numbers["commitment-total"] == "2"  # the private "Shade" agreement is left out


def test_dashboard_downloads(client: Any, lima: Any, lima_work: Any, lima_coordinator: Any) -> None:
    client.force_login(lima_coordinator)
    url = reverse("cities:dashboard", args=[lima.slug])
    csv_text = client.get(url, {**PERIOD, "format": "csv"}).content.decode("utf-8-sig")
    assert "Implemented (%),33" in csv_text
    xlsx = client.get(url, {**PERIOD, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = {(r[0], r[1]): r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[("Participation", "Women")] == 17
    board = client.get(reverse("cities:commitments", args=[lima.slug]), {"format": "xlsx"})
    assert load_workbook(io.BytesIO(board.content)).active.max_row == 3


@pytest.mark.parametrize("language", ["en", "th"])
def test_pdf_report_matches_dashboard(
    client: Any, lima: Any, lima_work: Any, lima_coordinator: Any, language: str
) -> None:
    client.force_login(lima_coordinator)
    numbers = _dashboard_numbers(client, lima.slug)
    text = _pdf_text(client, lima.slug, language)
    with translation.override(language):
        lines = {
            translation.gettext("Commitments"): numbers["commitment-total"],
            translation.gettext("Implemented"): numbers["implemented-share"],
            translation.gettext("Mean progress"): numbers["mean-progress"],
            translation.gettext("Overdue"): numbers["overdue-count"],
            translation.gettext("Women's share"): numbers["women-share"],
        }
        heading = translation.gettext("Key figures")
    for label, value in lines.items():
        assert f"{label} {value}" in text, (label, value)
    assert heading in text
    if language == "th":
        assert heading != "Key figures"  # the Thai catalogue is used, and rendered
    assert THAI_TITLE in re.sub(r"[\x00-\x1f]", "", text)  # line breaks inside table cells


def test_report_form_rejects_a_bad_period(client: Any, lima: Any, lima_coordinator: Any) -> None:
    client.force_login(lima_coordinator)
    url = reverse("cities:report", args=[lima.slug])
    response = client.get(url, {"start": "2026-12-31", "end": "2026-01-01", "language": "en"})
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()
