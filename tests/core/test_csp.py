"""Issue 13 item 1: a strict Content-Security-Policy on every page, and Plaza's own pages break
none of it (no inline script, no inline event handler, nothing from another origin).

Chromium visits one page of every kind, anonymous and logged in, and listens for
``securitypolicyviolation`` events and CSP console messages: it expects none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from plaza.accounts.roles import Role
from tests.accounts.factories import PASSWORD, user_with_role
from tests.cities.factories import (
    AgreementFactory,
    CommitmentFactory,
    MeetingFactory,
    PlatformFactory,
)
from tests.conftest import log_in_page
from tests.directory.factories import OrganizationFactory, PositionFactory
from tests.library.factories import resource_with_creators
from tests.statistics.factories import IndicatorFactory, ObservationFactory

LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile
    + ':' + e.lineNumber);
});
"""


@pytest.mark.django_db
def test_every_page_carries_the_policy(client: Client) -> None:
    for url in ("/en/", "/en/library/", "/api/docs", "/en/accounts/login/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert policy == settings.CONTENT_SECURITY_POLICY, url
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in settings.CONTENT_SECURITY_POLICY


@pytest.fixture
def site(lima: Any) -> dict[str, str]:
    """One record of every kind the pages show, with figures so that charts are drawn."""
    organization: Any = OrganizationFactory(name="Red de Recicladores", slug="red", cities=[lima])
    position: Any = PositionFactory(organization=organization)
    platform: Any = PlatformFactory(city=lima, title="Mesa de diálogo")
    meeting: Any = MeetingFactory(platform=platform, is_public=True)
    agreement: Any = AgreementFactory(platform=platform, is_public=True)
    commitment: Any = CommitmentFactory(agreement=agreement)
    resource: Any = resource_with_creators(("Roever", "Sally"), title="Street vendors in Lima")
    indicator = IndicatorFactory(code="INFORMAL_SHARE")
    for year, value in ((2018, 70), (2019, 71), (2020, 72)):
        ObservationFactory(indicator=indicator, year=year, value=value, country="PE")
        ObservationFactory(indicator=indicator, year=year, value=value, country="", city=lima)
    return {
        "person (logged in)": position.person.get_absolute_url(),
        "home": "/en/",
        "search": "/en/search/?q=vendors",
        "library": "/en/library/",
        "resource": resource.get_absolute_url(),
        "cities": "/en/cities/",
        "city": f"/en/cities/{lima.slug}/",
        "dashboard": f"/en/cities/{lima.slug}/dashboard/",
        "activity": platform.get_absolute_url(),
        "meeting": meeting.get_absolute_url(),
        "commitment": commitment.get_absolute_url(),
        "timeline": f"/en/cities/{lima.slug}/timeline/",
        "directory": "/en/directory/",
        "organization": organization.get_absolute_url(),
        "statistics": "/en/statistics/",
        "statistics-country": "/en/statistics/country/PE/",
        "statistics-city": f"/en/statistics/city/{lima.slug}/",
        "partnering": "/en/partnering/",
        "login": "/en/accounts/login/",
        "api-docs": "/api/docs",
    }


@pytest.fixture
def watched_page(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.add_init_script(LISTEN)
    page = context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    yield page, console
    context.close()


def _visit(page: Any, console: list[str], base: str, urls: dict[str, str]) -> list[str]:
    problems = []
    for kind, url in urls.items():
        response = page.goto(base + url, wait_until="networkidle")
        assert response is not None and response.status < 400, (kind, url, response.status)
        violations = page.evaluate("window.__csp")
        problems += [f"{kind} {url}: {v}" for v in violations]
        problems += [f"{kind} {url}: console: {c}" for c in console]
        console.clear()
    return problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_page_breaks_the_policy(
    live_server: Any, watched_page: tuple[Any, list[str]], site: dict[str, str], lima: Any
) -> None:
    page, console = watched_page
    anonymous = {k: v for k, v in site.items() if "logged in" not in k}
    assert _visit(page, console, live_server.url, anonymous) == []
    # The API docs page really works under the policy (Swagger UI drew the operations).
    page.goto(live_server.url + "/api/docs", wait_until="networkidle")
    assert page.locator(".opblock").count() > 0
    user_with_role(Role.CITY_COORDINATOR, username="coord", scopes=[lima], is_staff=True)
    user_with_role(Role.ADMINISTRATOR, username="root", is_superuser=True, is_staff=True)
    log_in_page(page, live_server, "root", PASSWORD)
    logged_in = {
        **site,
        "profile": "/en/accounts/profile/",
        "library-new": "/en/library/new/",
        "curation": "/en/library/curation/",
        "activity-edit": site["activity"] + "edit/",
        "queue": "/en/partnering/queue/",
        "directory-import": "/en/directory/import/",
        "statistics-import": "/en/statistics/import/",
        "admin": "/admin/",
        "admin-resources": "/admin/library/resource/",
        "admin-resource-add": "/admin/library/resource/add/",
        "admin-import": "/admin/library/resource/import/",
    }
    assert _visit(page, console, live_server.url, logged_in) == []
