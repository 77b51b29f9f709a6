"""Writes on focal cities: each checks permission, validates, saves (one transaction), and the
models record history (django-simple-history)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

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
from plaza.cities.uploads import check_evidence_file
from plaza.core.errors import require


@transaction.atomic
def add_city_note(user: Any, city: City, text: str) -> CityNote:
    require(user, "cities.add_citynote", city, _("You cannot add notes to this city."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("The note is empty.")})
    note = CityNote(city=city, author=user, text=text)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def update_city_summary(user: Any, city: City, summary: str) -> City:
    require(user, "cities.change_city", city, _("You cannot change this city."))
    city.summary = summary.strip()
    city.full_clean()
    city.save(update_fields=["summary", "updated_at"])
    return city


# --- activities -------------------------------------------------------------------------------


M2M_FIELDS = ("organizations", "responsible_people")


def _apply_activity_fields(activity: Activity, data: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the plain fields; return the many-to-many ones (and resource roles) to set after
    saving."""
    resource_fields = resource_field_names(activity.kind)
    allowed = set(COMMON_FIELDS) | set(KIND_FIELDS.get(activity.kind, ())) | set(resource_fields)
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(
            {name: _("This field does not belong to this kind of work.") for name in unknown}
        )
    for name, value in data.items():
        if name not in M2M_FIELDS and name not in RESOURCE_FIELDS:
            setattr(activity, name, value)
    related = [*M2M_FIELDS, *resource_fields]
    return {name: list(data[name]) for name in related if data.get(name) is not None}


def _linkable_resources(user: Any, name: str, resources: list[Any]) -> list[Any]:
    """The resources (objects or ids) as Resource objects, if each is published and the user may
    see it; else a ValidationError naming the ones that are not."""
    from plaza.library.selectors import visible_resources

    ids = [getattr(r, "pk", r) for r in resources]
    bad = [str(i) for i in ids if not isinstance(i, int) or isinstance(i, bool)]
    if bad:
        raise ValidationError({name: _("Not a resource number: %(v)s") % {"v": ", ".join(bad)}})
    found = visible_resources(user).in_bulk(ids)
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise ValidationError(
            {
                name: _(
                    "These resources are not published in the knowledge base "
                    "or you cannot see them: %(ids)s"
                )
                % {"ids": ", ".join(missing)}
            }
        )
    return [found[i] for i in dict.fromkeys(ids)]


def _validate_activity(user: Any, activity: Activity, related: dict[str, list[Any]]) -> None:
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


def _set_m2m(user: Any, activity: Activity, values: dict[str, list[Any]]) -> None:
    for name, items in values.items():
        if name in RESOURCE_FIELDS:
            _set_resources(user, activity, name, items)
        else:
            getattr(activity, name).set(items)


def _set_resources(user: Any, activity: Activity, name: str, resources: list[Any]) -> None:
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
    user: Any, city: City, kind: str, data: dict[str, Any], *, is_demo: bool = False
) -> Activity:
    require(user, "cities.add_activity", city, _("You cannot add work in this city."))
    if kind not in ActivityKind.values:
        raise ValidationError({"kind": _("Unknown kind of work.")})
    activity = Activity(city=city, kind=kind, is_demo=is_demo)
    related = _apply_activity_fields(activity, data)
    _validate_activity(user, activity, related)
    activity.save()
    _set_m2m(user, activity, related)
    return activity


@transaction.atomic
def update_activity(user: Any, activity: Activity, data: dict[str, Any]) -> Activity:
    require(user, "cities.change_activity", activity, _("You cannot change this work."))
    related = _apply_activity_fields(activity, data)
    _validate_activity(user, activity, related)
    activity.save()
    _set_m2m(user, activity, related)
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
    user: Any,
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
    checked_rows = _check_attendance_rows(rows)
    headcounts = _check_headcounts(attendance)
    session.save()
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
    return session


@transaction.atomic
def add_milestone(
    user: Any, activity: Activity, *, title: str, due_date: datetime.date
) -> Milestone:
    require(user, "cities.change_activity", activity, _("You cannot change this work."))
    milestone = Milestone(activity=activity, title=title.strip(), due_date=due_date)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def seat_at_table(
    user: Any,
    platform: Activity,
    organization: Any,
    side: str,
    representatives_note: str = "",
    representatives: Iterable[Any] = (),
) -> PlatformSeat:
    require(user, "cities.change_activity", platform, _("You cannot change this platform."))
    if not platform.is_platform:
        raise ValidationError({"platform": _("This work is not a dialogue platform.")})
    seat, _created = PlatformSeat.objects.update_or_create(
        platform=platform,
        organization=organization,
        defaults={"side": side, "representatives_note": representatives_note},
    )
    seat.full_clean()
    seat.representatives.set(list(representatives))
    return seat


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
    demands: list[str] = field(default_factory=list)
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
    user: Any,
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
    meeting = Meeting(platform=platform, recorded_by=user, is_demo=is_demo, **data)
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
    commitment_objs: list[tuple[int, Commitment]] = []
    for i, c in enumerate(commitments):
        if not 0 <= c.agreement_index < len(agreement_objs):
            errors.setdefault(f"commitment-{i}-agreement", []).append(
                _("Choose one of the agreements recorded at this meeting.")
            )
            continue
        obj = Commitment(
            responsible=c.responsible.strip(),
            responsible_organization=c.responsible_organization,
            action=c.action.strip(),
            due_date=c.due_date,
            is_demo=is_demo,
        )
        _clean_or_collect(obj, f"commitment-{i}-", errors)
        commitment_objs.append((c.agreement_index, obj))
    headcounts = _check_headcounts(meeting_input.attendance)
    if errors:
        raise ValidationError(errors)
    meeting.save()
    for ag in agreement_objs:
        ag.meeting = meeting
        ag.save()
    for index, obj in commitment_objs:
        obj.agreement = agreement_objs[index]
        obj.save()
    for text in meeting_input.demands:
        if text.strip():
            Demand.objects.create(platform=platform, meeting=meeting, text=text.strip())
    seat_orgs = set(platform.seats.values_list("organization_id", flat=True))
    for person in meeting_input.attendees:
        add_named_participant(meeting=meeting, person=person, preferred_organizations=seat_orgs)
    for h in headcounts:
        Participation.objects.create(
            meeting=meeting,
            organization=h.organization,
            gender=h.gender,
            count=h.count,
            is_leader=h.is_leader,
        )
    return meeting


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
    user: Any,
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
        recorded_by=user,
    )
    if file is not None:
        evidence.file = file
    evidence.full_clean()
    evidence.save()
    latest = commitment.evidence.order_by("-date", "-pk").first()
    if latest is not None and latest.pk == evidence.pk:
        commitment.progress = progress
        commitment.status = status
        commitment.full_clean()
        commitment.save()
    return evidence
