"""Directory pages for organisations: lists and detail (public), creating and editing (permissioned), their figures and relationships."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from plaza.core.errors import add_form_errors, save_form
from plaza.directory import selectors, services
from plaza.directory.charts import membership_chart
from plaza.directory.forms import (
    MembershipFigureForm,
    OrganizationFilterForm,
    OrganizationForm,
    RelationshipForm,
)
from plaza.directory.models import Organization

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


ORGANIZATION_FORM_FIELDS = (
    "name",
    "acronym",
    "kind",
    "country",
    "website",
    "founded",
    "description",
)


def _organization_form_page(
    request: HttpRequest,
    *,
    organization: Organization | None,
    initial: dict[str, Any] | None,
    save: Callable[..., Organization],
    title: str,
    done: str,
) -> HttpResponse:
    """The add and edit pages: one form, saved through ``save`` (a service), errors on the form."""
    form = OrganizationForm(request.POST or None, initial=initial)

    def save_organization(data: dict[str, Any]) -> str:
        org = save(
            request.user,
            cities=data["cities"],
            sectors=data["sectors"],
            languages=data["languages"],
            **{k: data[k] for k in ORGANIZATION_FORM_FIELDS},
        )
        return org.get_absolute_url()

    saved = save_form(request, form, save_organization, done)
    if saved is not None:
        return saved
    return render(
        request,
        "directory/organization_form.html",
        {"form": form, "title": title, "organization": organization},
        status=400 if form.errors else 200,
    )


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("directory.add_organization"):
        raise PermissionDenied
    return _organization_form_page(
        request,
        organization=None,
        initial=None,
        save=services.create_organization,
        title=_("Add an organisation"),
        done=_("Organisation added."),
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
    return _organization_form_page(
        request,
        organization=org,
        initial=initial,
        save=lambda user, **fields: services.update_organization(user, org, **fields),
        title=_("Edit the organisation"),
        done=_("Saved."),
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
