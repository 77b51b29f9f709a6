"""Invented focal-city work for the demo (all is_demo=True): per city, a dialogue platform with
meetings, demands, agreements, commitments and evidence, and one activity of each other kind.

Dates are relative to the day of loading so that "upcoming", "overdue" and "running" stay
meaningful; loading twice on the same day changes nothing (records are upserted on stable keys).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from plaza.cities.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Agreement,
    City,
    Commitment,
    CommitmentStatus,
    Demand,
    Evidence,
    Gender,
    LeadersTrained,
    Meeting,
    Milestone,
    Participation,
    PlatformSeat,
    PlatformType,
    SeatSide,
    Session,
)
from plaza.demo import DemoContext, set_related, upsert

# Platform title in the city's working language, and the issues on the table.
PLATFORM_TITLES = {
    "accra": ("Makola Market Dialogue Forum", "en"),
    "lima": ("Mesa de diálogo de comerciantes de La Victoria", "es"),
    "bangkok": ("เวทีเจรจาผู้ค้าหาบเร่แผงลอยกรุงเทพฯ", "th"),
    "delhi": ("दिल्ली पथ विक्रेता संवाद मंच", "hi"),
    "dakar": ("Cadre de concertation des récupérateurs de Mbeubeuss", "fr"),
    "mexico-city": ("Mesa de trabajo de trabajadoras del hogar", "es"),
}
AGREEMENTS = [
    (
        "Water points and toilets in the market",
        [
            ("Municipal market department", "Install four water points", -40, "done", 100),
            ("Municipal market department", "Open two public toilets", -10, "in-progress", 60),
            (
                "Worker organisation",
                "Keep a cleaning rota for the water points",
                20,
                "in-progress",
                50,
            ),
        ],
    ),
    (
        "No confiscation of goods without written notice",
        [
            (
                "City enforcement unit",
                "Issue a written instruction to officers",
                -5,
                "not-started",
                0,
            ),
            ("Worker organisation", "Train members on the notice procedure", 45, "not-started", 0),
        ],
    ),
    (
        "Vendors' identity cards recognised by the city",
        [
            (
                "City licensing office",
                "Recognise the organisation's identity cards",
                90,
                "blocked",
                20,
            )
        ],
    ),
]


def _days(today: datetime.date, n: int) -> datetime.date:
    return today + datetime.timedelta(days=n)


def _orgs(city: City) -> tuple[list[Any], list[Any]]:
    from plaza.directory.models import Organization, OrganizationKind

    orgs = list(Organization.objects.filter(cities=city).order_by("name"))
    authorities = [
        o
        for o in orgs
        if o.kind in (OrganizationKind.MUNICIPAL_AUTHORITY, OrganizationKind.NATIONAL_AUTHORITY)
    ]
    workers = [o for o in orgs if o.kind == OrganizationKind.MBO]
    return workers, authorities


def _activity(city: City, kind: str, title: str, values: dict[str, Any]) -> Activity:
    activity, _created = upsert(
        Activity, {"city": city, "title": title}, {"kind": kind, "is_demo": True, **values}
    )
    return activity


def _count(
    organization: Any, gender: str, count: int, *, session: Any = None, meeting: Any = None
) -> None:
    upsert(
        Participation,
        {"session": session, "meeting": meeting, "organization": organization, "gender": gender},
        {"count": count},
    )


def load_city_work(city: City, today: datetime.date) -> None:
    workers, authorities = _orgs(city)
    lead = workers[0] if workers else None
    title, language = PLATFORM_TITLES.get(city.slug, (f"{city.name} dialogue platform", "en"))
    platform = _activity(
        city,
        ActivityKind.DIALOGUE_PLATFORM,
        title,
        {
            "platform_type": PlatformType.NEGOTIATION,
            "language": language,
            "status": ActivityStatus.ONGOING,
            "start_date": _days(today, -420),
            "is_public": True,
            "description": "A standing table where worker organisations and the city negotiate "
            "working conditions in public space. (Demo data.)",
            "private_notes": "Demo: the city's negotiator changes after the elections.",
        },
    )
    set_related(platform.organizations, workers + authorities)
    for org in workers:
        upsert(
            PlatformSeat, {"platform": platform, "organization": org}, {"side": SeatSide.WORKERS}
        )
    for org in authorities:
        upsert(
            PlatformSeat,
            {"platform": platform, "organization": org},
            {"side": SeatSide.AUTHORITY, "representatives_note": "Head of the markets department"},
        )
    past, _c = upsert(
        Meeting,
        {"platform": platform, "agenda": "Water and toilets\nConfiscations\nIdentity cards"},
        {
            "date": _days(today, -60),
            "place": "City hall, meeting room 2",
            "language": language,
            "minutes": "Demo minutes: the parties reviewed the three issues and agreed as recorded.",
            "closing_report": "Three agreements reached; follow-up meeting in three months.",
            "is_public": True,
            "is_demo": True,
        },
    )
    upsert(
        Meeting,
        {"platform": platform, "agenda": "Review of commitments\nMarket renovation plans"},
        {
            "date": _days(today, 14),
            "place": "",
            "is_online": True,
            "language": language,
            "is_demo": True,
        },
    )
    for org, women, men in ((lead, 7, 3), (authorities[0] if authorities else None, 1, 2)):
        _count(org, Gender.WOMAN, women, meeting=past)
        _count(org, Gender.MAN, men, meeting=past)
    for text in ("Clean water in every market", "End confiscations of goods"):
        upsert(Demand, {"platform": platform, "text": text}, {"meeting": past, "raised_by": lead})
    for number, (agreement_title, commitments) in enumerate(AGREEMENTS):
        agreement, _c = upsert(
            Agreement,
            {"platform": platform, "title": agreement_title},
            {"meeting": past, "reached_on": past.date, "is_public": number < 2, "is_demo": True},
        )
        for who, what, due, status, progress in commitments:
            commitment, _c = upsert(
                Commitment,
                {"agreement": agreement, "responsible": who, "action": what},
                {
                    "due_date": _days(today, due),
                    "status": status,
                    "progress": progress,
                    "responsible_organization": lead if who.startswith("Worker") else None,
                    "is_demo": True,
                },
            )
            if progress:
                upsert(
                    Evidence,
                    {"commitment": commitment, "note": f"Demo: {what.lower()} at {progress}%."},
                    {
                        "date": _days(today, -20),
                        "progress": progress,
                        "status": status,
                        "is_public": True,
                    },
                )
    training = _activity(
        city,
        ActivityKind.CAPACITY_BUILDING,
        f"Leadership school for worker leaders, {city.name}",
        {
            "status": ActivityStatus.COMPLETED,
            "start_date": _days(today, -300),
            "end_date": _days(today, -250),
            "topics": "Negotiation\nPublic speaking\nReading a city budget",
            "leaders_trained": 18,
            "is_public": True,
            "outcomes": "Eighteen leaders trained; four now sit at the dialogue platform.",
        },
    )
    for n, (topic, women, men, leaders) in enumerate(
        (("Negotiation", 9, 4, 8), ("City budgets", 11, 3, 10))
    ):
        session, _c = upsert(
            Session,
            {"activity": training, "topics": topic},
            {
                "date": _days(today, -300 + 7 * n),
                "facilitators": "Demo facilitator",
                "place": city.name,
            },
        )
        _count(lead, Gender.WOMAN, women, session=session)
        _count(lead, Gender.MAN, men, session=session)
        upsert(LeadersTrained, {"session": session, "organization": lead}, {"count": leaders})
        if len(workers) > 1:  # a second organisation at the school, when the city has one
            _count(workers[1], Gender.WOMAN, 3, session=session)
            _count(workers[1], Gender.OTHER, 1, session=session)
    campaign = _activity(
        city,
        ActivityKind.CAMPAIGN,
        f"“Vendors build {city.name}” public campaign",
        {
            "status": ActivityStatus.ONGOING,
            "start_date": _days(today, -30),
            "end_date": _days(today, 60),
            "objective": "Challenge the stereotype of vendors as a nuisance; win a city council "
            "resolution on vending zones.",
            "audience": "City residents, journalists, council members",
            "is_public": True,
        },
    )
    for label, due, reached in (
        ("Launch with the press", -30, True),
        ("Council hearing", 40, False),
    ):
        upsert(
            Milestone,
            {"activity": campaign, "title": label},
            {"due_date": _days(today, due), "reached_on": _days(today, due) if reached else None},
        )
    _activity(
        city,
        ActivityKind.RESEARCH,
        f"Counting vendors in central {city.name}",
        {
            "status": ActivityStatus.ONGOING,
            "start_date": _days(today, -90),
            "question": "How many vendors work in the central markets, and how many are women?",
            "requesting_organization": lead,
            "is_public": True,
        },
    )
    rights = _activity(
        city,
        ActivityKind.RIGHTS_EDUCATION,
        f"Know your rights: vending by-laws of {city.name}",
        {
            "status": ActivityStatus.COMPLETED,
            "start_date": _days(today, -150),
            "end_date": _days(today, -150),
            "rights_covered": "Municipal vending by-law\nRight to due process before confiscation",
            "is_public": False,
        },
    )
    session, _c = upsert(
        Session,
        {"activity": rights, "topics": "The vending by-law"},
        {"date": _days(today, -150), "facilitators": "Demo lawyer", "place": city.name},
    )
    _count(lead, Gender.WOMAN, 21, session=session)
    _count(lead, Gender.MAN, 6, session=session)
    _count(None, Gender.OTHER, 1, session=session)
    upsert(LeadersTrained, {"session": session, "organization": lead}, {"count": 5})
    _activity(
        city,
        ActivityKind.TECHNICAL_SUPPORT,
        f"Help with a grant proposal, {city.name}",
        {
            "status": ActivityStatus.COMPLETED,
            "start_date": _days(today, -200),
            "request": "Review of the organisation's first grant proposal",
            "requesting_organization": lead,
            "provided": "Two review sessions and a budget template",
            "is_public": False,
        },
    )


def load_work(ctx: DemoContext) -> None:
    today = timezone.localdate()
    for city in City.objects.all():
        load_city_work(city, today)
    ctx.summary["demo city activities"] = Activity.objects.filter(is_demo=True).count()
    ctx.summary["demo commitments"] = Commitment.objects.filter(
        Q(is_demo=True), ~Q(status=CommitmentStatus.CANCELLED)
    ).count()
