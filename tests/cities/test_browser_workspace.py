"""Every page of a city's workspace fits a 360-px phone, in every interface language, as the
city's coordinator sees it on the demo (long translated option labels once pushed the activity
list's filter 33 px past the screen in Spanish)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from plaza.cities.models import Activity, ActivityKind, Agreement, Commitment, Meeting
from tests.conftest import log_in_page, page_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _workspace_paths(slug: str) -> list[str]:
    """The coordinator's pages of the city ``slug``, without the language prefix: one of each
    layout (facts lists, filters, tables, progress bars, a form; the edit forms share the
    create form's layout)."""
    platform = Activity.objects.get(city__slug=slug, kind=ActivityKind.DIALOGUE_PLATFORM)
    training = Activity.objects.get(city__slug=slug, kind=ActivityKind.CAPACITY_BUILDING)
    meeting = Meeting.objects.filter(platform=platform).order_by("date").first()
    agreement = Agreement.objects.filter(meeting__platform=platform).order_by("pk").first()
    commitment = Commitment.objects.filter(agreement__meeting__platform=platform).first()
    assert meeting and agreement and commitment
    with translation.override("en"):
        names: list[tuple[str, dict[str, Any]]] = [
            ("detail", {"slug": slug}),
            ("activities", {"slug": slug}),
            ("activity", {"slug": slug, "pk": platform.pk}),
            ("activity", {"slug": slug, "pk": training.pk}),
            ("activity_create", {"slug": slug, "kind": ActivityKind.CAMPAIGN}),
            ("meeting", {"slug": slug, "pk": meeting.pk}),
            ("agreement", {"slug": slug, "pk": agreement.pk}),
            ("commitments", {"slug": slug}),
            ("commitment", {"slug": slug, "pk": commitment.pk}),
            ("dashboard", {"slug": slug}),
        ]
        return [reverse(f"cities:{name}", kwargs=kwargs)[len("/en") :] for name, kwargs in names]


def test_every_workspace_page_fits_a_phone_in_every_language(
    live_server: Any, phone_page: Any, demo: Any
) -> None:
    page = phone_page
    log_in_page(page, live_server, "coordinator-lima", "plaza-demo")
    too_wide = []
    for language in ("en", "es", "fr", "th", "hi"):
        for path in _workspace_paths("lima"):
            response = page.goto(f"{live_server.url}/{language}{path}")
            assert response is not None and response.status == 200, (language, path)
            width = page_width(page)
            if width > 360:
                too_wide.append((language, path, width))
    assert too_wide == [], too_wide
