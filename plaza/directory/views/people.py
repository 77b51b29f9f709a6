"""Directory pages for people (permissioned): list, detail, creating and editing, consent, positions, export and erasure on request."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plaza.accounts.rules import is_staff_member
from plaza.accounts.scopes import scoped_ids
from plaza.core.errors import save_form
from plaza.core.types import User
from plaza.directory import selectors, services
from plaza.directory.forms import (
    ConsentForm,
    ErasureForm,
    PersonEditForm,
    PersonForm,
    PositionForm,
)
from plaza.directory.models import Consent, Organization, Person, Position
from plaza.directory.views.organizations import PAGE_SIZE


def _person_or_404(request: HttpRequest, pk: int) -> Person:
    person = selectors.person_with_details(pk).first()
    if person is None or not request.user.has_perm("directory.view_person", person):
        raise Http404
    return person


def _person_to_change(request: HttpRequest, pk: int) -> Person:
    person = get_object_or_404(Person, pk=pk)
    if not request.user.has_perm("directory.view_person_private", person):
        raise Http404
    if not request.user.has_perm("directory.change_person", person):
        raise PermissionDenied
    if person.is_erased:
        raise PermissionDenied(_("This person was erased on request."))
    return person


def _organizations_user_manages(user: User) -> QuerySet[Organization]:
    if is_staff_member(user):
        return Organization.objects.all()
    from plaza.cities.models import City

    return Organization.objects.filter(
        Q(pk__in=scoped_ids(user, Organization)) | Q(cities__in=scoped_ids(user, City))
    ).distinct()


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    qs = (
        selectors.people_visible_to(request.user)
        .prefetch_related("positions__organization")
        .order_by("name", "pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directory/person_list.html", {"page": page})


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk)
    user = request.user
    private = user.has_perm("directory.view_person_private", person)
    positions = list(person.positions.all())
    if not private:  # outsiders see only the positions, never the rest
        positions = [p for p in positions if p.is_current]
    return render(
        request,
        "directory/person_detail.html",
        {
            "person": person,
            "positions": positions,
            "private": private,
            "show_contact": user.has_perm("directory.view_person_contact", person),
            "consents": person.consents.all() if private else [],
            "can_change": user.has_perm("directory.change_person", person) and not person.is_erased,
            "can_export": user.has_perm("directory.export_person", person),
            "can_erase": user.has_perm("directory.erase_person", person) and not person.is_erased,
            "erasures": person.erasures.all() if private else [],
        },
    )


@login_required
def person_create(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not request.user.has_perm("directory.add_person", organization):
        raise PermissionDenied
    form = PersonForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: services.create_person(request.user, organization, **data).get_absolute_url(),
        _("Person added."),
    )
    if saved is not None:
        return saved
    return render(
        request,
        "directory/person_form.html",
        {"form": form, "organization": organization},
        status=400 if form.errors else 200,
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_to_change(request, pk)
    initial = {
        f: getattr(person, f) for f in ("name", "gender", "phone", "email", "address", "notes")
    }
    form = PersonEditForm(request.POST or None, initial=initial)
    saved = save_form(
        request,
        form,
        lambda data: services.update_person(request.user, person, **data).get_absolute_url(),
        _("Saved."),
    )
    if saved is not None:
        return saved
    return render(
        request,
        "directory/person_change.html",
        {"form": form, "person": person, "title": _("Edit details")},
        status=400 if form.errors else 200,
    )


@login_required
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    data = services.export_person(request.user, person)  # PermissionDenied -> 403
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


@login_required
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    if not request.user.has_perm("directory.erase_person", person):
        raise PermissionDenied
    form = ErasureForm(request.POST or None)

    def erase(data: dict[str, Any]) -> str:
        services.erase_person(
            request.user, person, reason=data["reason"], requested_on=data["requested_on"]
        )
        return person.get_absolute_url()

    saved = save_form(
        request, form, erase, _("The person's data was erased and the erasure logged.")
    )
    if saved is not None:
        return saved
    return render(
        request,
        "directory/person_erase.html",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )


@login_required
def consent_record(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_to_change(request, pk)
    form = ConsentForm(request.POST or None)

    def record(data: dict[str, Any]) -> str:
        services.record_consent(request.user, person, **data)
        return person.get_absolute_url()

    saved = save_form(request, form, record, _("Consent recorded."))
    if saved is not None:
        return saved
    return render(
        request,
        "directory/person_change.html",
        {"form": form, "person": person, "title": _("Record consent")},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    person = _person_to_change(request, pk)
    consent = get_object_or_404(Consent, pk=consent_pk, person=person)
    if consent.withdrawn_on is None:
        services.withdraw_consent(request.user, consent)
        messages.success(request, _("Consent withdrawn."))
    return redirect(person.get_absolute_url())


@login_required
def position_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_to_change(request, pk)
    form = PositionForm(
        request.POST or None, organizations=_organizations_user_manages(request.user)
    )

    def add(data: dict[str, Any]) -> str:
        services.add_position(request.user, person, data.pop("organization"), **data)
        return person.get_absolute_url()

    saved = save_form(request, form, add, _("Saved."))
    if saved is not None:
        return saved
    return render(
        request,
        "directory/person_change.html",
        {"form": form, "person": person, "title": _("Add a position")},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def position_end(request: HttpRequest, pk: int, position_pk: int) -> HttpResponse:
    person = _person_to_change(request, pk)
    position = get_object_or_404(Position, pk=position_pk, person=person)
    if position.end is None:
        try:
            services.end_position(request.user, position, timezone.localdate())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Position ended."))
    return redirect(person.get_absolute_url())
