"""Schemas of the cities API. Private fields appear only for users who may see them."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from plaza.cities.models import Activity, Agreement, Commitment, Evidence, Meeting
from plaza.cities.models.activity import KIND_FIELDS


class CityOut(Schema):
    slug: str
    name: str
    country: str
    languages: list[str]
    time_zone: str
    year_joined: int | None


class LinkedResourceOut(Schema):
    id: int
    role: str = Field(description="linked, materials, produced or covered")
    title: str
    language: str
    type: str
    url: str


class AttendanceOut(Schema):
    women: int
    men: int
    others: int
    total: int
    leaders_trained: int
    women_share: int | None
    by_organization: list[dict[str, Any]] = Field(
        description="organisation, women, men, others, leaders_trained"
    )


def attendance_data(summary: Any) -> dict[str, Any]:
    return {
        "women": summary.women,
        "men": summary.men,
        "others": summary.others,
        "total": summary.total,
        "leaders_trained": summary.leaders,
        "women_share": summary.women_share,
        "by_organization": [
            {"organisation": n, "women": w, "men": m, "others": o, "leaders_trained": lt}
            for n, w, m, o, lt in summary.table_rows
        ],
    }


class ActivityOut(Schema):
    id: int
    city: str
    kind: str
    title: str
    description: str
    language: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    status: str
    is_public: bool
    is_demo: bool
    outcomes: str
    organizations: list[str]
    details: dict[str, Any] = Field(description="the fields of this kind of work")
    private_notes: str | None = Field(
        None, description="only for staff and the city's coordinators"
    )
    progress: int | None = Field(None, description="dialogue platforms: % implemented")
    attendance: AttendanceOut | None = Field(
        None, description="sessions (and platform meetings): totals of every session or meeting"
    )
    resources: list[LinkedResourceOut] = Field(
        default_factory=list,
        description="knowledge-base resources linked to the activity that the caller may see",
    )


def activity_data(activity: Activity, *, private: bool, user: Any = None) -> dict[str, Any]:
    from plaza.cities.selectors import activity_resources, platform_progress
    from plaza.cities.stats import participation_summary

    details: dict[str, Any] = {}
    for name in KIND_FIELDS.get(activity.kind, ()):
        value = getattr(activity, name)
        details[name] = value.slug if hasattr(value, "slug") else value
    return {
        "id": activity.pk,
        "city": activity.city.slug,
        "kind": activity.kind,
        "title": activity.title,
        "description": activity.description,
        "language": activity.language,
        "start_date": activity.start_date,
        "end_date": activity.end_date,
        "status": activity.status,
        "is_public": activity.is_public,
        "is_demo": activity.is_demo,
        "outcomes": activity.outcomes,
        "organizations": [o.slug for o in activity.organizations.all()],
        "details": details,
        "private_notes": activity.private_notes if private else None,
        "progress": platform_progress(activity) if activity.is_platform else None,
        "attendance": attendance_data(participation_summary(activity=activity))
        if activity.has_sessions or activity.is_platform
        else None,
        "resources": [
            {
                "id": link.resource.pk,
                "role": link.role,
                "title": link.resource.title,
                "language": link.resource.language,
                "type": link.resource.type,
                "url": link.resource.get_absolute_url(),
            }
            for group in activity_resources(user, activity)
            for link in group.links
        ],
    }


class CommitmentOut(Schema):
    id: int
    agreement: int
    responsible: str
    action: str
    due_date: datetime.date
    status: str
    progress: int
    is_overdue: bool


def commitment_data(c: Commitment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "agreement": c.agreement_id,
        "responsible": c.responsible,
        "action": c.action,
        "due_date": c.due_date,
        "status": c.status,
        "progress": c.progress,
        "is_overdue": c.is_overdue,
    }


class AgreementOut(Schema):
    id: int
    platform: int
    meeting: int | None
    title: str
    details: str
    reached_on: datetime.date
    is_public: bool
    progress: int
    commitments: list[CommitmentOut]


def agreement_data(a: Agreement) -> dict[str, Any]:
    return {
        "id": a.pk,
        "platform": a.platform_id,
        "meeting": a.meeting_id,
        "title": a.title,
        "details": a.details,
        "reached_on": a.reached_on,
        "is_public": a.is_public,
        "progress": a.progress,
        "commitments": [commitment_data(c) for c in a.commitments.all()],
    }


class MeetingOut(Schema):
    id: int
    platform: int
    date: datetime.date
    place: str
    is_online: bool
    agenda: list[str]
    is_public: bool
    minutes: str | None = Field(None, description="when public, or for the city's team")
    closing_report: str | None = None
    agreements: list[int]


def meeting_data(m: Meeting, *, private: bool) -> dict[str, Any]:
    show = private or m.is_public
    return {
        "id": m.pk,
        "platform": m.platform_id,
        "date": m.date,
        "place": m.place,
        "is_online": m.is_online,
        "agenda": m.agenda_items,
        "is_public": m.is_public,
        "minutes": m.minutes if show else None,
        "closing_report": m.closing_report if show else None,
        "agreements": [a.pk for a in m.agreements.all()],
    }


class EvidenceOut(Schema):
    id: int
    date: datetime.date
    kind: str
    note: str
    progress: int
    status: str
    is_public: bool


def evidence_data(e: Evidence) -> dict[str, Any]:
    return {
        "id": e.pk,
        "date": e.date,
        "kind": e.kind,
        "note": e.note,
        "progress": e.progress,
        "status": e.status,
        "is_public": e.is_public,
    }


class HeadcountIn(Schema):
    gender: str = Field(description="woman, man or other")
    count: int
    organization: str | None = Field(None, description="organisation slug")


class AttendanceRowIn(Schema):
    organization: str | None = Field(None, description="organisation slug; empty: not stated")
    women: int = 0
    men: int = 0
    others: int = 0
    leaders: int = Field(0, description="of whom leaders trained")


class SessionIn(Schema):
    date: datetime.date
    place: str = ""
    topics: str = ""
    facilitators: str = ""
    attendance: list[AttendanceRowIn] = Field(default_factory=list)


class SessionOut(Schema):
    id: int
    activity: int
    date: datetime.date
    place: str
    topics: str
    facilitators: str
    attendance: AttendanceOut


def session_data(session: Any) -> dict[str, Any]:
    from plaza.cities.stats import participation_summary

    return {
        "id": session.pk,
        "activity": session.activity_id,
        "date": session.date,
        "place": session.place,
        "topics": session.topics,
        "facilitators": session.facilitators,
        "attendance": attendance_data(participation_summary(session=session)),
    }


class AgreementIn(Schema):
    title: str
    details: str = ""
    is_public: bool = True


class CommitmentIn(Schema):
    agreement: int = Field(description="position of the agreement in this request, from 0")
    responsible: str
    action: str
    due_date: datetime.date
    responsible_organization: str | None = Field(None, description="organisation slug")


class MeetingIn(Schema):
    date: datetime.date
    place: str = ""
    is_online: bool = False
    agenda: str = ""
    minutes: str = ""
    closing_report: str = ""
    language: str = "en"
    is_public: bool = False
    demands: list[str] = Field(default_factory=list)
    attendance: list[HeadcountIn] = Field(default_factory=list)
    attendees: list[int] = Field(default_factory=list, description="directory person ids")
    agreements: list[AgreementIn] = Field(default_factory=list)
    commitments: list[CommitmentIn] = Field(default_factory=list)


class EvidenceIn(Schema):
    date: datetime.date
    progress: int
    status: str
    kind: str = "note"
    note: str = ""
    is_public: bool = False


class ActivityIn(Schema):
    kind: str
    title: str
    fields: dict[str, Any] = Field(
        default_factory=dict,
        description="other shared fields and the fields of the kind (organisations as slugs; "
        "resources as lists of knowledge-base resource ids: linked_resources, and materials "
        "for a campaign, produced_resources for research, laws_covered for rights education)",
    )
