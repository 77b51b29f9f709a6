"""The cities API: same permissions as the pages (public records for everyone; private ones
and writes for staff and the city's coordinators, with a logged-in session and CSRF token)."""

from __future__ import annotations

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
    AgreementOut,
    CityOut,
    CommitmentOut,
    EvidenceIn,
    EvidenceOut,
    MeetingIn,
    MeetingOut,
    SessionIn,
    SessionOut,
    activity_data,
    agreement_data,
    commitment_data,
    evidence_data,
    meeting_data,
    session_data,
)
from plaza.cities.models import Activity, City, Meeting
from plaza.cities.stats import dashboard_figures
from plaza.core.api_types import Id

router = Router(tags=["cities"])


def _organization(slug: str | None) -> Any:
    from plaza.directory.models import Organization

    if not slug:
        return None
    org = Organization.objects.filter(slug=slug).first()
    if org is None:
        raise ValidationError(
            {"organization": _("Unknown organisation: %(slug)s") % {"slug": slug}}
        )
    return org


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
    if "organizations" in data:
        if not isinstance(data["organizations"], list):
            raise ValidationError({"organizations": _("Expected a list of slugs.")})
        data["organizations"] = [_organization(s) for s in data["organizations"]]
    if "requesting_organization" in data:
        data["requesting_organization"] = _organization(data["requesting_organization"])
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
    return [session_data(s) for s in activity.sessions.all()]


@router.post(
    "/activities/{pk}/sessions",
    response={201: SessionOut},
    auth=django_auth,
    summary="Record a session of a training or rights course, with attendance by organisation",
)
def add_session(request: HttpRequest, pk: Id, payload: SessionIn) -> Any:
    activity = _visible_activity(request, pk)
    rows = [
        services.AttendanceRow(_organization(r.organization), r.women, r.men, r.others, r.leaders)
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
    return 201, session_data(session)


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
    from plaza.directory.models import Person

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
            services.Headcount(h.gender, h.count, _organization(h.organization))
            for h in payload.attendance
        ],
        attendees=list(Person.objects.filter(pk__in=payload.attendees, erased_at__isnull=True)),
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
                _organization(c.responsible_organization),
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


@router.get("/{slug}/dashboard", summary="Dashboard figures of a city (as on the page)")
def city_dashboard(request: HttpRequest, slug: str) -> dict[str, Any]:
    from plaza.cities.views.reports import figure_rows

    city = get_object_or_404(City, slug=slug)
    figures = dashboard_figures(request.user, [city])
    return {
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
