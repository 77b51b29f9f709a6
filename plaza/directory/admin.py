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
from plaza.search import registry


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

    # The admin edits organisations directly: keep the search index in step, in the same
    # transaction as the change (the services do the same for pages and the API).
    def save_related(self, request: Any, form: Any, formsets: Any, change: Any) -> None:
        super().save_related(request, form, formsets, change)
        registry.index_object(form.instance)

    def delete_model(self, request: Any, obj: Any) -> None:
        registry.remove_object(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for organization in queryset:
            registry.remove_object(organization)
        super().delete_queryset(request, queryset)


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
