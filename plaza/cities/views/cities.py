"""Pages of a focal city: the list of cities, a city's page and timelines (the city's and an organisation's)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from plaza.cities import selectors, services, stats
from plaza.cities.forms import (
    CityNoteForm,
)
from plaza.cities.models import ActivityKind, City
from plaza.core import versions
from plaza.core.sharing import share_tags


def get_city(slug: str) -> City:
    return get_object_or_404(City, slug=slug)


def city_list(request: HttpRequest) -> HttpResponse:
    return render(request, "cities/city_list.html", {"cities": selectors.focal_cities()})


def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_city(slug)
    can_see_private = request.user.has_perm("cities.view_city_private", city)
    form = CityNoteForm()
    status = 200
    if request.method == "POST":
        if not request.user.has_perm("cities.add_citynote", city):
            raise PermissionDenied
        form = CityNoteForm(request.POST)
        if form.is_valid():
            try:
                services.add_city_note(request.user, city, form.cleaned_data["text"])
            except ValidationError as exc:
                form.add_error("text", exc.messages[0])
            else:
                messages.success(request, _("Note saved."))
                return redirect(city.get_absolute_url())
        status = 400
    return render(
        request,
        "cities/city_detail.html",
        {
            "city": city,
            "share": share_tags(request, title=city.name, description=city.summary),
            "feed_token": getattr(request.user, "feed_token", ""),
            "can_see_private": can_see_private,
            "can_add": request.user.has_perm("cities.add_activity", city),
            "coordinators": _coordinators(city) if can_see_private else [],
            "overview": _overview(request.user, city),
            "notes": selectors.notes_visible_to(request.user, city),
            "note_form": form,
            "kinds": ActivityKind.choices,
        },
        status=status,
    )


def _overview(user: Any, city: City) -> selectors.CityOverview:
    """The city's current work, computed once per change of the city work (``stats``' data
    version), day and reader class: which private records of the city the reader sees."""
    today = timezone.localdate()
    key = ("overview", city.pk, selectors.private_city_ids(user, [city.pk]), today)
    return versions.cached(
        stats.DATA_VERSION, key, lambda: selectors.city_overview(user, city, today=today)
    )


def _coordinators(city: City) -> list[str]:
    from plaza.accounts.roles import Role
    from plaza.accounts.scopes import users_scoped_to

    users = users_scoped_to(city).filter(groups__name=Role.CITY_COORDINATOR).distinct()
    return [u.get_full_name() or u.username for u in users]


def city_timeline(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_city(slug)
    entries = selectors.timeline(request.user, city=city)
    return render(
        request, "cities/timeline.html", {"city": city, "entries": entries, "subject": city}
    )


def organization_timeline(request: HttpRequest, org_slug: str) -> HttpResponse:
    from plaza.directory.models import Organization

    organization = get_object_or_404(Organization, slug=org_slug)
    entries = selectors.timeline(request.user, organization=organization)
    return render(
        request,
        "cities/timeline.html",
        {"city": None, "entries": entries, "subject": organization},
    )


def _calendar_response(text: str, city: City) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{city.slug}.ics"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def city_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The public feed: public meetings and campaign periods of the city."""
    from django.contrib.auth.models import AnonymousUser

    from plaza.cities.calendar import city_calendar as build

    city = get_city(slug)
    return _calendar_response(build(AnonymousUser(), city, private=False), city)


def city_calendar_private(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """A user's private feed: what that user may see. The address is the key (calendar
    programs cannot log in); a new key on the account page revokes the old address."""
    from plaza.accounts.services import user_for_feed_token
    from plaza.cities.calendar import city_calendar as build

    city = get_city(slug)
    user = user_for_feed_token(token)
    if user is None:
        raise Http404
    response = _calendar_response(build(user, city, private=True), city)
    response["Cache-Control"] = "private, no-store"
    return response
