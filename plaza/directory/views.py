"""Directory pages: organisations (public), people (permissioned), personal-data requests (staff)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from plaza.core.errors import add_form_errors
from plaza.directory import selectors, services
from plaza.directory.charts import membership_chart
from plaza.directory.forms import (
    ErasureForm,
    MembershipFigureForm,
    OrganizationFilterForm,
    PersonForm,
)
from plaza.directory.models import Organization, Person

PAGE_SIZE = 50


def network_list(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/network_list.html", {"networks": selectors.worker_networks()})


def institutional_member_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/institutional_member_list.html",
        {"organizations": selectors.institutional_members()},
    )


def organization_list(request: HttpRequest) -> HttpResponse:
    form = OrganizationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.organizations(
        kind=filters.get("kind", ""),
        city=filters.get("city", ""),
        sector=filters.get("sector", ""),
        query=filters.get("q", ""),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/organization_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )


def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(
        Organization.objects.prefetch_related("sectors", "cities"), slug=slug
    )
    user = request.user
    figures = list(selectors.membership_figures_of(organization))
    return render(
        request,
        "directory/organization_detail.html",
        {
            "organization": organization,
            "positions": selectors.positions_visible_to(user, organization),
            "sees_all_people": selectors.can_see_all_people_of(user, organization),
            "can_manage": user.has_perm("directory.change_organization", organization),
            "figures": figures,
            "membership_chart": membership_chart(figures),
            "relationships": selectors.relationships_of(organization),
        },
    )


@login_required
def person_create(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not request.user.has_perm("directory.add_person", organization):
        raise PermissionDenied
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(request.user, organization, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Person added."))
            return redirect(person.get_absolute_url())
    return render(
        request,
        "directory/person_form.html",
        {"form": form, "organization": organization},
        status=400 if form.errors else 200,
    )


@login_required
def membership_figure_create(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not request.user.has_perm("directory.add_membershipfigure", organization):
        raise PermissionDenied
    form = MembershipFigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_membership_figure(request.user, organization, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Membership figure saved."))
            return redirect(organization.get_absolute_url())
    return render(
        request,
        "directory/membership_figure_form.html",
        {"form": form, "organization": organization},
        status=400 if form.errors else 200,
    )


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    qs = (
        selectors.people_visible_to(request.user)
        .prefetch_related("positions__organization")
        .order_by("name", "pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directory/person_list.html", {"page": page})


def _person_or_404(request: HttpRequest, pk: int) -> Person:
    person = selectors.person_with_details(pk).first()
    if person is None or not request.user.has_perm("directory.view_person", person):
        raise Http404
    return person


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
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_person(
                request.user,
                person,
                reason=form.cleaned_data["reason"],
                requested_on=form.cleaned_data["requested_on"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("The person's data was erased and the erasure logged."))
            return redirect(person.get_absolute_url())
    return render(
        request,
        "directory/person_erase.html",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )
