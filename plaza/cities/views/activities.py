"""Pages of a city's activities of the six kinds: list, create, edit, detail, sessions and attendance."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseFormSet
from django.forms.utils import ErrorDict, ErrorList
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from plaza.cities import selectors, services, stats
from plaza.cities.forms import (
    DEFAULT_ATTENDANCE_ROWS,
    AttendanceFormSet,
    MilestoneForm,
    SeatForm,
    SessionForm,
    activity_form_class,
)
from plaza.cities.models import Activity, ActivityKind, City
from plaza.cities.models.activity import KIND_FIELDS, PRIVATE_FIELDS
from plaza.cities.views.cities import get_city
from plaza.core.errors import add_form_errors
from plaza.core.history import record_history
from plaza.core.sharing import share_tags
from plaza.core.tables import FORMATS as EXPORT_FORMATS
from plaza.core.tables import table_response
from plaza.core.types import User


def _silence(forms: list[Any], formsets: list[BaseFormSet[Any]]) -> None:
    """Keep the typed values but show no errors (the user only asked for another row)."""
    for form in forms:
        form.full_clean()
        form._errors = ErrorDict()
    for formset in formsets:
        for form in formset.forms:
            form.full_clean()
            form._errors = ErrorDict()
        setattr(formset, "_non_form_errors", ErrorList())  # noqa: B010


def _with_extra_row(data: Any, prefix: str) -> Any:
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        data[key] = str(int(data.get(key, "0")) + 1)
    except ValueError:
        data[key] = "1"
    return data


def get_visible_activity(request: HttpRequest, city: City, pk: int) -> Activity:
    """The activity, or 404 when it does not exist or the user may not see it."""
    activity = get_object_or_404(Activity.objects.select_related("city"), pk=pk, city=city)
    if not request.user.has_perm("cities.view_activity", activity):
        raise Http404
    return activity


def activity_list(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_city(slug)
    kind = request.GET.get("kind", "")
    activities = selectors.activities_visible_to(request.user, city).prefetch_related(
        "organizations"
    )
    if kind in ActivityKind.values:
        activities = activities.filter(kind=kind)
    fmt = request.GET.get("format", "")
    if fmt in EXPORT_FORMATS:
        headers = [
            _("Kind of work"),
            _("Title"),
            _("Status"),
            _("Start date"),
            _("End date"),
            _("Organisations involved"),
            _("Public"),
            _("Knowledge-base resources"),
        ]
        resources = selectors.resource_titles_by_activity(request.user, activities)
        rows = (
            [
                a.get_kind_display(),
                a.title,
                a.get_status_display(),
                a.start_date,
                a.end_date,
                "; ".join(str(o) for o in a.organizations.all()),
                _("yes") if a.is_public else _("no"),
                "; ".join(resources.get(a.pk, [])),
            ]
            for a in activities
        )
        return table_response(f"{city.slug}-activities", headers, rows, fmt)
    return render(
        request,
        "cities/activity_list.html",
        {
            "city": city,
            "activities": activities,
            "kind": kind,
            "kinds": ActivityKind.choices,
            "can_add": request.user.has_perm("cities.add_activity", city),
        },
    )


def _searching_resources(request: HttpRequest, form: Any) -> None:
    """The "Find resources" button posts the form only to show more resources to choose from:
    nothing is saved, and the half-filled form is shown again without error messages."""
    if request.method == "POST" and "find_resources" in request.POST:
        form._errors = ErrorDict()


def activity_create(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    city = get_city(slug)
    if kind not in ActivityKind.values:
        raise Http404
    if not request.user.has_perm("cities.add_activity", city):
        raise PermissionDenied
    form_class = activity_form_class(kind)
    form = form_class(request.POST or None, city=city, user=request.user)
    _searching_resources(request, form)
    status = 200
    if request.method == "POST" and "find_resources" not in request.POST:
        if form.is_valid():
            data = form.service_data()
            try:
                activity = services.create_activity(request.user, city, kind, data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(activity.get_absolute_url())
        status = 400
    return render(
        request,
        "cities/activity_form.html",
        {"city": city, "form": form, "kind_label": ActivityKind(kind).label, "activity": None},
        status=status,
    )


def activity_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = get_city(slug)
    activity = get_visible_activity(request, city, pk)
    if not request.user.has_perm("cities.change_activity", activity):
        raise PermissionDenied
    form_class = activity_form_class(activity.kind)
    form = form_class(request.POST or None, instance=activity, city=city, user=request.user)
    _searching_resources(request, form)
    status = 200
    if request.method == "POST" and "find_resources" not in request.POST:
        if form.is_valid():
            data = form.service_data()
            try:
                services.update_activity(request.user, Activity.objects.get(pk=pk), data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(activity.get_absolute_url())
        status = 400
    return render(
        request,
        "cities/activity_form.html",
        {
            "city": city,
            "form": form,
            "kind_label": activity.get_kind_display(),
            "activity": activity,
        },
        status=status,
    )


def activity_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = get_city(slug)
    activity = get_visible_activity(request, city, pk)
    user = request.user
    can_change = user.has_perm("cities.change_activity", activity)
    can_see_private = user.has_perm("cities.view_private_fields", activity)
    status = 200
    session_form = SessionForm() if activity.has_sessions and can_change else None
    attendance_formset = None
    if session_form is not None:
        attendance_formset = AttendanceFormSet(prefix="attendance", form_kwargs={"city": city})
        attendance_formset.extra = DEFAULT_ATTENDANCE_ROWS
    seat_form = SeatForm(city=city) if activity.is_platform and can_change else None
    milestone_form = (
        MilestoneForm() if activity.kind == ActivityKind.CAMPAIGN and can_change else None
    )
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action == "session" and session_form is not None:
                data = request.POST
                if data.get("add_row") == "attendance":
                    data = _with_extra_row(data, "attendance")
                session_form = SessionForm(data)
                attendance_formset = AttendanceFormSet(
                    data, prefix="attendance", form_kwargs={"city": city}
                )
                if not attendance_formset.management_form.is_valid():
                    return HttpResponse(_("The form is incomplete; reload the page."), status=400)
                if data.get("add_row"):
                    _silence([session_form], [attendance_formset])
                    status = 200
                elif session_form.is_valid() and attendance_formset.is_valid():
                    try:
                        _save_session(user, activity, session_form, attendance_formset)
                    except ValidationError as exc:
                        add_form_errors(session_form, exc)
                    else:
                        messages.success(request, _("Session saved."))
                        return redirect(activity.get_absolute_url())
            elif action == "seat" and seat_form is not None:
                seat_form = SeatForm(request.POST, city=city)
                if seat_form.is_valid():
                    services.seat_at_table(user, activity, **seat_form.cleaned_data)
                    messages.success(request, _("Saved."))
                    return redirect(activity.get_absolute_url())
            elif action == "milestone" and milestone_form is not None:
                milestone_form = MilestoneForm(request.POST)
                if milestone_form.is_valid():
                    services.add_milestone(user, activity, **milestone_form.cleaned_data)
                    messages.success(request, _("Saved."))
                    return redirect(activity.get_absolute_url())
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        if not (action == "session" and request.POST.get("add_row")):
            status = 400
    details = [
        (getattr(activity._meta.get_field(name), "verbose_name", name), _display(activity, name))
        for name in KIND_FIELDS.get(activity.kind, ())
    ]
    context: dict[str, Any] = {
        "city": city,
        "activity": activity,
        "details": [(label, value) for label, value in details if value not in ("", None)],
        "can_change": can_change,
        "can_see_private": can_see_private,
        "private_fields": PRIVATE_FIELDS,
        "session_form": session_form,
        "attendance_formset": attendance_formset,
        "seat_form": seat_form,
        "milestone_form": milestone_form,
        "sessions": [
            (session, stats.participation_summary(session=session))
            for session in activity.sessions.all()
        ],
        "participation": stats.participation_summary(activity=activity),
        "totals_only": not can_see_private,
        "share": share_tags(
            request,
            title=f"{activity.title} · {city.name}",
            description=activity.description or activity.objective or activity.outcomes,
            kind="article",
        ),
        "resource_groups": selectors.activity_resources(user, activity),
        "history": record_history(
            activity,
            parts=[
                *activity.milestones.all(),
                *activity.sessions.all(),
                *(activity.seats.select_related("organization") if can_see_private else ()),
            ],
            hidden=() if can_see_private else PRIVATE_FIELDS,
            show_authors=can_see_private,
        ),
    }
    if activity.is_platform:
        context["seats"] = activity.seats.select_related("organization")
        context["meetings"] = selectors.meetings_visible_to(user, city).filter(platform=activity)
        context["agreements"] = selectors.platform_agreements(user, activity)
        context["progress"] = selectors.platform_progress(activity)
        context["demands"] = activity.demands.all() if can_see_private else []
    return render(request, "cities/activity_detail.html", context, status=status)


def _display(activity: Activity, name: str) -> Any:
    value = getattr(activity, name)
    display = getattr(activity, f"get_{name}_display", None)
    return display() if display and value else value


def _save_session(user: User, activity: Activity, form: SessionForm, rows: Any) -> None:
    data = form.cleaned_data
    services.add_session(
        user,
        activity,
        date=data["date"],
        place=data["place"],
        topics=data["topics"],
        facilitators=data["facilitators"],
        rows=[f.row() for f in rows.forms if f.has_changed()],
    )
