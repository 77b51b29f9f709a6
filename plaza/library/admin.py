from __future__ import annotations

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plaza.library.models import Creator, Resource, ResourceFile


class CreatorInline(admin.TabularInline):
    model = Creator
    extra = 0
    autocomplete_fields = ("organization",)


class ResourceFileInline(admin.TabularInline):
    model = ResourceFile
    extra = 0
    fields = ("original_name", "content_type", "size", "extraction_status", "extraction_message")
    readonly_fields = fields
    can_delete = False


@admin.register(Resource)
class ResourceAdmin(SimpleHistoryAdmin):
    list_display = ("title", "type", "language", "year", "status", "visibility")
    list_filter = ("status", "visibility", "type", "language", "source")
    search_fields = ("title", "subtitle", "doi", "isbn")
    inlines = (CreatorInline, ResourceFileInline)
    autocomplete_fields = ("publisher_organization", "edition_of")
    filter_horizontal = ("sectors", "cities")
    readonly_fields = ("status", "published_at", "withdrawn_at", "created_by")
    exclude = ("full_text",)

    def save_related(self, request: Any, form: Any, formsets: Any, change: Any) -> None:
        """The admin edits metadata directly; keep the search index in step, in the same transaction."""
        from plaza.search import registry

        super().save_related(request, form, formsets, change)
        registry.index_object(form.instance)

    def delete_model(self, request: Any, obj: Any) -> None:
        from plaza.search import registry

        registry.remove_object(obj)
        super().delete_model(request, obj)
