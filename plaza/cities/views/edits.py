"""Pages that correct what was recorded: a meeting (minutes added later, a planned meeting once
held), an agreement, a commitment, a milestone, a session and its attendance, a seat at the
table. Each page parses a form and calls the matching service; the record's page shows the
History section."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from plaza.cities import selectors, services
from plaza.cities.forms import (
    DEFAULT_ATTENDANCE_ROWS,
    AgreementEditForm,
    AttendanceFormSet,
    CommitmentEditForm,
    MeetingEditForm,
    MilestoneEditForm,
    SeatEditForm,
    SessionForm,
)
from plaza.cities.models import Gender, Meeting, Milestone, PlatformSeat, Session
from plaza.cities.views.activities import _silence, _with_extra_row
from plaza.cities.views.cities import get_city
from plaza.core.errors import add_form_errors
from plaza.core.history import record_history


def _edit(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    context: dict[str, Any],
    done_url: str,
    template: str = "cities/edit_form.html",
) -> HttpResponse:
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(done_url)
        status = 400
    return render(request, template, {**context, "form": form, "back_url": done_url}, status=status)


def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = get_city(slug)
    meeting = get_object_or_404(
        Meeting.objects.select_related("platform__city"), pk=pk, platform__city=city
    )
    if not request.user.has_perm("cities.change_meeting", meeting):
        raise PermissionDenied
    form = MeetingEditForm(
        request.POST or None, city=city, initial=MeetingEditForm.initial_for(meeting)
    )

    def save(data: dict[str, Any]) -> None:
        fields = {name: data[name] for name in services.MEETING_FIELDS}
        changed = set(form.changed_data)
        services.update_meeting(
            request.user,
            meeting,
            fields,
            attendees=list(data["attendees"]) if "attendees" in changed else None,
            attendance=[services.Headcount(gender=g, count=n) for g, n in form.headcounts()]
            if changed & {"women", "men", "others"}
            else None,
        )

    return _edit(
        request,
        form=form,
        save=save,
        context={
            "city": city,
            "title": _("Correct the meeting"),
            "record": meeting,
            "form_class": "meeting-form",
        },
        done_url=meeting.get_absolute_url(),
    )


def agreement_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = get_city(slug)
    agreement = get_object_or_404(selectors.agreements_visible_to(request.user, city), pk=pk)
    if not request.user.has_perm("cities.change_agreement", agreement):
        raise PermissionDenied
    initial = {name: getattr(agreement, name) for name in services.AGREEMENT_FIELDS}
    form = AgreementEditForm(request.POST or None, initial=initial)
    return _edit(
        request,
        form=form,
        save=lambda data: services.update_agreement(request.user, agreement, data),
        context={"city": city, "title": _("Correct the agreement"), "record": agreement},
        done_url=agreement.get_absolute_url(),
    )


def commitment_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = get_city(slug)
    commitment = get_object_or_404(selectors.commitments_visible_to(request.user, city), pk=pk)
    if not request.user.has_perm("cities.change_commitment", commitment):
        raise PermissionDenied
    initial = {name: getattr(commitment, name) for name in services.COMMITMENT_FIELDS}
    form = CommitmentEditForm(request.POST or None, initial=initial, city=city)
    return _edit(
        request,
        form=form,
        save=lambda data: services.update_commitment(request.user, commitment, data),
        context={"city": city, "title": _("Correct the commitment"), "record": commitment},
        done_url=commitment.get_absolute_url(),
    )


def milestone_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = get_city(slug)
    milestone = get_object_or_404(
        Milestone.objects.select_related("activity__city"), pk=pk, activity__city=city
    )
    if not request.user.has_perm("cities.change_activity", milestone.activity):
        raise PermissionDenied
    initial = {name: getattr(milestone, name) for name in services.MILESTONE_FIELDS}
    form = MilestoneEditForm(request.POST or None, initial=initial)
    return _edit(
        request,
        form=form,
        save=lambda data: services.update_milestone(request.user, milestone, data),
        context={"city": city, "title": _("Correct the milestone"), "record": milestone},
        done_url=milestone.activity.get_absolute_url() + f"#milestone-{milestone.pk}",
    )


def seat_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = get_city(slug)
    seat = get_object_or_404(
        PlatformSeat.objects.select_related("platform__city", "organization"),
        pk=pk,
        platform__city=city,
    )
    if not request.user.has_perm("cities.change_activity", seat.platform):
        raise PermissionDenied
    done = seat.platform.get_absolute_url()
    if request.method == "POST" and request.POST.get("action") == "remove":
        services.remove_seat(request.user, seat)
        messages.success(request, _("Removed from the table."))
        return redirect(done)
    initial = {
        "side": seat.side,
        "representatives_note": seat.representatives_note,
        "representatives": list(seat.representatives.values_list("pk", flat=True)),
    }
    form = SeatEditForm(request.POST or None, initial=initial, city=city)

    def save(data: dict[str, Any]) -> None:
        services.update_seat(
            request.user,
            seat,
            {"side": data["side"], "representatives_note": data["representatives_note"]},
            representatives=list(data["representatives"]),
        )

    return _edit(
        request,
        form=form,
        save=save,
        context={"city": city, "title": str(seat.organization), "record": seat, "seat": seat},
        done_url=done,
    )


def _attendance_initial(session: Session) -> list[dict[str, Any]]:
    rows: dict[Any, dict[str, Any]] = {}
    names = {Gender.WOMAN: "women", Gender.MAN: "men", Gender.OTHER: "others"}
    for org, gender, n in (
        session.participations.filter(person__isnull=True)
        .values_list("organization_id", "gender")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        row = rows.setdefault(org, {"organization": org})
        row[names[gender]] = (row.get(names[gender]) or 0) + (n or 0)
    for org, n in session.leaders_trained.values_list("organization_id").annotate(n=Sum("count")):
        rows.setdefault(org, {"organization": org})["leaders"] = n
    return list(rows.values())


def session_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = get_city(slug)
    session = get_object_or_404(
        Session.objects.select_related("activity__city"), pk=pk, activity__city=city
    )
    if not request.user.has_perm("cities.change_activity", session.activity):
        raise PermissionDenied
    status = 200
    done = session.activity.get_absolute_url()
    if request.method == "POST":
        data = request.POST
        if data.get("add_row") == "attendance":
            data = _with_extra_row(data, "attendance")
        form = SessionForm(data)
        formset = AttendanceFormSet(data, prefix="attendance", form_kwargs={"city": city})
        if not formset.management_form.is_valid():
            return HttpResponse(_("The form is incomplete; reload the page."), status=400)
        if data.get("add_row"):
            _silence([form], [formset])
        elif form.is_valid() and formset.is_valid():
            try:
                services.update_session(
                    request.user,
                    session,
                    dict(form.cleaned_data),
                    rows=[f.row() for f in formset.forms if f.cleaned_data],
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Session saved."))
                return redirect(done)
            status = 400
        else:
            status = 400
    else:
        form = SessionForm(
            initial={name: getattr(session, name) for name in services.SESSION_FIELDS}
        )
        initial = _attendance_initial(session)
        formset = AttendanceFormSet(
            prefix="attendance", initial=initial, form_kwargs={"city": city}
        )
        formset.extra = DEFAULT_ATTENDANCE_ROWS if not initial else 1
    return render(
        request,
        "cities/session_form.html",
        {
            "city": city,
            "session": session,
            "activity": session.activity,
            "form": form,
            "attendance_formset": formset,
            "back_url": done,
            "history": record_history(session),
        },
        status=status,
    )
