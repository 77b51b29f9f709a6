from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from plaza.cities.indexing import index_agreement, index_city
from plaza.cities.models import (
    Activity,
    ActivityResource,
    Agreement,
    City,
    CityNote,
    Commitment,
    Evidence,
    Meeting,
    PlatformSeat,
    Session,
)
from plaza.search import registry


class IndexedAdmin(SimpleHistoryAdmin):
    """Keeps the search index in step with edits made here (as the services do)."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if isinstance(obj, City):
            index_city(obj)
        elif isinstance(obj, Agreement):
            index_agreement(obj)
        else:
            registry.index_object(obj)


@admin.register(City)
class CityAdmin(IndexedAdmin):
    list_display = ("name", "country", "year_joined", "time_zone")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(CityNote)
class CityNoteAdmin(SimpleHistoryAdmin):
    list_display = ("city", "author", "created_at")
    list_filter = ("city",)


class SessionInline(admin.TabularInline[Session, Activity]):
    model = Session
    extra = 0


class SeatInline(admin.TabularInline[PlatformSeat, Activity]):
    model = PlatformSeat
    extra = 0
    autocomplete_fields = ("organization",)


class ResourceInline(admin.TabularInline[ActivityResource, Activity]):
    model = ActivityResource
    extra = 0
    raw_id_fields = ("resource",)


@admin.register(Activity)
class ActivityAdmin(IndexedAdmin):
    list_display = ("title", "city", "kind", "status", "start_date", "is_public", "is_demo")
    list_filter = ("city", "kind", "status", "is_public", "is_demo")
    search_fields = ("title", "description")
    inlines = [SessionInline, SeatInline, ResourceInline]


class CommitmentInline(admin.TabularInline[Commitment, Agreement]):
    model = Commitment
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(IndexedAdmin):
    list_display = ("title", "platform", "reached_on", "is_public")
    list_filter = ("platform__city", "is_public")
    inlines = [CommitmentInline]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("platform", "date", "place", "is_public")
    list_filter = ("platform__city",)


@admin.register(Commitment)
class CommitmentAdmin(IndexedAdmin):
    list_display = ("responsible", "action", "due_date", "status", "progress")
    list_filter = ("agreement__platform__city", "status")


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ("commitment", "date", "kind", "progress", "status")
    # Files come in through the checked upload (services.record_evidence) and go out through
    # the permission-checked view: the admin links to it and never to a media path.
    exclude = ("file",)
    readonly_fields = ("file_link", "original_name")

    @admin.display(description=_("file"))
    def file_link(self, obj: Evidence) -> str:
        if not obj.pk or not obj.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', obj.get_file_url(), obj.original_name or _("Open the file")
        )
