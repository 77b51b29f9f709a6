"""Pages that correct what was recorded: a meeting (minutes added later, a planned meeting once
held), an agreement, a commitment, a milestone, a session and its attendance, a seat at the
table. Each page parses a form and calls the matching service; the record's page shows the
History section."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
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
from plaza.cities.models import City, Gender, Meeting, Milestone, PlatformSeat, Session
from plaza.cities.views.activities import _silence, _with_extra_row
from plaza.cities.views.cities import get_city
from plaza.core.errors import add_form_errors, save_form
from plaza.core.history import record_history


@dataclass(frozen=True)
class Correction:
    """How one kind of record is corrected on a page: every kind takes the same steps (find it
    in the city, 404 otherwise; 403 without the change permission on ``guard(record)``; a form
    filled from the record; on a valid POST its service, whose errors go back on the form)."""

    find: Callable[[HttpRequest, City, int], Any]
    guard: Callable[[Any], Any]  # the object the change permission is checked on
    perm: str
    form: Callable[
        [HttpRequest, City, Any], Any
    ]  # the form, bound on POST, with the record's values
    save: Callable[[HttpRequest, Any, Any, dict[str, Any]], Any]  # (request, record, form, data)
    context: Callable[[Any], dict[str, Any]]  # title, record, and what the template adds
    done_url: Callable[[Any], str]
    remove: Callable[[Any, Any], Any] | None = None  # services.remove_<kind>(user, record)


def _correction_page(request: HttpRequest, slug: str, pk: int, kind: Correction) -> HttpResponse:
    city = get_city(slug)
    record = kind.find(request, city, pk)
    if not request.user.has_perm(kind.perm, kind.guard(record)):
        raise PermissionDenied
    done_url = kind.done_url(record)
    if (
        kind.remove is not None
        and request.method == "POST"
        and request.POST.get("action") == "remove"
    ):
        kind.remove(request.user, record)
        messages.success(request, _("Removed from the table."))
        return redirect(done_url)
    form = kind.form(request, city, record)

    def save(data: dict[str, Any]) -> str:
        kind.save(request, record, form, data)
        return done_url

    saved = save_form(request, form, save, _("Saved."))
    if saved is not None:
        return saved
    context = {"city": city, **kind.context(record), "form": form, "back_url": done_url}
    status = 400 if request.method == "POST" else 200
    return render(request, "cities/edit_form.html", context, status=status)


def _values(record: Any, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(record, name) for name in names}


def _save_meeting(request: HttpRequest, meeting: Meeting, form: Any, data: dict[str, Any]) -> None:
    changed = set(form.changed_data)
    services.update_meeting(
        request.user,
        meeting,
        {name: data[name] for name in services.MEETING_FIELDS},
        attendees=list(data["attendees"]) if "attendees" in changed else None,
        attendance=[services.Headcount(gender=g, count=n) for g, n in form.headcounts()]
        if changed & {"women", "men", "others"}
        else None,
    )


def _seat_form(request: HttpRequest, city: City, seat: PlatformSeat) -> SeatEditForm:
    initial = {
        "side": seat.side,
        "representatives_note": seat.representatives_note,
        "representatives": list(seat.representatives.values_list("pk", flat=True)),
    }
    return SeatEditForm(request.POST or None, initial=initial, city=city)


def _save_seat(request: HttpRequest, seat: PlatformSeat, _form: Any, data: dict[str, Any]) -> None:
    services.update_seat(
        request.user,
        seat,
        {"side": data["side"], "representatives_note": data["representatives_note"]},
        representatives=list(data["representatives"]),
    )


MEETING = Correction(
    find=lambda _request, city, pk: get_object_or_404(
        Meeting.objects.select_related("platform__city"), pk=pk, platform__city=city
    ),
    guard=lambda meeting: meeting,
    perm="cities.change_meeting",
    form=lambda request, city, meeting: MeetingEditForm(
        request.POST or None, city=city, initial=MeetingEditForm.initial_for(meeting)
    ),
    save=_save_meeting,
    context=lambda meeting: {
        "title": _("Correct the meeting"),
        "record": meeting,
        "form_class": "meeting-form",
    },
    done_url=lambda meeting: meeting.get_absolute_url(),
)
AGREEMENT = Correction(
    find=lambda request, city, pk: get_object_or_404(
        selectors.agreements_visible_to(request.user, city), pk=pk
    ),
    guard=lambda agreement: agreement,
    perm="cities.change_agreement",
    form=lambda request, _city, agreement: AgreementEditForm(
        request.POST or None, initial=_values(agreement, services.AGREEMENT_FIELDS)
    ),
    save=lambda request, agreement, _form, data: services.update_agreement(
        request.user, agreement, data
    ),
    context=lambda agreement: {"title": _("Correct the agreement"), "record": agreement},
    done_url=lambda agreement: agreement.get_absolute_url(),
)
COMMITMENT = Correction(
    find=lambda request, city, pk: get_object_or_404(
        selectors.commitments_visible_to(request.user, city), pk=pk
    ),
    guard=lambda commitment: commitment,
    perm="cities.change_commitment",
    form=lambda request, city, commitment: CommitmentEditForm(
        request.POST or None, initial=_values(commitment, services.COMMITMENT_FIELDS), city=city
    ),
    save=lambda request, commitment, _form, data: services.update_commitment(
        request.user, commitment, data
    ),
    context=lambda commitment: {"title": _("Correct the commitment"), "record": commitment},
    done_url=lambda commitment: commitment.get_absolute_url(),
)
MILESTONE = Correction(
    find=lambda _request, city, pk: get_object_or_404(
        Milestone.objects.select_related("activity__city"), pk=pk, activity__city=city
    ),
    guard=lambda milestone: milestone.activity,
    perm="cities.change_activity",
    form=lambda request, _city, milestone: MilestoneEditForm(
        request.POST or None, initial=_values(milestone, services.MILESTONE_FIELDS)
    ),
    save=lambda request, milestone, _form, data: services.update_milestone(
        request.user, milestone, data
    ),
    context=lambda milestone: {"title": _("Correct the milestone"), "record": milestone},
    done_url=lambda milestone: milestone.activity.get_absolute_url() + f"#milestone-{milestone.pk}",
)
SEAT = Correction(
    find=lambda _request, city, pk: get_object_or_404(
        PlatformSeat.objects.select_related("platform__city", "organization"),
        pk=pk,
        platform__city=city,
    ),
    guard=lambda seat: seat.platform,
    perm="cities.change_activity",
    form=_seat_form,
    save=_save_seat,
    context=lambda seat: {"title": str(seat.organization), "record": seat, "seat": seat},
    done_url=lambda seat: seat.platform.get_absolute_url(),
    remove=services.remove_seat,
)


def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _correction_page(request, slug, pk, MEETING)


def agreement_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _correction_page(request, slug, pk, AGREEMENT)


def commitment_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _correction_page(request, slug, pk, COMMITMENT)


def milestone_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _correction_page(request, slug, pk, MILESTONE)


def seat_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _correction_page(request, slug, pk, SEAT)


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
