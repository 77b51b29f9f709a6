"""Organisations of the focal cities for the demo.

Organisations marked ``real=True`` exist; only facts we are sure of are given (name, kind, city,
sector and, where certain, website and founding year). Everything else (people, positions,
consent, membership figures, uncertain affiliations, the institutional member) is invented and
carries is_demo=True.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from plaza.cities.models import City
from plaza.core.models import Sector
from plaza.core.sectors import SectorCode
from plaza.demo import DemoContext, set_related, upsert
from plaza.directory.models import (
    Consent,
    ConsentMethod,
    ConsentScope,
    Gender,
    MembershipFigure,
    Organization,
    OrganizationKind,
    OrganizationRelationship,
    Person,
    Position,
    PositionTitle,
    RelationshipKind,
)

K = OrganizationKind
S = SectorCode


@dataclass
class DemoOrg:
    slug: str
    name: str
    kind: str
    city: str
    country: str
    real: bool
    acronym: str = ""
    sectors: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    website: str = ""
    founded: int | None = None
    description: str = ""
    # (relationship kind, other organisation's slug, is the relationship a known fact?)
    relationships: list[tuple[str, str, bool]] = field(default_factory=list)
    # Invented people: (name, gender, position)
    people: list[tuple[str, str, str]] = field(default_factory=list)
    members: int = 0  # invented membership (latest year); 0 for no figures


ORGANISATIONS = [
    # Accra
    DemoOrg(
        "streetnet-ghana-alliance",
        "StreetNet Ghana Alliance",
        K.MBO,
        "accra",
        "GH",
        True,
        acronym="SNGA",
        sectors=[S.STREET_VENDORS, S.MARKET_PORTERS],
        languages=["en"],
        description="Alliance of street vendors' and market traders' organisations in Ghana, "
        "affiliated to StreetNet International.",
        relationships=[(RelationshipKind.AFFILIATED_TO, "streetnet-international", True)],
        people=[
            ("Abena Owusu", Gender.WOMAN, PositionTitle.PRESIDENT),
            ("Kwame Asante", Gender.MAN, PositionTitle.GENERAL_SECRETARY),
            ("Efua Boateng", Gender.WOMAN, PositionTitle.ORGANISER),
        ],
        members=7800,
    ),
    DemoOrg(
        "makola-market-traders",
        "Makola Market traders",
        K.MBO,
        "accra",
        "GH",
        True,
        sectors=[S.STREET_VENDORS, S.MARKET_PORTERS],
        languages=["en"],
        description="Traders of Makola Market, Accra's central market.",
        relationships=[(RelationshipKind.MEMBER_OF, "streetnet-ghana-alliance", False)],
        people=[
            ("Adjoa Mensah", Gender.WOMAN, PositionTitle.LEADER),
            ("Akosua Darko", Gender.WOMAN, PositionTitle.TREASURER),
        ],
        members=2100,
    ),
    DemoOrg(
        "accra-metropolitan-assembly",
        "Accra Metropolitan Assembly",
        K.MUNICIPAL_AUTHORITY,
        "accra",
        "GH",
        True,
        acronym="AMA",
        languages=["en"],
        description="The local government authority of the city of Accra.",
        people=[("Yaw Ofori", Gender.MAN, PositionTitle.OFFICIAL)],
    ),
    # Lima
    DemoOrg(
        "fedeval",
        "Federación Departamental de Vendedores Ambulantes de Lima",
        K.MBO,
        "lima",
        "PE",
        True,
        acronym="FEDEVAL",
        sectors=[S.STREET_VENDORS],
        languages=["es"],
        description="Federation of street vendors' organisations of the department of Lima.",
        relationships=[(RelationshipKind.AFFILIATED_TO, "streetnet-international", False)],
        people=[
            ("Gladys Huamán", Gender.WOMAN, PositionTitle.PRESIDENT),
            ("Julio Mamani", Gender.MAN, PositionTitle.SECRETARY),
            ("Marina Condori", Gender.WOMAN, PositionTitle.TREASURER),
        ],
        members=5400,
    ),
    DemoOrg(
        "municipalidad-de-lima",
        "Municipalidad Metropolitana de Lima",
        K.MUNICIPAL_AUTHORITY,
        "lima",
        "PE",
        True,
        acronym="MML",
        languages=["es"],
        website="https://www.munlima.gob.pe",
        description="The metropolitan government of Lima.",
        people=[("Carlos Rojas", Gender.MAN, PositionTitle.OFFICIAL)],
    ),
    DemoOrg(
        "municipalidad-la-victoria",
        "Municipalidad de La Victoria",
        K.MUNICIPAL_AUTHORITY,
        "lima",
        "PE",
        True,
        languages=["es"],
        description="The district municipality of La Victoria, where the La Parada market is.",
    ),
    # Bangkok
    DemoOrg(
        "homenet-thailand",
        "HomeNet Thailand",
        K.MBO,
        "bangkok",
        "TH",
        True,
        sectors=[S.HOME_BASED_WORKERS],
        languages=["th"],
        description="Network of home-based workers' groups in Thailand.",
        relationships=[(RelationshipKind.AFFILIATED_TO, "homenet-international", False)],
        people=[
            ("Suda Wongsa", Gender.WOMAN, PositionTitle.COORDINATOR),
            ("Malee Chaiyo", Gender.WOMAN, PositionTitle.LEADER),
            ("Prasert Boonmee", Gender.MAN, PositionTitle.MEMBER),
        ],
        members=3200,
    ),
    DemoOrg(
        "bangkok-metropolitan-administration",
        "Bangkok Metropolitan Administration",
        K.MUNICIPAL_AUTHORITY,
        "bangkok",
        "TH",
        True,
        acronym="BMA",
        languages=["th"],
        website="https://www.bangkok.go.th",
        description="The local government of Bangkok.",
        people=[("Niran Saelim", Gender.MAN, PositionTitle.OFFICIAL)],
    ),
    # Delhi
    DemoOrg(
        "sewa",
        "Self Employed Women's Association",
        K.MBO,
        "delhi",
        "IN",
        True,
        acronym="SEWA",
        sectors=[S.HOME_BASED_WORKERS, S.STREET_VENDORS, S.WASTE_PICKERS, S.DOMESTIC_WORKERS],
        languages=["hi", "en"],
        website="https://www.sewa.org",
        founded=1972,
        description="Trade union of women workers in the informal economy, founded in "
        "Ahmedabad in 1972; it organises women workers in Delhi too.",
        relationships=[(RelationshipKind.AFFILIATED_TO, "homenet-international", False)],
        people=[
            ("Sunita Devi", Gender.WOMAN, PositionTitle.ORGANISER),
            ("Meena Kumari", Gender.WOMAN, PositionTitle.LEADER),
            ("Rekha Yadav", Gender.WOMAN, PositionTitle.SECRETARY),
        ],
        members=9500,
    ),
    DemoOrg(
        "nasvi",
        "National Association of Street Vendors of India",
        K.MBO,
        "delhi",
        "IN",
        True,
        acronym="NASVI",
        sectors=[S.STREET_VENDORS],
        languages=["hi", "en"],
        description="National federation of street vendors' organisations in India.",
        relationships=[(RelationshipKind.AFFILIATED_TO, "streetnet-international", False)],
        people=[("Rajesh Kumar", Gender.MAN, PositionTitle.COORDINATOR)],
        members=4000,
    ),
    DemoOrg(
        "municipal-corporation-of-delhi",
        "Municipal Corporation of Delhi",
        K.MUNICIPAL_AUTHORITY,
        "delhi",
        "IN",
        True,
        acronym="MCD",
        languages=["hi", "en"],
        description="The municipal government of Delhi.",
        people=[("Anil Verma", Gender.MAN, PositionTitle.OFFICIAL)],
    ),
    # Dakar
    DemoOrg(
        "bokk-diom",
        "Bokk Diom",
        K.MBO,
        "dakar",
        "SN",
        True,
        sectors=[S.WASTE_PICKERS],
        languages=["fr", "wo"],
        description="Association of the waste pickers of the Mbeubeuss landfill near Dakar.",
        relationships=[(RelationshipKind.AFFILIATED_TO, "globalrec", False)],
        people=[
            ("Fatou Ndiaye", Gender.WOMAN, PositionTitle.PRESIDENT),
            ("Moussa Sarr", Gender.MAN, PositionTitle.SECRETARY),
        ],
        members=1200,
    ),
    DemoOrg(
        "ville-de-dakar",
        "Ville de Dakar",
        K.MUNICIPAL_AUTHORITY,
        "dakar",
        "SN",
        True,
        languages=["fr"],
        description="The city government of Dakar.",
        people=[("Ibrahima Fall", Gender.MAN, PositionTitle.OFFICIAL)],
    ),
    # Mexico City
    DemoOrg(
        "sinactraho",
        "Sindicato Nacional de Trabajadores y Trabajadoras del Hogar",
        K.MBO,
        "mexico-city",
        "MX",
        True,
        acronym="SINACTRAHO",
        sectors=[S.DOMESTIC_WORKERS],
        languages=["es"],
        description="National union of domestic workers in Mexico.",
        relationships=[(RelationshipKind.AFFILIATED_TO, "idwf", False)],
        people=[
            ("Guadalupe Hernández", Gender.WOMAN, PositionTitle.GENERAL_SECRETARY),
            ("Rosa María López", Gender.WOMAN, PositionTitle.ORGANISER),
        ],
        members=1500,
    ),
    DemoOrg(
        "gobierno-cdmx",
        "Gobierno de la Ciudad de México",
        K.MUNICIPAL_AUTHORITY,
        "mexico-city",
        "MX",
        True,
        languages=["es"],
        website="https://www.cdmx.gob.mx",
        description="The government of Mexico City.",
        people=[("Javier Torres", Gender.MAN, PositionTitle.OFFICIAL)],
    ),
    DemoOrg(
        "demo-urban-research-centre",
        "Urban Informality Research Centre (demo)",
        K.INSTITUTIONAL_MEMBER,
        "mexico-city",
        "MX",
        False,
        sectors=[S.OTHER],
        languages=["es", "en"],
        description="An invented institutional member, for the demonstration only.",
        members=0,
    ),
]

# An invented staff member of a global network, so the demo representative sees someone.
NETWORK_PEOPLE = [("streetnet-international", "Nomvula Dlamini", Gender.WOMAN, PositionTitle.STAFF)]
YEARS = (2023, 2024, 2025)


def _person(name: str, gender: str, org: Organization, title: str, n: int) -> Person:
    person, _created = Person.objects.get_or_create(
        name=name,
        is_demo=True,
        defaults={
            "gender": gender,
            "phone": f"+00 555 01{n:02d}",
            "email": f"person{n}@demo.plaza.invalid",
            "address": "Invented address (demo)",
        },
    )
    Position.objects.get_or_create(
        person=person,
        organization=org,
        title=title,
        defaults={"start": datetime.date(2019 + n % 5, 1 + n % 12, 1), "is_demo": True},
    )
    scopes = [ConsentScope.CONTACT_BY_STAFF]
    if title in (PositionTitle.PRESIDENT, PositionTitle.GENERAL_SECRETARY, PositionTitle.LEADER):
        scopes.append(ConsentScope.LISTED_PUBLICLY)
    for scope in scopes:
        Consent.objects.get_or_create(
            person=person,
            scope=scope,
            defaults={
                "given_on": datetime.date(2024, 1 + n % 12, 1),
                "method": ConsentMethod.WRITTEN_FORM if n % 2 else ConsentMethod.VERBAL_RECORDED,
                "source": "Demo consent (invented)",
                "is_demo": True,
            },
        )
    return person


def load_cities(ctx: DemoContext) -> None:
    cities = {c.slug: c for c in City.objects.all()}
    n = 0
    for spec in ORGANISATIONS:
        org, _created = upsert(
            Organization,
            {"slug": spec.slug},
            {
                "name": spec.name,
                "acronym": spec.acronym,
                "kind": spec.kind,
                "country": spec.country,
                "languages": spec.languages,
                "website": spec.website,
                "founded": spec.founded,
                "description": spec.description,
                "is_demo": not spec.real,
            },
        )
        set_related(org.sectors, Sector.objects.filter(code__in=[str(s) for s in spec.sectors]))
        if spec.city in cities:
            set_related(org.cities, [cities[spec.city]])
        for name, gender, title in spec.people:
            n += 1
            _person(name, gender, org, title, n)
        if spec.members:
            for i, year in enumerate(YEARS):
                total = int(spec.members * (0.85 + 0.075 * i))
                women = int(total * 0.62)
                upsert(
                    MembershipFigure,
                    {"organization": org, "date": datetime.date(year, 12, 31)},
                    {
                        "total": total,
                        "women": women,
                        "men": total - women,
                        "source": "Demo figure (invented)",
                        "is_demo": True,
                    },
                )
    for spec in ORGANISATIONS:
        for kind, other_slug, known in spec.relationships:
            other = Organization.objects.filter(slug=other_slug).first()
            if other is None:
                continue
            OrganizationRelationship.objects.get_or_create(
                organization=Organization.objects.get(slug=spec.slug),
                kind=kind,
                related_organization=other,
                start=None,
                defaults={"is_demo": not known},
            )
    for slug, name, gender, title in NETWORK_PEOPLE:
        n += 1
        _person(name, gender, Organization.objects.get(slug=slug), title, n)
    ctx.summary["city organisations"] = len(ORGANISATIONS)
    ctx.summary["demo people"] = Person.objects.filter(is_demo=True).count()
