"""Directory demo: the global worker networks and, per focal city, real organisations with
public facts only (is_demo=False), plus invented people, positions, consent and membership figures
(all is_demo=True). See plaza/demo/directory_cities.py for the city data."""

from __future__ import annotations

from plaza.core.models import Sector
from plaza.core.sectors import SectorCode
from plaza.demo import DemoContext, set_related, upsert
from plaza.demo.directory_cities import load_cities
from plaza.directory.models import Organization, OrganizationKind
from plaza.search.registry import index_object

# (slug, name, acronym, website, founded, sectors, description)
WORKER_NETWORKS = [
    (
        "streetnet-international",
        "StreetNet International",
        "StreetNet",
        "https://streetnet.org.za",
        2002,
        [SectorCode.STREET_VENDORS, SectorCode.MARKET_PORTERS],
        "International alliance of organisations of street vendors, market vendors and hawkers, "
        "launched in Durban in 2002.",
    ),
    (
        "homenet-international",
        "HomeNet International",
        "HNI",
        "https://homenetinternational.org",
        2021,
        [SectorCode.HOME_BASED_WORKERS],
        "Global network of membership-based organisations of home-based workers.",
    ),
    (
        "idwf",
        "International Domestic Workers Federation",
        "IDWF",
        "https://idwfed.org",
        2013,
        [SectorCode.DOMESTIC_WORKERS],
        "Global federation of domestic and household workers' organisations, founded in 2013.",
    ),
    (
        "globalrec",
        "Global Alliance of Waste Pickers",
        "GlobalRec",
        "https://globalrec.org",
        None,
        [SectorCode.WASTE_PICKERS],
        "Networking process of waste pickers' organisations in more than 30 countries.",
    ),
]


def load(ctx: DemoContext) -> None:
    for slug, name, acronym, website, founded, sectors, description in WORKER_NETWORKS:
        org, _created = upsert(
            Organization,
            {"slug": slug},
            {
                "name": name,
                "acronym": acronym,
                "kind": OrganizationKind.GLOBAL_NETWORK,
                "website": website,
                "founded": founded,
                "description": description,
                "is_demo": False,
            },
        )
        set_related(org.sectors, Sector.objects.filter(code__in=[s.value for s in sectors]))
    ctx.summary["worker networks"] = Organization.objects.filter(
        kind=OrganizationKind.GLOBAL_NETWORK
    ).count()
    load_cities(ctx)
    # The loaders write the organisations directly (not through services.create_organization,
    # which indexes): put them in the search index so `plaza reindex --check` stays clean.
    for org in Organization.objects.prefetch_related("cities", "sectors"):
        index_object(org)
