"""Schemas of the cities API. Private fields appear only for users who may see them."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from plaza.cities.models import Activity, Agreement, Commitment, Evidence, Meeting
from plaza.cities.models.activity import KIND_FIELDS
from plaza.core.types import User
from plaza.core.vocabularies import API_LABELS_DESCRIPTION, labels_of


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
        description="organisation, women, men, others, leaders_trained (only for staff and the "
        "city's coordinators; empty for others)"
    )
    leaders_are_places: bool = Field(
        False,
        description="true when unnamed leader numbers of several sessions were added up "
        "(training places: one leader at two sessions counts twice)",
    )


def attendance_data(summary: Any, *, private: bool = False) -> dict[str, Any]:
    """Totals for everyone; the rows by organisation only for the city's team."""
    return {
        "women": summary.women,
        "men": summary.men,
        "others": summary.others,
        "total": summary.total,
        "leaders_trained": summary.leaders,
        "leaders_are_places": summary.leaders_are_places,
        "women_share": summary.women_share,
        "by_organization": [
            {"organisation": n, "women": w, "men": m, "others": o, "leaders_trained": lt}
            for n, w, m, o, lt in summary.table_rows
        ]
        if private
        else [],
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
    labels: dict[str, Any] = Field(default_factory=dict, description=API_LABELS_DESCRIPTION)


def activity_data(activity: Activity, *, private: bool, user: User | None = None) -> dict[str, Any]:
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
        "attendance": attendance_data(participation_summary(activity=activity), private=private)
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
        "labels": labels_of(
            {
                "city": ("city", activity.city.slug),
                "kind": ("activity_kind", activity.kind),
                "language": ("language", activity.language),
                "status": ("activity_status", activity.status),
            }
        ),
    }


class CommitmentOut(Schema):
    id: int
    agreement: int
    city: str
    responsible_organization: str | None = Field(None, description="organisation slug")
    responsible: str
    action: str
    due_date: datetime.date
    status: str
    progress: int
    is_overdue: bool
    labels: dict[str, Any] = Field(default_factory=dict, description=API_LABELS_DESCRIPTION)


def commitment_data(c: Commitment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "agreement": c.agreement_id,
        "city": c.agreement.platform.city.slug,
        "responsible_organization": c.responsible_organization.slug
        if c.responsible_organization
        else None,
        "responsible": c.responsible,
        "action": c.action,
        "due_date": c.due_date,
        "status": c.status,
        "progress": c.progress,
        "is_overdue": c.is_overdue,
        "labels": labels_of({"status": ("commitment_status", c.status)}),
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
    file_name: str | None = None
    file_url: str | None = None  # the permission-checked address (there is no media URL)
    labels: dict[str, Any] = Field(default_factory=dict, description=API_LABELS_DESCRIPTION)


def evidence_data(e: Evidence) -> dict[str, Any]:
    return {
        "file_name": (e.original_name or None) if e.file else None,
        "file_url": e.get_file_url() if e.file else None,
        "id": e.pk,
        "date": e.date,
        "kind": e.kind,
        "note": e.note,
        "progress": e.progress,
        "status": e.status,
        "is_public": e.is_public,
        "labels": labels_of(
            {"kind": ("evidence_kind", e.kind), "status": ("commitment_status", e.status)}
        ),
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


def session_data(session: Any, *, private: bool = False) -> dict[str, Any]:
    from plaza.cities.stats import participation_summary

    return {
        "id": session.pk,
        "activity": session.activity_id,
        "date": session.date,
        "place": session.place,
        "topics": session.topics,
        "facilitators": session.facilitators,
        "attendance": attendance_data(participation_summary(session=session), private=private),
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
    responsible_person: int | None = Field(None, description="directory person id")


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


# --- corrections (PATCH: only the fields sent are changed) --------------------------------------


class MeetingPatch(Schema):
    date: datetime.date | None = None
    place: str | None = None
    is_online: bool | None = None
    agenda: str | None = None
    minutes: str | None = None
    closing_report: str | None = None
    language: str | None = None
    is_public: bool | None = None
    attendees: list[int] | None = Field(
        None, description="directory person ids; replaces the named attendees"
    )
    attendance: list[HeadcountIn] | None = Field(
        None, description="head counts; replace the meeting's head counts"
    )


class AgreementPatch(Schema):
    title: str | None = None
    details: str | None = None
    reached_on: datetime.date | None = None
    is_public: bool | None = None


class CommitmentPatch(Schema):
    responsible: str | None = None
    responsible_organization: str | None = Field(None, description="organisation slug")
    responsible_person: int | None = Field(None, description="directory person id")
    action: str | None = None
    due_date: datetime.date | None = None


class MilestoneIn(Schema):
    title: str
    due_date: datetime.date


class MilestonePatch(Schema):
    title: str | None = None
    due_date: datetime.date | None = None
    reached_on: datetime.date | None = None


class MilestoneOut(Schema):
    id: int
    activity: int
    title: str
    due_date: datetime.date
    reached_on: datetime.date | None


def milestone_data(m: Any) -> dict[str, Any]:
    return {
        "id": m.pk,
        "activity": m.activity_id,
        "title": m.title,
        "due_date": m.due_date,
        "reached_on": m.reached_on,
    }


class SessionPatch(Schema):
    date: datetime.date | None = None
    place: str | None = None
    topics: str | None = None
    facilitators: str | None = None
    attendance: list[AttendanceRowIn] | None = Field(
        None, description="rows by organisation; replace the session's attendance"
    )


class SeatIn(Schema):
    organization: str = Field(description="organisation slug")
    side: str = Field(description="workers, authority or other")
    representatives_note: str = ""
    representatives: list[int] = Field(default_factory=list, description="directory person ids")


class SeatPatch(Schema):
    side: str | None = None
    representatives_note: str | None = None
    representatives: list[int] | None = Field(None, description="directory person ids")


class SeatOut(Schema):
    id: int
    platform: int
    organization: str
    side: str
    representatives_note: str


def seat_data(seat: Any) -> dict[str, Any]:
    return {
        "id": seat.pk,
        "platform": seat.platform_id,
        "organization": seat.organization.slug,
        "side": seat.side,
        "representatives_note": seat.representatives_note,
    }


class ActivityPatch(Schema):
    fields: dict[str, Any] = Field(
        default_factory=dict, description="the fields to change, as in ActivityIn.fields"
    )
