"""No N+1 queries (issue 17): every page kind of bench/pages.py runs a bounded number of
SQL queries, the same with 3 or 12 records per list.

The bounds are today's counts plus a little room; a page that starts running one query per
row fails at the larger data set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from plaza.accounts.roles import Role
from plaza.cities.models import City
from tests.accounts.factories import user_with_role
from tests.cities.factories import (
    ActivityFactory,
    CityFactory,
    CommitmentFactory,
    MeetingFactory,
    PlatformFactory,
)
from tests.directory.factories import OrganizationFactory
from tests.library.factories import resource_with_creators
from tests.statistics.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db

# (page kind, URL, max queries anonymous, max queries signed in as the city's coordinator)
PAGES = [
    ("home", "/en/", 2, 4),
    # The grouping and facets come from the per-process cache (library data version).
    ("library list", "/en/library/", 9, 15),
    ("library list, filtered", "/en/library/?type=law&lang=en", 9, 15),
    ("resource page", "{resource}", 18, 23),
    ("search, semantic on", "/en/search/?q=street+vendors", 15, 19),
    ("search, semantic off", "/en/search/?q=street+vendors&semantic=off", 14, 18),
    # Overview and key figures from the per-process cache (cities, statistics versions): 16/24.
    ("city page", "/en/cities/lima/", 6, 14),
    # Figures and charts from the per-process cache (cities data version): 15/19 before.
    ("city dashboard", "/en/cities/lima/dashboard/", 4, 8),
    ("commitments board", "/en/cities/lima/commitments/", 4, 8),
    # Figures, charts and the resources about the place from the cache: 15/17 and 13/17 before.
    ("statistics, country", "/en/statistics/country/pe/", 7, 9),
    ("statistics, city", "/en/statistics/city/lima/", 6, 10),
    ("directory", "/en/directory/", 7, 12),
    ("inquiry form", "/en/partnering/", 2, 7),
    ("API: resources", "/api/library/resources?limit=20", 8, 13),
    ("API: search", "/api/search?q=street", 9, 13),
]


def _data(size: int) -> dict[str, str]:
    lima: City = CityFactory.create(slug="lima", name="Lima", country="PE", languages=["es"])
    indicators = [IndicatorFactory() for _ in range(3)]
    for i in range(size):
        resource = resource_with_creators(
            ("Chen", "Martha"), "WIEGO", title=f"Street vendors {i}", type="law"
        )
        resource.cities.add(lima)  # labelled by name in the API: no query per resource
        OrganizationFactory()
        ActivityFactory(city=lima)
        platform = PlatformFactory(city=lima)
        MeetingFactory(platform=platform)
        CommitmentFactory(agreement__platform=platform)
        for indicator in indicators:
            ObservationFactory(indicator=indicator, year=2000 + i)
            ObservationFactory(indicator=indicator, country="", city=lima, year=2000 + i)
    law = resource_with_creators(("Vanek", "Joann"), title="Street vendors act", type="law")
    return {"resource": law.get_absolute_url()}


def _measure(client: Client, who: str, size: int, at_most: Callable[..., Any]) -> dict[str, int]:
    """Queries per page kind on a data set of ``size`` rows per list (bounds asserted)."""
    urls = _data(size)
    if who == "coordinator":
        lima = City.objects.get(slug="lima")
        user = user_with_role(Role.CITY_COORDINATOR, username=f"coord-{size}", scopes=[lima])
        client.force_login(user)
    counts = {}
    for kind, url, anonymous_max, coordinator_max in PAGES:
        bound = anonymous_max if who == "anonymous" else coordinator_max
        url = url.format(**urls)
        client.get(url)  # warm: per-process caches (index snapshot, templates)
        with (
            at_most(bound, info=f"{kind} ({who}, {size} rows)"),
            CaptureQueriesContext(connection) as captured,
        ):
            response = client.get(url)
        assert response.status_code == 200, url
        counts[kind] = len(captured)
    client.logout()
    return counts


@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_every_page_kind_runs_a_bounded_number_of_queries(
    client: Client, who: str, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    counts = {}
    for size in (3, 12):
        savepoint = transaction.savepoint()  # each data set alone, rolled back after
        counts[size] = _measure(client, who, size, django_assert_max_num_queries)
        transaction.savepoint_rollback(savepoint)
    grew = {
        kind: (counts[3][kind], counts[12][kind])
        for kind in counts[3]
        if counts[12][kind] > counts[3][kind]
    }
    assert not grew, f"queries grow with the rows (3 rows, 12 rows): {grew}"
