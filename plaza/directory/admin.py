from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from plaza.directory.models import (
    Consent,
    ErasureLog,
    MembershipFigure,
    Organization,
    OrganizationRelationship,
    Person,
    Position,
)


class MembershipFigureInline(admin.TabularInline):
    model = MembershipFigure
    extra = 0


class RelationshipInline(admin.TabularInline):
    model = OrganizationRelationship
    fk_name = "organization"
    extra = 0
    autocomplete_fields = ("related_organization",)


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ("organization",)


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    exclude = ("recorded_by",)


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "acronym", "kind", "country", "is_demo")
    list_filter = ("kind", "is_demo", "sectors", "cities")
    search_fields = ("name", "acronym")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("cities", "sectors")
    inlines = (MembershipFigureInline, RelationshipInline)


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    """Erasure is not done here: use the person's page (it anonymises, clears history, logs)."""

    list_display = ("name", "gender", "is_demo", "erased_at")
    list_filter = ("gender", "is_demo")
    search_fields = ("name", "email")
    readonly_fields = ("erased_at",)
    inlines = (PositionInline, ConsentInline)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # people are never deleted; they are erased (anonymised) on request


@admin.register(ErasureLog)
class ErasureLogAdmin(admin.ModelAdmin):
    list_display = ("person", "erased_at", "erased_by", "requested_on")
    readonly_fields = ("person", "erased_at", "erased_by", "reason", "requested_on", "details")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
