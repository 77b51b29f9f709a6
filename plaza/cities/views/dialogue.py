"""Pages of dialogue platforms: recording a meeting, agreements, commitments and their evidence."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from plaza.cities import selectors, services, stats
from plaza.cities.forms import (
    AgreementFormSet,
    CommitmentFormSet,
    EvidenceForm,
    MeetingForm,
)
from plaza.cities.models import (
    Activity,
    ActivityKind,
    Agreement,
    Commitment,
    CommitmentStatus,
    Meeting,
)
from plaza.cities.views.activities import (
    _silence,
    _with_extra_row,
    get_visible_activity,
)
from plaza.cities.views.cities import get_city
from plaza.core.errors import add_form_errors
from plaza.core.files import serve_file
from plaza.core.history import record_history
from plaza.core.sharing import share_tags
from plaza.core.tables import FORMATS as EXPORT_FORMATS
from plaza.core.tables import table_response

DEFAULT_AGREEMENT_ROWS = 2
DEFAULT_COMMITMENT_ROWS = 3


def meeting_record(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One screen for a meeting: date, place, agenda, attendance, agreements and commitments."""
    city = get_city(slug)
    platform = get_visible_activity(request, city, pk)
    city = platform.city
    if platform.kind != ActivityKind.DIALOGUE_PLATFORM:
        raise Http404
    if not request.user.has_perm("cities.add_meeting", platform):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        data = request.POST
        add_row = data.get("add_row", "")
        if add_row in ("agreements", "commitments"):
            data = _with_extra_row(data, add_row)
        meeting_form = MeetingForm(data, city=city)
        agreement_formset = AgreementFormSet(data, prefix="agreements")
        if not agreement_formset.management_form.is_valid():
            return HttpResponse(_("The form is incomplete; reload the page."), status=400)
        agreement_count = agreement_formset.total_form_count()
        commitment_formset = CommitmentFormSet(
            data,
            prefix="commitments",
            form_kwargs={"agreement_count": agreement_count, "city": city},
        )
        if not commitment_formset.management_form.is_valid():
            return HttpResponse(_("The form is incomplete; reload the page."), status=400)
        if add_row:
            _silence([meeting_form], [agreement_formset, commitment_formset])
        elif all(
            [meeting_form.is_valid(), agreement_formset.is_valid(), commitment_formset.is_valid()]
        ):
            meeting = _save_meeting(
                request, platform, meeting_form, agreement_formset, commitment_formset
            )
            if meeting is not None:
                messages.success(request, _("Meeting recorded."))
                return redirect(meeting.get_absolute_url())
            status = 400
        else:
            status = 400
    else:
        meeting_form = MeetingForm(
            initial={"date": timezone.localdate(), "language": (city.languages or ["en"])[0]},
            city=city,
        )
        agreement_formset = AgreementFormSet(prefix="agreements", initial=None, form_kwargs={})
        agreement_formset.extra = DEFAULT_AGREEMENT_ROWS
        commitment_formset = CommitmentFormSet(
            prefix="commitments",
            form_kwargs={"agreement_count": DEFAULT_AGREEMENT_ROWS, "city": city},
        )
        commitment_formset.extra = DEFAULT_COMMITMENT_ROWS
    return render(
        request,
        "cities/meeting_form.html",
        {
            "city": city,
            "platform": platform,
            "form": meeting_form,
            "agreement_formset": agreement_formset,
            "commitment_formset": commitment_formset,
        },
        status=status,
    )


def _save_meeting(
    request: HttpRequest,
    platform: Activity,
    meeting_form: MeetingForm,
    agreement_formset: Any,
    commitment_formset: Any,
) -> Meeting | None:
    data = meeting_form.cleaned_data
    # Agreement rows the user filled in, numbered as on the screen (1, 2...).
    filled: dict[int, int] = {}
    agreements: list[services.AgreementInput] = []
    for number, form in enumerate(agreement_formset.forms, start=1):
        if form.has_changed() and form.cleaned_data:
            filled[number] = len(agreements)
            agreements.append(
                services.AgreementInput(
                    title=form.cleaned_data["title"],
                    details=form.cleaned_data["details"],
                    is_public=form.cleaned_data["is_public"],
                )
            )
    commitments: list[services.CommitmentInput] = []
    ok = True
    for form in commitment_formset.forms:
        if not (form.has_changed() and form.cleaned_data):
            continue
        number = form.cleaned_data["agreement"]
        if number not in filled:
            form.add_error("agreement", _("Agreement %(number)s is empty.") % {"number": number})
            ok = False
            continue
        commitments.append(
            services.CommitmentInput(
                agreement_index=filled[number],
                responsible=form.cleaned_data["responsible"],
                responsible_organization=form.cleaned_data["responsible_organization"],
                action=form.cleaned_data["action"],
                due_date=form.cleaned_data["due_date"],
            )
        )
    if not ok:
        return None
    meeting_input = services.MeetingInput(
        date=data["date"],
        place=data["place"],
        is_online=data["is_online"],
        agenda=data["agenda"],
        minutes=data["minutes"],
        closing_report=data["closing_report"],
        language=data["language"],
        is_public=data["is_public"],
        demands=data["demands"].splitlines(),
        attendance=[services.Headcount(gender=g, count=n) for g, n in meeting_form.headcounts()],
        attendees=list(data["attendees"]),
    )
    try:
        return services.record_meeting(
            request.user, platform, meeting_input, agreements, commitments
        )
    except ValidationError as exc:
        add_form_errors(meeting_form, exc)
        return None


