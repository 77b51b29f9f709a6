"""Acceptance (issue 14): on a 360-px phone, coordinator-lima completes a meeting's minutes, moves
a commitment's due date and marks a campaign milestone reached; each record's History section
shows the change; an out-of-scope attendee id in the API is refused and nothing is written."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from plaza.accounts.roles import Role
from plaza.cities import services
from plaza.cities.models import ActivityKind, Participation
from tests.accounts.factories import PASSWORD, user_with_role
from tests.cities.factories import (
    ActivityFactory,
    CityFactory,
    CommitmentFactory,
    MeetingFactory,
    PlatformFactory,
)
from tests.conftest import log_in_page, page_width
from tests.directory.factories import OrganizationFactory, PositionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Any) -> None:
    assert page_width(page) <= 360


def test_coordinator_corrects_three_records_on_a_phone(live_server: Any, phone_page: Any) -> None:
    lima: Any = CityFactory(slug="lima", name="Lima")
    accra: Any = CityFactory(slug="accra", name="Accra", country="GH")
    accra_person: Any = PositionFactory(
        organization=OrganizationFactory(slug="accra-traders", cities=[accra], country="GH")
    ).person
    platform: Any = PlatformFactory(city=lima, title="Mesa de diálogo de La Parada")
    meeting: Any = MeetingFactory(platform=platform, minutes="", is_public=False)
    commitment: Any = CommitmentFactory(
        agreement__platform=platform, due_date=datetime.date(2026, 6, 30)
    )
    campaign: Any = ActivityFactory(
        city=lima,
        kind=ActivityKind.CAMPAIGN,
        title="Campaña de sombra",
        end_date=datetime.date(2026, 9, 30),
        objective="Toldos",
    )
    coordinator = user_with_role(
        Role.CITY_COORDINATOR, username="coordinator-lima", first_name="Rosa", scopes=[lima]
    )
    milestone = services.add_milestone(
        coordinator, campaign, title="Lanzamiento", due_date=datetime.date(2026, 4, 1)
    )
    page = phone_page
    log_in_page(page, live_server, coordinator.username, PASSWORD)
    base = f"{live_server.url}/en/cities/lima"

    # 1. Minutes written after the meeting.
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.click("text=Record what happened")
    _fits(page)
    page.fill("textarea[name=minutes]", "Se acordó instalar caños de agua.")
    page.click("button[name=save]")
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    history = page.locator("#history").inner_text()
    assert "Minutes" in history and "Se acordó instalar caños de agua." in history
    assert "Rosa" in history
    _fits(page)

    # 2. The due date moves.
    page.goto(f"{base}/commitments/{commitment.pk}/")
    page.click("main a:text-is('Correct')")
    page.fill("input[name=due_date]", "2026-08-15")
    page.click("button[name=save]")
    page.wait_for_url(f"**/commitments/{commitment.pk}/")
    history = page.locator("#history").inner_text()
    assert "By when" in history and "2026" in history
    commitment.refresh_from_db()
    assert commitment.due_date == datetime.date(2026, 8, 15)
    _fits(page)

    # 3. The milestone is reached.
    page.goto(f"{base}/activities/{campaign.pk}/")
    page.click(f"#milestone-{milestone.pk} a")
    page.fill("input[name=reached_on]", "2026-04-03")
    page.click("button[name=save]")
    page.wait_for_url(f"**/activities/{campaign.pk}/*")
    assert "reached on" in page.locator(f"#milestone-{milestone.pk}").inner_text()
    history = page.locator("#history").inner_text()
    assert "Reached on" in history and "Lanzamiento" in history
    _fits(page)

    # 4. An Accra person as attendee through the API: refused, nothing written.
    before = Participation.objects.count()
    status = page.evaluate(
        """async ([url, person]) => {
            const token = document.querySelector('input[name=csrfmiddlewaretoken]')?.value
                || document.cookie.split('; ').find(c => c.startsWith('csrftoken='))?.split('=')[1];
            const r = await fetch(url, {method: 'PATCH', headers: {'Content-Type': 'application/json',
                'X-CSRFToken': token}, body: JSON.stringify({attendees: [person]})});
            return r.status;
        }""",
        [f"{live_server.url}/api/cities/meetings/{meeting.pk}", accra_person.pk],
    )
    assert status == 400
    assert Participation.objects.count() == before
    meeting.refresh_from_db()
    assert meeting.minutes == "Se acordó instalar caños de agua."
