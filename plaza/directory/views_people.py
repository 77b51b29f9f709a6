"""Keeping records up to date: a person's details and consent; adding and editing organisations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plaza.accounts.rules import is_staff_member
from plaza.accounts.scopes import scoped_ids
from plaza.core.errors import add_form_errors
from plaza.directory import services
from plaza.directory.forms import (
    ConsentForm,
    OrganizationForm,
    PersonEditForm,
    PositionForm,
    RelationshipForm,
)
from plaza.directory.models import Consent, Organization, Person, Position


def _person_to_change(request: HttpRequest, pk: int) -> Person:
    person = get_object_or_404(Person, pk=pk)
    if not request.user.has_perm("directory.view_person_private", person):
        raise Http404
    if not request.user.has_perm("directory.change_person", person):
        raise PermissionDenied
    if person.is_erased:
        raise PermissionDenied(_("This person was erased on request."))
    return person


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_to_change(request, pk)
    initial = {
        f: getattr(person, f) for f in ("name", "gender", "phone", "email", "address", "notes")
    }
    form = PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(request.user, person, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(person.get_absolute_url())
    return render(
        request,
        "directory/person_change.html",
        {"form": form, "person": person, "title": _("Edit details")},
        status=400 if form.errors else 200,
    )


@login_required
def consent_record(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_to_change(request, pk)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consent(request.user, person, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect(person.get_absolute_url())
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


ORGANIZATION_FORM_FIELDS = (
    "name",
    "acronym",
    "kind",
    "country",
    "website",
    "founded",
    "description",
)


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("directory.add_organization"):
        raise PermissionDenied
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = services.create_organization(
                request.user,
                cities=data["cities"],
                sectors=data["sectors"],
                languages=data["languages"],
                **{k: data[k] for k in ORGANIZATION_FORM_FIELDS},
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Organisation added."))
            return redirect(org.get_absolute_url())
    return render(
        request,
        "directory/organization_form.html",
        {"form": form, "title": _("Add an organisation"), "organization": None},
        status=400 if form.errors else 200,
    )


@login_required
def organization_edit(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organization, slug=slug)
    if not request.user.has_perm("directory.change_organization", org):
        raise PermissionDenied
    initial = {
        **{k: getattr(org, k) for k in ORGANIZATION_FORM_FIELDS},
        "cities": list(org.cities.all()),
        "sectors": list(org.sectors.all()),
        "languages": list(org.languages),
    }
    form = OrganizationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_organization(
                request.user,
                org,
                cities=data["cities"],
                sectors=data["sectors"],
                languages=data["languages"],
                **{k: data[k] for k in ORGANIZATION_FORM_FIELDS},
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(org.get_absolute_url())
    return render(
        request,
        "directory/organization_form.html",
        {"form": form, "title": _("Edit the organisation"), "organization": org},
        status=400 if form.errors else 200,
    )


@login_required
def relationship_create(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organization, slug=slug)
    if not request.user.has_perm("directory.add_organizationrelationship", org):
        raise PermissionDenied
    form = RelationshipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_relationship(request.user, org, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(org.get_absolute_url())
    return render(
        request,
        "directory/organization_form.html",
        {"form": form, "title": _("Add a relationship"), "organization": org},
        status=400 if form.errors else 200,
    )


def _organizations_user_manages(user: Any) -> QuerySet[Organization]:
    if is_staff_member(user):
        return Organization.objects.all()
    from plaza.cities.models import City

    return Organization.objects.filter(
        Q(pk__in=scoped_ids(user, Organization)) | Q(cities__in=scoped_ids(user, City))
    ).distinct()


@login_required
def position_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_to_change(request, pk)
    form = PositionForm(
        request.POST or None, organizations=_organizations_user_manages(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_position(
                request.user,
                person,
                data.pop("organization"),
                **data,
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(person.get_absolute_url())
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