def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = get_city(slug)
    meeting = get_object_or_404(
        Meeting.objects.select_related("platform__city"), pk=pk, platform__city=city
    )
    if not request.user.has_perm("cities.view_meeting", meeting):
        raise Http404
    can_see_private = request.user.has_perm("cities.view_private_fields", meeting)
    return render(
        request,
        "cities/meeting_detail.html",
        {
            "city": city,
            "meeting": meeting,
            "can_change": request.user.has_perm("cities.change_meeting", meeting),
            "is_planned": meeting.date > timezone.localdate()
            or not (meeting.minutes or meeting.closing_report),
            "history": record_history(meeting, show_authors=can_see_private),
            "platform": meeting.platform,
            "can_see_private": can_see_private,
            "agreements": selectors.agreements_visible_to(request.user, city).filter(
                meeting=meeting
            ),
            "demands": meeting.demands.all() if can_see_private else [],
            "participation": stats.participation_summary(meeting=meeting)
            if can_see_private
            else None,
        },
    )


def agreement_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = get_city(slug)
    agreement = get_object_or_404(selectors.agreements_visible_to(request.user, city), pk=pk)
    return render(
        request,
        "cities/agreement_detail.html",
        {
            "city": city,
            "agreement": agreement,
            "can_change": request.user.has_perm("cities.change_agreement", agreement),
            "history": record_history(
                agreement,
                show_authors=request.user.has_perm("cities.view_private_fields", agreement),
            ),
            "commitments": agreement.commitments.all(),
            "platform_visible": request.user.has_perm("cities.view_activity", agreement.platform),
        },
    )


def commitment_board(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_city(slug)
    status = request.GET.get("status", "")
    if status and status not in CommitmentStatus.values:
        status = ""
    today = timezone.localdate()
    commitments = selectors.commitment_board(request.user, city, status=status, today=today)
    fmt = request.GET.get("format", "")
    if fmt in EXPORT_FORMATS:
        headers = [
            _("Id"),
            _("City"),
            _("Agreement"),
            _("Who"),
            _("Responsible organisation"),
            _("What"),
            _("By when"),
            _("Status"),
            _("Progress (%)"),
            _("Overdue"),
        ]
        rows = (
            [
                c.pk,
                city.name,
                c.agreement.title,
                c.responsible,
                c.responsible_organization.name if c.responsible_organization else "",
                c.action,
                c.due_date,
                c.get_status_display(),
                c.progress,
                _("yes") if c.is_overdue_on(today) else _("no"),
            ]
            for c in commitments
        )
        return table_response(f"{city.slug}-commitments", headers, rows, fmt)
    return render(
        request,
        "cities/commitment_board.html",
        {
            "city": city,
            "commitments": commitments,
            "status": status,
            "statuses": CommitmentStatus.choices,
            "today": today,
        },
    )


def evidence_file(request: HttpRequest, slug: str, pk: int, evidence_pk: int) -> HttpResponseBase:
    """The file of a piece of evidence, to those who may see the evidence (404 to others)."""
    city = get_city(slug)
    commitment: Commitment = get_object_or_404(
        selectors.commitments_visible_to(request.user, city), pk=pk
    )
    evidence = get_object_or_404(
        selectors.evidence_visible_to(request.user, commitment), pk=evidence_pk
    )
    return serve_file(
        request,
        evidence.file,
        filename=evidence.original_name or evidence.file.name,
        inline=request.GET.get("inline") == "1",
    )


def commitment_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = get_city(slug)
    commitment: Commitment = get_object_or_404(
        selectors.commitments_visible_to(request.user, city), pk=pk
    )
    can_record = request.user.has_perm("cities.add_evidence", commitment)
    can_see_private = request.user.has_perm("cities.view_private_fields", commitment)
    form = (
        EvidenceForm(initial={"progress": commitment.progress, "status": commitment.status})
        if can_record
        else None
    )
    status = 200
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.record_evidence(request.user, commitment, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Progress recorded."))
                return redirect(commitment.get_absolute_url())
        status = 400
    agreement: Agreement = commitment.agreement
    return render(
        request,
        "cities/commitment_detail.html",
        {
            "city": city,
            "commitment": commitment,
            "agreement": agreement,
            "can_change": request.user.has_perm("cities.change_commitment", commitment),
            "share": share_tags(
                request,
                title=f"{commitment.responsible}: {commitment.action}",
                description=f"{agreement.title} · {city.name}",
                kind="article",
            ),
            "history": record_history(
                commitment,
                hidden=() if can_see_private else ("responsible_person",),
                show_authors=can_see_private,
            ),
            "evidence": selectors.evidence_visible_to(request.user, commitment),
            "form": form,
        },
        status=status,
    )
