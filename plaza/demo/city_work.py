"""Invented focal-city work for the demo (all is_demo=True): per city, a dialogue platform with
meetings, demands, agreements, commitments and evidence (texts in data/city_work.yaml, in the
platform's language), and one activity of each other kind.

Dates are relative to the day of loading so that "upcoming", "overdue" and "running" stay
meaningful; loading twice on the same day changes nothing (records are upserted on stable keys).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from plaza.cities.indexing import index_city
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
from plaza.demo import DemoContext, read_data, set_related, upsert


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


def load_city_work(city: City, today: datetime.date, data: dict[str, Any]) -> None:
    workers, authorities = _orgs(city)
    lead = workers[0] if workers else None
    platform_spec = data["platforms"].get(
        city.slug, {"title": f"{city.name} dialogue platform", "language": "en"}
    )
    title, language = platform_spec["title"], platform_spec["language"]
    texts = data["platform_texts"].get(language, data["platform_texts"]["en"])
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
            "description": texts["description"],
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
            {"side": SeatSide.AUTHORITY, "representatives_note": texts["representatives"]},
        )
    past, _c = upsert(
        Meeting,
        {"platform": platform, "agenda": texts["agenda"][0]},
        {
            "date": _days(today, -60),
            "place": texts["place"],
            "language": language,
            "minutes": texts["minutes"],
            "closing_report": texts["closing"],
            "is_public": True,
            "is_demo": True,
        },
    )
    upsert(
        Meeting,
        {"platform": platform, "agenda": texts["agenda"][1]},
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
    for text in texts["demands"]:
        upsert(Demand, {"platform": platform, "text": text}, {"meeting": past, "raised_by": lead})
    for number, agreement_spec in enumerate(texts["agreements"]):
        agreement, _c = upsert(
            Agreement,
            {"platform": platform, "title": agreement_spec["title"]},
            {"meeting": past, "reached_on": past.date, "is_public": number < 2, "is_demo": True},
        )
        for commitment_spec, state in zip(
            agreement_spec["commitments"], data["commitment_state"][number], strict=True
        ):
            who, what = commitment_spec["responsible"], commitment_spec["action"]
            due, status, progress = state["due_in_days"], state["status"], state["progress"]
            by_workers = state["by_workers"]
            commitment, _c = upsert(
                Commitment,
                {"agreement": agreement, "responsible": who, "action": what},
                {
                    "due_date": _days(today, due),
                    "status": status,
                    "progress": progress,
                    "responsible_organization": lead if by_workers else None,
                    "is_demo": True,
                },
            )
            if progress:
                upsert(
                    Evidence,
                    {
                        "commitment": commitment,
                        "note": texts["evidence"].format(what=what, progress=progress),
                    },
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
    data = read_data("city_work.yaml")
    for city in City.objects.all():
        load_city_work(city, today, data)
        # The records are upserted (the services record meetings and sessions as a user does,
        # one form at a time): index the city's work as its services do.
        index_city(city)
    ctx.summary["demo city activities"] = Activity.objects.filter(is_demo=True).count()
    ctx.summary["demo commitments"] = Commitment.objects.filter(
        Q(is_demo=True), ~Q(status=CommitmentStatus.CANCELLED)
    ).count()
