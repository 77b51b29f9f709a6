"""Writes on focal cities: each checks permission, validates, saves (one transaction), and the
models record history (django-simple-history)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from plaza.cities.indexing import index_agreement, index_city
from plaza.cities.models import (
    Activity,
    ActivityKind,
    ActivityResource,
    Agreement,
    City,
    CityNote,
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
    Session,
)
from plaza.cities.models.activity import (
    COMMON_FIELDS,
    KIND_FIELDS,
    KINDS_WITH_SESSIONS,
    RESOURCE_FIELDS,
    resource_field_names,
)
from plaza.cities.scope import (
    ORGANIZATIONS,
    PEOPLE,
    RESOURCES,
    ScopeErrors,
    in_scope,
)
from plaza.cities.uploads import check_evidence_file
from plaza.core.errors import require
from plaza.core.types import User, signed_in
from plaza.search import registry


def _by(user: User, *objs: Any) -> None:
    """Record ``user`` as the author of the next history rows of these objects (the API and the
    worker have no request for django-simple-history's middleware to read)."""
    for obj in objs:
        obj._history_user = user if getattr(user, "is_authenticated", False) else None


CITY_FIELDS = (
    "name",
    "country",
    "languages",
    "time_zone",
    "year_joined",
    "joined_on",
    "sequence",
    "summary",
    "names",
    "summaries",
)


@transaction.atomic
def create_city(user: User, *, slug: str, **fields: Any) -> City:
    """A new focal city (the network's staff decide which cities are focal)."""
    require(user, "cities.add_city", None, _("You cannot add focal cities."))
    city = City(slug=slug)
    _set_fields(city, fields, CITY_FIELDS)
    _by(user, city)
    city.save()
    return city


@transaction.atomic
def update_city(user: User, city: City, data: dict[str, Any]) -> City:
    """Correct a city's facts; its work is indexed again (the city is part of each document)."""
    require(user, "cities.change_city", city, _("You cannot change this city."))
    _set_fields(city, data, CITY_FIELDS)
    _by(user, city)
    city.save()
    index_city(city)
    return city


@transaction.atomic
def add_city_note(user: User, city: City, text: str) -> CityNote:
    require(user, "cities.add_citynote", city, _("You cannot add notes to this city."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("The note is empty.")})
    note = CityNote(city=city, author=signed_in(user), text=text)
    note.full_clean()
    note.save()
    return note


# --- activities -------------------------------------------------------------------------------


M2M_FIELDS = ("organizations", "responsible_people")


def _apply_activity_fields(
    user: User, activity: Activity, data: dict[str, Any]
) -> dict[str, list[Any]]:
    """Set the plain fields; return the many-to-many ones (and resource roles) to set after
    saving. Every organisation and person must be in the city's scope."""
    resource_fields = resource_field_names(activity.kind)
    allowed = set(COMMON_FIELDS) | set(KIND_FIELDS.get(activity.kind, ())) | set(resource_fields)
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(
            {name: _("This field does not belong to this kind of work.") for name in unknown}
        )
    scope = ScopeErrors(user=user, city=activity.city)
    for name, value in data.items():
        if name == "requesting_organization":
            value = scope.one(ORGANIZATIONS, value, name)
        if name not in M2M_FIELDS and name not in RESOURCE_FIELDS:
            setattr(activity, name, value)
    related = [*M2M_FIELDS, *resource_fields]
    values = {name: list(data[name]) for name in related if data.get(name) is not None}
    if "organizations" in values:
        values["organizations"] = scope.many(
            ORGANIZATIONS, values["organizations"], "organizations"
        )
    if "responsible_people" in values:
        values["responsible_people"] = scope.many(
            PEOPLE, values["responsible_people"], "responsible_people"
        )
    scope.raise_if_any()
    return values


def _linkable_resources(user: User, name: str, resources: list[Any]) -> list[Any]:
    """The resources (objects or ids) as Resource objects, if each is published and the user may
    see it; else a ValidationError naming the ones that are not."""
    ids = [getattr(r, "pk", r) for r in resources]
    bad = [str(i) for i in ids if not isinstance(i, int) or isinstance(i, bool)]
    if bad:
        raise ValidationError({name: _("Not a resource number: %(v)s") % {"v": ", ".join(bad)}})
    return in_scope(RESOURCES, ids, user=user, city=None, field=name)


def _validate_activity(user: User, activity: Activity, related: dict[str, list[Any]]) -> None:
    """Check the fields and the resources together, so one error message lists every problem;
    resources are replaced by the Resource objects found."""
    errors: dict[str, list[str]] = {}
    try:
        activity.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for name in [n for n in related if n in RESOURCE_FIELDS]:
        try:
            related[name] = _linkable_resources(user, name, related[name])
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


def _set_m2m(user: User, activity: Activity, values: dict[str, list[Any]]) -> None:
    for name, items in values.items():
        if name in RESOURCE_FIELDS:
            _set_resources(user, activity, name, items)
        else:
            getattr(activity, name).set(items)


def _set_resources(user: User, activity: Activity, name: str, resources: list[Any]) -> None:
    """Link exactly these resources in the role of field ``name``, in this order. Links to
    resources the user cannot see (e.g. withdrawn since, or private) are kept as they are."""
    from plaza.library.selectors import visible_resources

    role = RESOURCE_FIELDS[name]
    wanted = _linkable_resources(user, name, resources)
    links = activity.resource_links.filter(role=role)
    links.filter(resource__in=visible_resources(user)).exclude(
        resource_id__in=[r.pk for r in wanted]
    ).delete()
    for position, resource in enumerate(wanted):
        ActivityResource.objects.update_or_create(
            activity=activity, resource=resource, role=role, defaults={"position": position}
        )


@transaction.atomic
def create_activity(
    user: User, city: City, kind: str, data: dict[str, Any], *, is_demo: bool = False
) -> Activity:
    require(user, "cities.add_activity", city, _("You cannot add work in this city."))
    if kind not in ActivityKind.values:
        raise ValidationError({"kind": _("Unknown kind of work.")})
    activity = Activity(city=city, kind=kind, is_demo=is_demo)
    related = _apply_activity_fields(user, activity, data)
    _validate_activity(user, activity, related)
    activity.save()
    _set_m2m(user, activity, related)
    registry.index_object(activity)
    return activity


@transaction.atomic
def update_activity(user: User, activity: Activity, data: dict[str, Any]) -> Activity:
    require(user, "cities.change_activity", activity, _("You cannot change this work."))
    related = _apply_activity_fields(user, activity, data)
    _validate_activity(user, activity, related)
    _by(user, activity)
    activity.save()
    _set_m2m(user, activity, related)
    registry.index_object(activity)
    return activity


@dataclass
class Headcount:
    """People counted together: an organisation (or none) and a gender."""

    gender: str
    count: int
    organization: Any = None
    is_leader: bool = False


def _check_headcounts(headcounts: Iterable[Headcount]) -> list[Headcount]:
    rows = [h for h in headcounts if h.count]
    for h in rows:
        if h.gender not in Gender.values:
            raise ValidationError({"gender": _("Unknown gender.")})
        if h.count < 0:
            raise ValidationError({"count": _("A number of people cannot be negative.")})
    return rows


@dataclass
class AttendanceRow:
    """A session's attendance from one organisation (or none stated): numbers by gender and how
    many of them were leaders trained."""

    organization: Any = None
    women: int = 0
    men: int = 0
    others: int = 0
    leaders: int = 0

    @property
    def total(self) -> int:
        return self.women + self.men + self.others


def _check_attendance_rows(rows: Iterable[AttendanceRow]) -> list[AttendanceRow]:
    """The rows with someone in them; a ValidationError naming the row and the problem."""
    kept: list[AttendanceRow] = []
    seen: set[Any] = set()
    for number, row in enumerate(rows, start=1):
        numbers = (row.women, row.men, row.others, row.leaders)
        if any(n is None or n < 0 for n in numbers):
            raise ValidationError(
                {
                    "attendance": _("Row %(n)s: a number of people cannot be negative.")
                    % {"n": number}
                }
            )
        if not any(numbers):
            continue
        if row.leaders > row.total:
            raise ValidationError(
                {
                    "attendance": _(
                        "Row %(n)s: %(leaders)s leaders trained, but only %(total)s people "
                        "attended."
                    )
                    % {"n": number, "leaders": row.leaders, "total": row.total}
                }
            )
        key = getattr(row.organization, "pk", None)
        if key in seen:
            raise ValidationError(
                {
                    "attendance": _(
                        "Row %(n)s: this organisation already has a row; "
                        "put its numbers in one row."
                    )
                    % {"n": number}
                }
            )
        seen.add(key)
        kept.append(row)
    return kept


@transaction.atomic
def add_session(
    user: User,
    activity: Activity,
    *,
    date: datetime.date,
    place: str = "",
    topics: str = "",
    facilitators: str = "",
    attendance: Sequence[Headcount] = (),
    rows: Sequence[AttendanceRow] = (),
) -> Session:
    """A session of a training or rights course, with its attendance: ``rows`` per organisation
    (women, men, others, leaders trained), and/or plain ``attendance`` head counts."""
    require(user, "cities.change_activity", activity, _("You cannot change this work."))
    if activity.kind not in KINDS_WITH_SESSIONS:
        raise ValidationError({"activity": _("This kind of work has no sessions.")})
    session = Session(
        activity=activity, date=date, place=place, topics=topics, facilitators=facilitators
    )
    session.full_clean()
    checked_rows, headcounts = _scoped_attendance(user, activity.city, rows, attendance)
    _by(user, session)
    session.save()
    _write_session_attendance(session, checked_rows, headcounts)
    return session


def _scoped_attendance(
    user: User, city: Any, rows: Sequence[AttendanceRow], attendance: Sequence[Headcount]
) -> tuple[list[AttendanceRow], list[Headcount]]:
    """The attendance rows and head counts, checked, with their organisations in the city's
    scope (given as objects, ids or slugs)."""
    scope = ScopeErrors(user=user, city=city)
    for row in rows:
        row.organization = scope.one(ORGANIZATIONS, row.organization, "attendance")
    for headcount in attendance:
        headcount.organization = scope.one(ORGANIZATIONS, headcount.organization, "attendance")
    scope.raise_if_any()
    return _check_attendance_rows(rows), _check_headcounts(attendance)


def _write_session_attendance(
    session: Session, checked_rows: list[AttendanceRow], headcounts: list[Headcount]
) -> None:
    for h in headcounts:
        Participation.objects.create(
            session=session,
            organization=h.organization,
            gender=h.gender,
            count=h.count,
            is_leader=h.is_leader,
        )
    for row in checked_rows:
        for gender, count in (
            (Gender.WOMAN, row.women),
            (Gender.MAN, row.men),
            (Gender.OTHER, row.others),
        ):
            if count:
                Participation.objects.create(
                    session=session, organization=row.organization, gender=gender, count=count
                )
        if row.leaders:
            LeadersTrained.objects.create(
                session=session, organization=row.organization, count=row.leaders
            )


SESSION_FIELDS = ("date", "place", "topics", "facilitators")


@transaction.atomic
def update_session(
    user: User,
    session: Session,
    data: dict[str, Any],
    *,
    rows: Sequence[AttendanceRow] | None = None,
) -> Session:
    """Correct a session; ``rows``, when given, replace its attendance."""
    require(user, "cities.change_activity", session.activity, _("You cannot change this work."))
    _set_fields(session, data, SESSION_FIELDS)
    if rows is not None:
        checked_rows, headcounts = _scoped_attendance(user, session.activity.city, rows, ())
    _by(user, session)
    session.save()
    if rows is not None:
        session.participations.filter(person__isnull=True).delete()
        session.leaders_trained.all().delete()
        _write_session_attendance(session, checked_rows, headcounts)
    return session


def _set_fields(obj: Any, data: dict[str, Any], allowed: Sequence[str]) -> None:
    """Set the given fields (only those allowed), then validate the whole record, naming every
    field in error."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    for name, value in data.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(obj, name, value)
    obj.full_clean()


@transaction.atomic
def add_milestone(
    user: User, activity: Activity, *, title: str, due_date: datetime.date
) -> Milestone:
    require(user, "cities.change_activity", activity, _("You cannot change this work."))
    milestone = Milestone(activity=activity, title=title.strip(), due_date=due_date)
    milestone.full_clean()
    _by(user, milestone)
    milestone.save()
    return milestone


MILESTONE_FIELDS = ("title", "due_date", "reached_on")


@transaction.atomic
def update_milestone(user: User, milestone: Milestone, data: dict[str, Any]) -> Milestone:
    """Correct a milestone, or mark it reached (``reached_on``)."""
    require(user, "cities.change_activity", milestone.activity, _("You cannot change this work."))
    _set_fields(milestone, data, MILESTONE_FIELDS)
    _by(user, milestone)
    milestone.save()
    return milestone


@transaction.atomic
def seat_at_table(
    user: User,
    platform: Activity,
    organization: Any,
    side: str,
    representatives_note: str = "",
    representatives: Iterable[Any] = (),
) -> PlatformSeat:
    require(user, "cities.change_activity", platform, _("You cannot change this platform."))
    if not platform.is_platform:
        raise ValidationError({"platform": _("This work is not a dialogue platform.")})
    scope = ScopeErrors(user=user, city=platform.city)
    organization = scope.one(ORGANIZATIONS, organization, "organization")
    people = scope.many(PEOPLE, representatives, "representatives")
    scope.raise_if_any()
    if organization is None:
        raise ValidationError({"organization": _("Choose an organisation.")})
    seat = PlatformSeat.objects.filter(platform=platform, organization=organization).first()
    seat = seat or PlatformSeat(platform=platform, organization=organization)
    seat.side = side
    seat.representatives_note = representatives_note.strip()
    seat.full_clean()
    _by(user, seat)
    seat.save()
    seat.representatives.set(people)
    return seat


SEAT_FIELDS = ("side", "representatives_note")


@transaction.atomic
def update_seat(
    user: User,
    seat: PlatformSeat,
    data: dict[str, Any],
    *,
    representatives: Iterable[Any] | None = None,
) -> PlatformSeat:
    """Correct a seat at the table: the side, the roles, and (when given) the representatives."""
    require(user, "cities.change_activity", seat.platform, _("You cannot change this platform."))
    people = None
    if representatives is not None:
        people = in_scope(
            PEOPLE, representatives, user=user, city=seat.platform.city, field="representatives"
        )
    _set_fields(seat, data, SEAT_FIELDS)
    _by(user, seat)
    seat.save()
    if people is not None:
        seat.representatives.set(people)
    return seat


@transaction.atomic
def remove_seat(user: User, seat: PlatformSeat) -> None:
    require(user, "cities.change_activity", seat.platform, _("You cannot change this platform."))
    _by(user, seat)
    seat.delete()


# --- meetings, agreements, commitments ----------------------------------------------------------


@dataclass
class AgreementInput:
    title: str
    details: str = ""
    is_public: bool = True


@dataclass
class CommitmentInput:
    agreement_index: int  # position in the meeting's agreements, from 0
    responsible: str
    action: str
    due_date: datetime.date
    responsible_organization: Any = None
    responsible_person: Any = None


@dataclass
class DemandInput:
    """A demand brought to the meeting, and the organisation that raised it (when known)."""

    text: str
    raised_by: Any = None  # directory.Organization, in the platform's city


@dataclass
class MeetingInput:
    date: datetime.date
    place: str = ""
    is_online: bool = False
    agenda: str = ""
    minutes: str = ""
    closing_report: str = ""
    language: str = "en"
    is_public: bool = False
    demands: Sequence[str | DemandInput] = field(default_factory=list)  # a text: raised by no one
    attendance: list[Headcount] = field(default_factory=list)
    attendees: list[Any] = field(default_factory=list)  # directory.Person, counted one each


def _clean_or_collect(obj: Any, prefix: str, errors: dict[str, list[str]]) -> None:
    try:
        obj.full_clean(exclude=["platform", "agreement", "meeting"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(f"{prefix}{name}", []).extend(messages)


@transaction.atomic
def record_meeting(
    user: User,
    platform: Activity,
    meeting_input: MeetingInput,
    agreements: Sequence[AgreementInput] = (),
    commitments: Sequence[CommitmentInput] = (),
    *,
    is_demo: bool = False,
) -> Meeting:
    """Record a platform meeting with what was demanded and agreed, and who committed to what."""
    require(user, "cities.add_meeting", platform, _("You cannot record meetings here."))
    if not platform.is_platform:
        raise ValidationError({"platform": _("This work is not a dialogue platform.")})
    errors: dict[str, list[str]] = {}
    data = {
        k: v
        for k, v in vars(meeting_input).items()
        if k not in ("demands", "attendance", "attendees")
    }
    meeting = Meeting(platform=platform, recorded_by=signed_in(user), is_demo=is_demo, **data)
    _clean_or_collect(meeting, "", errors)
    agreement_objs = [
        Agreement(
            platform=platform,
            title=a.title.strip(),
            details=a.details.strip(),
            is_public=a.is_public,
            reached_on=meeting_input.date,
            is_demo=is_demo,
        )
        for a in agreements
    ]
    for i, ag in enumerate(agreement_objs):
        _clean_or_collect(ag, f"agreement-{i}-", errors)
    scope = ScopeErrors(user=user, city=platform.city)
    attendees = scope.many(PEOPLE, meeting_input.attendees, "attendees")
    for h in meeting_input.attendance:
        h.organization = scope.one(ORGANIZATIONS, h.organization, "attendance")
    demand_objs = []
    for i, d in enumerate(meeting_input.demands):
        d = d if isinstance(d, DemandInput) else DemandInput(text=d)
        if not d.text.strip():
            continue
        raised_by = scope.one(ORGANIZATIONS, d.raised_by, f"demand-{i}-raised_by")
        demand = Demand(platform=platform, text=d.text.strip(), raised_by=raised_by)
        _clean_or_collect(demand, f"demand-{i}-", errors)
        demand_objs.append(demand)
    commitment_objs: list[tuple[int, Commitment]] = []
    for i, c in enumerate(commitments):
        if not 0 <= c.agreement_index < len(agreement_objs):
            errors.setdefault(f"commitment-{i}-agreement", []).append(
                _("Choose one of the agreements recorded at this meeting.")
            )
            continue
        obj = Commitment(
            responsible=c.responsible.strip(),
            responsible_organization=scope.one(
                ORGANIZATIONS,
                c.responsible_organization,
                f"commitment-{i}-responsible_organization",
            ),
            responsible_person=scope.one(
                PEOPLE, c.responsible_person, f"commitment-{i}-responsible_person"
            ),
            action=c.action.strip(),
            due_date=c.due_date,
            is_demo=is_demo,
        )
        _clean_or_collect(obj, f"commitment-{i}-", errors)
        commitment_objs.append((c.agreement_index, obj))
    for name, messages in scope.errors.items():
        errors.setdefault(name, []).extend(messages)
    headcounts = _check_headcounts(meeting_input.attendance)
    if errors:
        raise ValidationError(errors)
    _by(user, meeting, *agreement_objs, *demand_objs, *(obj for _i, obj in commitment_objs))
    meeting.save()
    for ag in agreement_objs:
        ag.meeting = meeting
        ag.save()
    for index, obj in commitment_objs:
        obj.agreement = agreement_objs[index]
        obj.save()
        if obj.responsible_person_id:
            _notify_made_responsible(obj)
    for ag in agreement_objs:
        index_agreement(ag)
    for demand in demand_objs:
        demand.meeting = meeting
        demand.save()
    _write_meeting_attendance(meeting, attendees, headcounts)
    return meeting


def _write_meeting_attendance(
    meeting: Meeting, attendees: list[Any], headcounts: list[Headcount]
) -> None:
    seat_orgs = set(meeting.platform.seats.values_list("organization_id", flat=True))
    for person in attendees:
        add_named_participant(meeting=meeting, person=person, preferred_organizations=seat_orgs)
    for h in headcounts:
        Participation.objects.create(
            meeting=meeting,
            organization=h.organization,
            gender=h.gender,
            count=h.count,
            is_leader=h.is_leader,
        )


MEETING_FIELDS = (
    "date",
    "place",
    "is_online",
    "agenda",
    "minutes",
    "closing_report",
    "language",
    "is_public",
)


@transaction.atomic
def update_meeting(
    user: User,
    meeting: Meeting,
    data: dict[str, Any],
    *,
    attendees: Sequence[Any] | None = None,
    attendance: Sequence[Headcount] | None = None,
) -> Meeting:
    """Correct a meeting or complete it later (minutes, closing report; a planned meeting once
    held). ``attendees`` (people) and ``attendance`` (head counts), when given, replace the
    meeting's named attendees and its head counts."""
    require(user, "cities.change_meeting", meeting, _("You cannot change this meeting."))
    scope = ScopeErrors(user=user, city=meeting.platform.city)
    people = scope.many(PEOPLE, attendees, "attendees") if attendees is not None else None
    for h in attendance or ():
        h.organization = scope.one(ORGANIZATIONS, h.organization, "attendance")
    scope.raise_if_any()
    headcounts = _check_headcounts(attendance) if attendance is not None else None
    _set_fields(meeting, data, MEETING_FIELDS)
    _by(user, meeting)
    meeting.save()
    if people is not None:
        meeting.participations.filter(person__isnull=False).delete()
        _write_meeting_attendance(meeting, people, [])
    if headcounts is not None:
        meeting.participations.filter(person__isnull=True).delete()
        _write_meeting_attendance(meeting, [], headcounts)
    return meeting


DEMAND_FIELDS = ("text", "raised_by", "status")


@transaction.atomic
def update_demand(user: User, demand: Demand, data: dict[str, Any]) -> Demand:
    """Correct a demand's wording or the organisation that raised it, or follow where it stands
    (raised, under discussion, agreed, rejected)."""
    require(user, "cities.change_meeting", demand, _("You cannot change this demand."))
    data = dict(data)
    if "raised_by" in data:
        scope = ScopeErrors(user=user, city=demand.city)
        data["raised_by"] = scope.one(ORGANIZATIONS, data["raised_by"], "raised_by")
        scope.raise_if_any()
    _set_fields(demand, data, DEMAND_FIELDS)
    _by(user, demand)
    demand.save()
    return demand


AGREEMENT_FIELDS = ("title", "details", "reached_on", "is_public")


@transaction.atomic
def update_agreement(user: User, agreement: Agreement, data: dict[str, Any]) -> Agreement:
    """Correct an agreement's wording, date or public marking."""
    require(user, "cities.change_agreement", agreement, _("You cannot change this agreement."))
    _set_fields(agreement, data, AGREEMENT_FIELDS)
    _by(user, agreement)
    agreement.save()
    index_agreement(agreement)
    return agreement


COMMITMENT_FIELDS = (
    "responsible",
    "responsible_organization",
    "responsible_person",
    "action",
    "due_date",
)


@transaction.atomic
def update_commitment(user: User, commitment: Commitment, data: dict[str, Any]) -> Commitment:
    """Correct who must do what by when (progress and status move with evidence only)."""
    require(user, "cities.change_commitment", commitment, _("You cannot change this commitment."))
    data = dict(data)
    scope = ScopeErrors(user=user, city=commitment.city)
    if "responsible_organization" in data:
        data["responsible_organization"] = scope.one(
            ORGANIZATIONS, data["responsible_organization"], "responsible_organization"
        )
    if "responsible_person" in data:
        data["responsible_person"] = scope.one(
            PEOPLE, data["responsible_person"], "responsible_person"
        )
    scope.raise_if_any()
    before = commitment.responsible_person_id
    _set_fields(commitment, data, COMMITMENT_FIELDS)
    _by(user, commitment)
    commitment.save()
    registry.index_object(commitment)
    if commitment.responsible_person_id and commitment.responsible_person_id != before:
        _notify_made_responsible(commitment)
    return commitment


def _notify_made_responsible(commitment: Commitment) -> None:
    """Tell the responsible person (when they have an account) once the write is committed."""
    from plaza.cities import notices

    pk = commitment.pk
    transaction.on_commit(lambda: notices.made_responsible(pk))


def gender_of(person: Any) -> str:
    """The participation gender for a directory person (woman, man, or other / not stated)."""
    value = getattr(person, "gender", "")
    return value if value in (Gender.WOMAN, Gender.MAN) else Gender.OTHER


def add_named_participant(
    *,
    person: Any,
    meeting: Meeting | None = None,
    session: Session | None = None,
    preferred_organizations: Iterable[int] = (),
) -> Participation:
    """One named person at a meeting or session. Gender and organisation are copied onto the row
    now, so that erasing the person later leaves every count unchanged."""
    preferred = set(preferred_organizations)
    positions = list(
        person.positions.filter(end__isnull=True).values_list("organization_id", flat=True)
    )
    organization_id = next(
        (o for o in positions if o in preferred), positions[0] if positions else None
    )
    return Participation.objects.create(
        meeting=meeting,
        session=session,
        person=person,
        organization_id=organization_id,
        gender=gender_of(person),
        count=1,
    )


@transaction.atomic
def record_evidence(
    user: User,
    commitment: Commitment,
    *,
    date: datetime.date,
    progress: int,
    status: str,
    kind: str = "note",
    note: str = "",
    file: UploadedFile | None = None,
    is_public: bool = False,
) -> Evidence:
    """Add a dated piece of evidence and move the commitment to the progress and status it shows."""
    require(user, "cities.add_evidence", commitment, _("You cannot record progress here."))
    if status == CommitmentStatus.DONE and progress < 100:
        raise ValidationError(
            {"progress": _("A commitment marked implemented needs 100 as its progress.")}
        )
    if not note.strip() and not file:
        raise ValidationError({"note": _("Write a note or attach a file.")})
    if file is not None:
        check_evidence_file(file)
    evidence = Evidence(
        commitment=commitment,
        date=date,
        kind=kind,
        note=note.strip(),
        progress=progress,
        status=status,
        is_public=is_public,
        recorded_by=signed_in(user),
    )
    if file is not None:
        evidence.file = file
        evidence.original_name = PurePath(file.name or "file").name[:255]
    evidence.full_clean()
    _by(user, evidence)
    evidence.save()
    latest = commitment.evidence.order_by("-date", "-pk").first()
    if latest is not None and latest.pk == evidence.pk:
        commitment.progress = progress
        commitment.status = status
        commitment.full_clean()
        _by(user, commitment)
        commitment.save()
        registry.index_object(commitment)
    return evidence
