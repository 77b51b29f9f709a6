"""The cities API: same permissions as the pages (public records for everyone; private ones
and writes for staff and the city's coordinators, with a logged-in session and CSRF token)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.security import django_auth

from plaza.cities import selectors, services
from plaza.cities.api.schemas import (
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    AgreementOut,
    AgreementPatch,
    CityOut,
    CommitmentOut,
    CommitmentPatch,
    EvidenceIn,
    EvidenceOut,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    MilestoneIn,
    MilestoneOut,
    MilestonePatch,
    SeatIn,
    SeatOut,
    SeatPatch,
    SessionIn,
    SessionOut,
    SessionPatch,
    activity_data,
    agreement_data,
    commitment_data,
    evidence_data,
    meeting_data,
    milestone_data,
    seat_data,
    session_data,
)
from plaza.cities.models import Activity, Agreement, City, Meeting, Milestone, PlatformSeat, Session
from plaza.cities.stats import cached_dashboard_figures
from plaza.core.api_errors import ErrorOut
from plaza.core.api_types import Id

router = Router(tags=["cities"])


def _visible_activity(request: HttpRequest, pk: Id) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("city"), pk=pk)
    if not request.user.has_perm("cities.view_activity", activity):
        raise Http404
    return activity


@router.get("/", response=list[CityOut], summary="Focal cities")
def list_cities(request: HttpRequest) -> Any:
    return list(selectors.focal_cities())


@router.get("/{slug}/activities", response=list[ActivityOut], summary="Activities of a city")
def list_activities(request: HttpRequest, slug: str, kind: str = "") -> Any:
    city = get_object_or_404(City, slug=slug)
    qs = selectors.activities_visible_to(request.user, city).prefetch_related("organizations")
    if kind:
        qs = qs.filter(kind=kind)
    private = request.user.has_perm("cities.view_private_fields", city)
    return [activity_data(a, private=private, user=request.user) for a in qs]


@router.post(
    "/{slug}/activities",
    response={201: ActivityOut},
    auth=django_auth,
    summary="Add work in a city",
)
def create_activity(request: HttpRequest, slug: str, payload: ActivityIn) -> Any:
    city = get_object_or_404(City, slug=slug)
    data = {"title": payload.title, **payload.fields}
    try:
        activity = services.create_activity(request.user, city, payload.kind, data)
    except (ValueError, TypeError) as exc:
        raise ValidationError(str(exc)) from None
    return 201, activity_data(activity, private=True, user=request.user)


@router.get("/activities/{pk}", response=ActivityOut, summary="An activity")
def get_activity(request: HttpRequest, pk: Id) -> Any:
    activity = _visible_activity(request, pk)
    private = request.user.has_perm("cities.view_private_fields", activity)
    return activity_data(activity, private=private, user=request.user)


@router.get("/activities/{pk}/sessions", response=list[SessionOut], summary="Sessions")
def list_sessions(request: HttpRequest, pk: Id) -> Any:
    activity = _visible_activity(request, pk)
    private = request.user.has_perm("cities.view_private_fields", activity)
    return [session_data(s, private=private) for s in activity.sessions.all()]


@router.post(
    "/activities/{pk}/sessions",
    response={201: SessionOut},
    auth=django_auth,
    summary="Record a session of a training or rights course, with attendance by organisation",
)
def add_session(request: HttpRequest, pk: Id, payload: SessionIn) -> Any:
    activity = _visible_activity(request, pk)
    rows = [
        services.AttendanceRow(r.organization, r.women, r.men, r.others, r.leaders)
        for r in payload.attendance
    ]
    session = services.add_session(
        request.user,
        activity,
        date=payload.date,
        place=payload.place,
        topics=payload.topics,
        facilitators=payload.facilitators,
        rows=rows,
    )
    return 201, session_data(session, private=True)


@router.get("/activities/{pk}/agreements", response=list[AgreementOut], summary="Agreements")
def list_agreements(request: HttpRequest, pk: Id) -> Any:
    platform = _visible_activity(request, pk)
    return [agreement_data(a) for a in selectors.platform_agreements(request.user, platform)]


@router.post(
    "/activities/{pk}/meetings",
    response={201: MeetingOut},
    auth=django_auth,
    summary="Record a platform meeting with its agreements and commitments",
)
def record_meeting(request: HttpRequest, pk: Id, payload: MeetingIn) -> Any:
    platform = _visible_activity(request, pk)
    meeting_input = services.MeetingInput(
        date=payload.date,
        place=payload.place,
        is_online=payload.is_online,
        agenda=payload.agenda,
        minutes=payload.minutes,
        closing_report=payload.closing_report,
        language=payload.language,
        is_public=payload.is_public,
        demands=payload.demands,
        attendance=[
            services.Headcount(h.gender, h.count, h.organization) for h in payload.attendance
        ],
        attendees=list(payload.attendees),
    )
    meeting = services.record_meeting(
        request.user,
        platform,
        meeting_input,
        [services.AgreementInput(a.title, a.details, a.is_public) for a in payload.agreements],
        [
            services.CommitmentInput(
                c.agreement,
                c.responsible,
                c.action,
                c.due_date,
                c.responsible_organization,
                c.responsible_person,
            )
            for c in payload.commitments
        ],
    )
    return 201, meeting_data(meeting, private=True)


@router.get("/meetings/{pk}", response=MeetingOut, summary="A meeting")
def get_meeting(request: HttpRequest, pk: Id) -> Any:
    meeting = get_object_or_404(Meeting.objects.select_related("platform__city"), pk=pk)
    if not request.user.has_perm("cities.view_meeting", meeting):
        raise Http404
    private = request.user.has_perm("cities.view_private_fields", meeting)
    return meeting_data(meeting, private=private)


@router.get(
    "/{slug}/commitments",
    response=list[CommitmentOut],
    summary="Commitments board: open ones, overdue first (or those with ?status=)",
)
def list_commitments(request: HttpRequest, slug: str, status: str = "") -> Any:
    city = get_object_or_404(City, slug=slug)
    return [
        commitment_data(c) for c in selectors.commitment_board(request.user, city, status=status)
    ]


@router.get("/commitments/{pk}/evidence", response=list[EvidenceOut], summary="Evidence timeline")
def list_evidence(request: HttpRequest, pk: Id) -> Any:
    commitment = get_object_or_404(selectors.commitments_visible_to(request.user), pk=pk)
    return [evidence_data(e) for e in selectors.evidence_visible_to(request.user, commitment)]


@router.post(
    "/commitments/{pk}/evidence",
    response={201: EvidenceOut},
    auth=django_auth,
    summary="Record progress on a commitment",
)
def record_evidence(request: HttpRequest, pk: Id, payload: EvidenceIn) -> Any:
    commitment = get_object_or_404(selectors.commitments_visible_to(request.user), pk=pk)
    evidence = services.record_evidence(request.user, commitment, **payload.dict())
    return 201, evidence_data(evidence)


@router.get(
    "/{slug}/dashboard",
    response={200: dict[str, Any], 400: ErrorOut},
    summary="Dashboard figures of a city (as on the page), over an optional period",
)
def city_dashboard(request: HttpRequest, slug: str, start: str = "", end: str = "") -> Any:
    """``start`` and ``end`` (YYYY-MM-DD, each optional) limit the figures to a period; a period
    that ends before it starts is refused (400) with the reason."""
    from plaza.cities.views.reports import figure_rows, period_from

    city = get_object_or_404(City, slug=slug)
    form, start_date, end_date = period_from({"start": start, "end": end})
    if form.is_bound and not form.is_valid():
        return 400, {
            "detail": _("Some values are not valid."),
            "errors": {k: [str(m) for m in v] for k, v in form.errors.items()},
        }
    figures = cached_dashboard_figures(request.user, [city], start=start_date, end=end_date)
    return 200, {
        "start": start_date,
        "end": end_date,
        "city": city.slug,
        "commitments": {
            "total": figures.commitments.total,
            "implemented_share": figures.commitments.implemented_share,
            "mean_progress": figures.commitments.mean_progress,
            "overdue": figures.commitments.overdue,
            "by_status": {s: n for s, _label, n in figures.commitments.by_status},
        },
        "participation": {
            "women": figures.participation.women,
            "men": figures.participation.men,
            "others": figures.participation.others,
            "women_share": figures.participation.women_share,
        },
        "activities": [
            {"kind": kind, "year": year, "count": n}
            for (kind, year), n in sorted(figures.activities.items())
        ],
        "campaigns_running": [c.pk for c in figures.campaigns_running],
        "rows": [[str(v) for v in row] for row in figure_rows(figures)],
    }


# --- corrections: PATCH changes only the fields sent; same services, permissions and checks ---


@dataclass(frozen=True)
class Correction:
    """How one kind of record is corrected by PATCH: every kind takes the same steps (find it,
    404 unless the reader may see it; hand the sent fields to its service, which checks the
    permission, validates, scopes every id and records history; answer with the record)."""

    find: Callable[[HttpRequest, int], Any]
    update: Callable[..., Any]  # services.update_<kind>(user, record, fields, **extras)
    output: Callable[[HttpRequest, Any], dict[str, Any]]
    # payload field -> (service keyword, how to pass it); passed only when sent, else None
    extras: dict[str, tuple[str, Callable[[Any], Any]]] = field(default_factory=dict)
    fields: Callable[[Any, tuple[str, ...]], dict[str, Any]] | None = None


def _changes(payload: Any, leave_out: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in payload.dict(exclude_unset=True).items() if k not in leave_out}


def _correct(request: HttpRequest, pk: int, payload: Any, kind: Correction) -> Any:
    record = kind.find(request, pk)
    sent = payload.dict(exclude_unset=True)
    leave_out = tuple(kind.extras)
    extras = {
        keyword: convert(getattr(payload, name)) if name in sent else None
        for name, (keyword, convert) in kind.extras.items()
    }
    fields = (kind.fields or _changes)(payload, leave_out)
    kind.update(request.user, record, fields, **extras)
    return 200, kind.output(request, record)


def _seen_with_perm(model: Any, perm_view: str) -> Callable[[HttpRequest, int], Any]:
    def find(request: HttpRequest, pk: int) -> Any:
        obj = get_object_or_404(model.objects.all(), pk=pk)
        if not request.user.has_perm(perm_view, obj):
            raise Http404
        return obj

    return find


def _in_visible_activity(queryset: Any, activity_id: str) -> Callable[[HttpRequest, int], Any]:
    def find(request: HttpRequest, pk: int) -> Any:
        obj = get_object_or_404(queryset, pk=pk)
        _visible_activity(request, getattr(obj, activity_id))
        return obj

    return find


def _same(value: Any) -> Any:
    return value


ACTIVITY = Correction(
    find=_visible_activity,
    update=services.update_activity,
    output=lambda request, a: activity_data(a, private=True, user=request.user),
    fields=lambda payload, _leave_out: dict(payload.fields),
)
MEETING = Correction(
    find=_seen_with_perm(Meeting, "cities.view_meeting"),
    update=services.update_meeting,
    output=lambda _request, m: meeting_data(m, private=True),
    extras={
        "attendees": ("attendees", _same),
        "attendance": (
            "attendance",
            lambda rows: [
                services.Headcount(h.gender, h.count, h.organization) for h in rows or []
            ],
        ),
    },
)
AGREEMENT = Correction(
    find=_seen_with_perm(Agreement, "cities.view_agreement"),
    update=services.update_agreement,
    output=lambda _request, a: agreement_data(a),
)
COMMITMENT = Correction(
    find=lambda request, pk: get_object_or_404(
        selectors.commitments_visible_to(request.user), pk=pk
    ),
    update=services.update_commitment,
    output=lambda _request, c: commitment_data(c),
)
MILESTONE = Correction(
    find=_in_visible_activity(Milestone.objects.select_related("activity__city"), "activity_id"),
    update=services.update_milestone,
    output=lambda _request, m: milestone_data(m),
)
SESSION = Correction(
    find=_in_visible_activity(Session.objects.select_related("activity__city"), "activity_id"),
    update=services.update_session,
    output=lambda _request, s: session_data(s, private=True),
    extras={
        "attendance": (
            "rows",
            lambda rows: [
                services.AttendanceRow(r.organization, r.women, r.men, r.others, r.leaders)
                for r in rows or []
            ],
        )
    },
)
SEAT = Correction(
    find=_in_visible_activity(PlatformSeat.objects.select_related("platform__city"), "platform_id"),
    update=services.update_seat,
    output=lambda _request, s: seat_data(s),
    extras={"representatives": ("representatives", _same)},
)


@router.patch(
    "/activities/{pk}",
    response={200: ActivityOut, 400: ErrorOut, 403: ErrorOut},
    auth=django_auth,
    summary="Correct an activity (a campaign's dates, objective...)",
)
def patch_activity(request: HttpRequest, pk: Id, payload: ActivityPatch) -> Any:
    return _correct(request, pk, payload, ACTIVITY)


@router.patch(
    "/meetings/{pk}",
    response={200: MeetingOut, 400: ErrorOut, 403: ErrorOut},
    auth=django_auth,
    summary="Correct or complete a meeting (minutes added later, a planned meeting once held)",
)
def patch_meeting(request: HttpRequest, pk: Id, payload: MeetingPatch) -> Any:
    return _correct(request, pk, payload, MEETING)


@router.patch(
    "/agreements/{pk}",
    response={200: AgreementOut, 400: ErrorOut, 403: ErrorOut},
    auth=django_auth,
    summary="Correct an agreement",
)
def patch_agreement(request: HttpRequest, pk: Id, payload: AgreementPatch) -> Any:
    return _correct(request, pk, payload, AGREEMENT)


@router.patch(
    "/commitments/{pk}",
    response={200: CommitmentOut, 400: ErrorOut, 403: ErrorOut},
    auth=django_auth,
    summary="Correct a commitment: who, what, by when",
)
def patch_commitment(request: HttpRequest, pk: Id, payload: CommitmentPatch) -> Any:
    return _correct(request, pk, payload, COMMITMENT)


@router.post(
    "/activities/{pk}/milestones",
    response={201: MilestoneOut, 400: ErrorOut, 403: ErrorOut},
    auth=django_auth,
    summary="Add a milestone to a campaign",
)
def add_milestone(request: HttpRequest, pk: Id, payload: MilestoneIn) -> Any:
    activity = _visible_activity(request, pk)

    milestone = services.add_milestone(
        request.user, activity, title=payload.title, due_date=payload.due_date
    )
    return 201, milestone_data(milestone)


@router.patch(
    "/milestones/{pk}",
    response={200: MilestoneOut, 400: ErrorOut, 403: ErrorOut},
    auth=django_auth,
    summary="Correct a milestone or mark it reached (reached_on)",
)
def patch_milestone(request: HttpRequest, pk: Id, payload: MilestonePatch) -> Any:
    return _correct(request, pk, payload, MILESTONE)


@router.patch(
    "/sessions/{pk}",
    response={200: SessionOut, 400: ErrorOut, 403: ErrorOut},
    auth=django_auth,
    summary="Correct a session; attendance, when sent, replaces its attendance",
)
def patch_session(request: HttpRequest, pk: Id, payload: SessionPatch) -> Any:
    return _correct(request, pk, payload, SESSION)


@router.post(
    "/activities/{pk}/seats",
    response={201: SeatOut, 400: ErrorOut, 403: ErrorOut},
    auth=django_auth,
    summary="Seat an organisation at a platform's table (or change its seat)",
)
def add_seat(request: HttpRequest, pk: Id, payload: SeatIn) -> Any:
    platform = _visible_activity(request, pk)

    seat = services.seat_at_table(
        request.user,
        platform,
        payload.organization,
        payload.side,
        payload.representatives_note,
        payload.representatives,
    )
    return 201, seat_data(seat)


@router.patch(
    "/seats/{pk}",
    response={200: SeatOut, 400: ErrorOut, 403: ErrorOut},
    auth=django_auth,
    summary="Correct a seat at the table",
)
def patch_seat(request: HttpRequest, pk: Id, payload: SeatPatch) -> Any:
    return _correct(request, pk, payload, SEAT)
