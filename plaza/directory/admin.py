from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from plaza.core.admin import ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin
from plaza.directory import services
from plaza.directory.models import (
    Consent,
    ErasureLog,
    MembershipFigure,
    Organization,
    OrganizationRelationship,
    Person,
    Position,
)


class MembershipFigureInline(ReadOnlyInline):
    model = MembershipFigure


class RelationshipInline(ReadOnlyInline):
    model = OrganizationRelationship
    fk_name = "organization"


class PositionInline(ReadOnlyInline):
    model = Position


class ConsentInline(ReadOnlyInline):
    model = Consent
    exclude = ("recorded_by",)


ORGANIZATION_RELATED = ("cities", "sectors", "languages")


@admin.register(Organization)
class OrganizationAdmin(ServiceAdmin):
    """Through ``directory.services`` (permission, history, the search index). Membership figures
    and relationships are recorded on the organisation's page; an organisation is not deleted
    here (its seats, positions and the work that names it would go with it)."""

    list_display = ("name", "acronym", "kind", "country", "is_demo")
    list_filter = ("kind", "is_demo", "sectors", "cities")
    search_fields = ("name", "acronym")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("cities", "sectors")
    inlines = (MembershipFigureInline, RelationshipInline)
    create_fields = ("name", "slug", *services.ORGANIZATION_FIELDS[1:], *ORGANIZATION_RELATED)
    service_fields = (*services.ORGANIZATION_FIELDS, *ORGANIZATION_RELATED)

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Organization:
        return services.create_organization(request.user, **data)

    def update_record(
        self, request: HttpRequest, obj: Organization, data: dict[str, Any]
    ) -> Organization:
        return services.update_organization(request.user, obj, **data)


@admin.register(Person)
class PersonAdmin(ServiceAdmin):
    """Corrected through ``directory.services.update_person``. A person enters the directory on an
    organisation's page (with a position and the consent they gave); positions and consent are
    recorded there; people are never deleted, they are erased (anonymised) on request from the
    person's page (it clears their history and logs the erasure)."""

    list_display = ("name", "gender", "is_demo", "erased_at")
    list_filter = ("gender", "is_demo")
    search_fields = ("name", "email")
    inlines = (PositionInline, ConsentInline)
    service_fields = services.PERSON_FIELDS

    def update_record(self, request: HttpRequest, obj: Person, data: dict[str, Any]) -> Person:
        return services.update_person(request.user, obj, **data)


@admin.register(ErasureLog)
class ErasureLogAdmin(ReadOnlyAdmin):
    """Written by the erasure service; kept as the proof that a request was carried out."""

    list_display = ("person", "erased_at", "erased_by", "requested_on")
