from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from plaza.cities import selectors, services
from plaza.cities.forms import CityNoteForm
from plaza.cities.models import City


def city_list(request: HttpRequest) -> HttpResponse:
    return render(request, "cities/city_list.html", {"cities": selectors.focal_cities()})


def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    can_see_private = request.user.has_perm("cities.view_city_private", city)
    form = CityNoteForm()
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
    else:
        status = 200
    return render(
        request,
        "cities/city_detail.html",
        {
            "city": city,
            "can_see_private": can_see_private,
            "notes": selectors.notes_visible_to(request.user, city),
            "note_form": form,
        },
        status=status,
    )
