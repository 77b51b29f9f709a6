"""Invented focal-city work for the demo (all is_demo=True): per city, a dialogue platform with
meetings, demands, agreements, commitments and evidence (texts in data/city_work.yaml, in the
platform's language), and one activity of each other kind.

Written through plaza.cities.services by the demo administrator, as a coordinator records the
work one form at a time (the services keep the index in step). Dates are relative to the day of
loading so that "upcoming", "overdue" and "running" stay meaningful: a record is found by a stable
key (a title, an agenda, a topic), created when missing and updated only where a value differs,
so loading twice on the same day writes nothing. Evidence, once recorded, is not redated.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.utils import timezone

from plaza.cities import services
from plaza.cities.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    City,
    Commitment,
    CommitmentStatus,
    Gender,
    Meeting,
    Milestone,
    PlatformSeat,
    PlatformType,
    SeatSide,
    Session,
)
from plaza.cities.services import (
    AgreementInput,
    AttendanceRow,
    CommitmentInput,
    DemandInput,
    Headcount,
)
from plaza.core.types import User
from plaza.demo import DemoContext, changed, differs, read_data
from plaza.demo.accounts import demo_actor


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


def _activity(user: User, city: City, kind: str, title: str, values: dict[str, Any]) -> Activity:
    """The city's activity of this title: created, or updated where ``values`` differ (the
    many-to-many ``organizations`` only when it holds other organisations)."""
    fields = {"title": title, **values}
    activity = Activity.objects.filter(city=city, title=title).first()
    if activity is None:
        return services.create_activity(user, city, kind, fields, is_demo=True)
    organizations = fields.pop("organizations", None)
    difference = changed(activity, fields)
    if organizations is not None and differs(activity.organizations, organizations):
        difference["organizations"] = organizations
    if difference:
        services.update_activity(user, activity, difference)
    return activity


def _seat(user: User, platform: Activity, org: Any, side: str, note: str = "") -> None:
    seat = PlatformSeat.objects.filter(platform=platform, organization=org).first()
    if seat is None or changed(seat, {"side": side, "representatives_note": note}):
        services.seat_at_table(user, platform, org, side, representatives_note=note)


def _meeting(
    user: User,
    platform: Activity,
    values: dict[str, Any],
    *,
    demands: Sequence[DemandInput] = (),
    attendance: Sequence[Headcount] = (),
    agreements: Sequence[AgreementInput] = (),
    commitments: Sequence[CommitmentInput] = (),
) -> Meeting:
    """The platform's meeting with this agenda: recorded with what was demanded and agreed, or
    updated where its own fields differ."""
    meeting = Meeting.objects.filter(platform=platform, agenda=values["agenda"]).first()
    if meeting is None:
        return services.record_meeting(
            user,
            platform,
            services.MeetingInput(**values, demands=list(demands), attendance=list(attendance)),
            agreements,
            commitments,
            is_demo=True,
        )
    if difference := changed(meeting, values):
        services.update_meeting(user, meeting, difference)
    for wanted in demands:  # a demand keeps the organisation that raised it
        demand = meeting.demands.filter(text=wanted.text.strip()).first()
        if demand is not None and (difference := changed(demand, {"raised_by": wanted.raised_by})):
            services.update_demand(user, demand, difference)
    return meeting


def _session(
    user: User, activity: Activity, topics: str, values: dict[str, Any], rows: list[AttendanceRow]
) -> None:
    session = Session.objects.filter(activity=activity, topics=topics).first()
    if session is None:
        services.add_session(user, activity, topics=topics, rows=rows, **values)
    elif difference := changed(session, values):
        services.update_session(user, session, difference)


def _agreements(
    user: User, platform: Activity, meeting: Meeting, today: datetime.date, data: dict[str, Any]
) -> None:
    """Bring the meeting's agreements and commitments to the dates of the day of loading, and
    record the evidence of progress each commitment lacks."""
    lead = _orgs(platform.city)[0][:1]
    for number, agreement in enumerate(meeting.agreements.order_by("pk")):
        if difference := changed(agreement, {"reached_on": meeting.date}):
            services.update_agreement(user, agreement, difference)
        states = data["commitment_state"][number]
        for commitment, state in zip(agreement.commitments.order_by("pk"), states, strict=True):
            values = {
                "due_date": _days(today, state["due_in_days"]),
                "responsible_organization": lead[0] if lead and state["by_workers"] else None,
            }
            if difference := changed(commitment, values):
                services.update_commitment(user, commitment, difference)
            _evidence(user, commitment, state, today, data["texts"])


def _evidence(
    user: User,
    commitment: Commitment,
    state: dict[str, Any],
    today: datetime.date,
    texts: dict[str, Any],
) -> None:
    progress = state["progress"]
    note = texts["evidence"].format(what=commitment.action, progress=progress)
    if progress and not commitment.evidence.filter(note=note).exists():
        services.record_evidence(
            user,
            commitment,
            date=_days(today, -20),
            progress=progress,
            status=state["status"],
            note=note,
            is_public=True,
        )


def load_city_work(user: User, city: City, today: datetime.date, data: dict[str, Any]) -> None:
    workers, authorities = _orgs(city)
    lead = workers[0] if workers else None
    authority = authorities[0] if authorities else None
    platform_spec = data["platforms"].get(
        city.slug, {"title": f"{city.name} dialogue platform", "language": "en"}
    )
    title, language = platform_spec["title"], platform_spec["language"]
    texts = data["platform_texts"].get(language, data["platform_texts"]["en"])
    # The city's other activities are written in the same language, naming the city in it.
    words = data["activity_texts"].get(language, data["activity_texts"]["en"])
    place = city.name_in(language)
    platform = _activity(
        user,
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
            "private_notes": words["private_notes"],
            "organizations": workers + authorities,
        },
    )
    for org in workers:
        _seat(user, platform, org, SeatSide.WORKERS)
    for org in authorities:
        _seat(user, platform, org, SeatSide.AUTHORITY, texts["representatives"])
    past = _meeting(
        user,
        platform,
        {
            "agenda": texts["agenda"][0],
            "date": _days(today, -60),
            "place": texts["place"],
            "language": language,
            "minutes": texts["minutes"],
            "closing_report": texts["closing"],
            "is_public": True,
        },
        # The city's worker organisation at the table raised them (the platform's demands are
        # the workers'; the authority answers them).
        demands=[DemandInput(text=text, raised_by=lead) for text in texts["demands"]],
        attendance=[
            Headcount(gender, count, organization=org)
            for org, women, men in ((lead, 7, 3), (authority, 1, 2))
            for gender, count in ((Gender.WOMAN, women), (Gender.MAN, men))
        ],
        agreements=[
            AgreementInput(title=spec["title"], is_public=number < 2)
            for number, spec in enumerate(texts["agreements"])
        ],
        commitments=[
            CommitmentInput(
                agreement_index=number,
                responsible=spec["responsible"],
                action=spec["action"],
                due_date=_days(today, state["due_in_days"]),
                responsible_organization=lead if state["by_workers"] else None,
            )
            for number, agreement in enumerate(texts["agreements"])
            for spec, state in zip(
                agreement["commitments"], data["commitment_state"][number], strict=True
            )
        ],
    )
    _agreements(user, platform, past, today, {**data, "texts": texts})
    _meeting(
        user,
        platform,
        {
            "agenda": texts["agenda"][1],
            "date": _days(today, 14),
            "place": "",
            "is_online": True,
            "language": language,
        },
    )
    training = _activity(
        user,
        city,
        ActivityKind.CAPACITY_BUILDING,
        words["training"].format(city=place),
        {
            "language": language,
            "status": ActivityStatus.COMPLETED,
            "start_date": _days(today, -300),
            "end_date": _days(today, -250),
            "topics": words["training_topics"],
            "leaders_trained": 18,
            "is_public": True,
            "outcomes": words["training_outcomes"],
        },
    )
    for n, (topic, women, men, leaders) in enumerate(
        zip(words["training_sessions"], (9, 11), (4, 3), (8, 10), strict=True)
    ):
        rows = [AttendanceRow(lead, women=women, men=men, leaders=leaders)]
        if len(workers) > 1:  # a second organisation at the school, when the city has one
            rows.append(AttendanceRow(workers[1], women=3, others=1))
        _session(
            user,
            training,
            topic,
            {
                "date": _days(today, -300 + 7 * n),
                "facilitators": words["facilitator"],
                "place": place,
            },
            rows,
        )
    campaign = _activity(
        user,
        city,
        ActivityKind.CAMPAIGN,
        words["campaign"].format(city=place),
        {
            "language": language,
            "status": ActivityStatus.ONGOING,
            "start_date": _days(today, -30),
            "end_date": _days(today, 60),
            "objective": words["campaign_objective"],
            "audience": words["campaign_audience"],
            "is_public": True,
        },
    )
    for label, due, reached in zip(words["milestones"], (-30, 40), (True, False), strict=True):
        due_date = _days(today, due)
        values = {"due_date": due_date, "reached_on": due_date if reached else None}
        milestone = Milestone.objects.filter(activity=campaign, title=label).first()
        if milestone is None:
            milestone = services.add_milestone(user, campaign, title=label, due_date=due_date)
        if difference := changed(milestone, values):
            services.update_milestone(user, milestone, difference)
    _activity(
        user,
        city,
        ActivityKind.RESEARCH,
        words["research"].format(city=place),
        {
            "language": language,
            "status": ActivityStatus.ONGOING,
            "start_date": _days(today, -90),
            "question": words["research_question"],
            "requesting_organization": lead,
            "is_public": True,
        },
    )
    rights = _activity(
        user,
        city,
        ActivityKind.RIGHTS_EDUCATION,
        words["rights"].format(city=place),
        {
            "language": language,
            "status": ActivityStatus.COMPLETED,
            "start_date": _days(today, -150),
            "end_date": _days(today, -150),
            "rights_covered": words["rights_covered"],
            "is_public": False,
        },
    )
    _session(
        user,
        rights,
        words["rights_session"],
        {"date": _days(today, -150), "facilitators": words["lawyer"], "place": place},
        [AttendanceRow(lead, women=21, men=6, leaders=5), AttendanceRow(None, others=1)],
    )
    _activity(
        user,
        city,
        ActivityKind.TECHNICAL_SUPPORT,
        words["support"].format(city=place),
        {
            "language": language,
            "status": ActivityStatus.COMPLETED,
            "start_date": _days(today, -200),
            "request": words["support_request"],
            "requesting_organization": lead,
            "provided": words["support_provided"],
            "is_public": False,
        },
    )


def load(ctx: DemoContext) -> None:
    user = demo_actor()
    today = timezone.localdate()
    data = read_data("city_work.yaml")
    for city in City.objects.all():
        load_city_work(user, city, today, data)
    ctx.summary["demo city activities"] = Activity.objects.filter(is_demo=True).count()
    ctx.summary["demo commitments"] = Commitment.objects.filter(
        Q(is_demo=True), ~Q(status=CommitmentStatus.CANCELLED)
    ).count()
