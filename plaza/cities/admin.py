"""The admin of focal cities and their work: every write is a ``plaza.cities.services`` call
(``plaza.core.admin.ServiceAdmin``), so it checks the permission, records the history and keeps
the search index and the dashboards' figures in step, as the pages and the API do. What has
no correction service here (sessions, seats, resource links, evidence) is shown read only and
changed on the record's own page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from plaza.cities import services
from plaza.cities.models import (
    Activity,
    ActivityResource,
    Agreement,
    City,
    CityNote,
    Commitment,
    Demand,
    Evidence,
    Meeting,
    PlatformSeat,
    Session,
)
from plaza.cities.models.activity import COMMON_FIELDS, KIND_FIELDS, RESOURCE_FIELDS
from plaza.core.admin import ReadOnlyHistoryAdmin, ReadOnlyInline, ServiceAdmin


@admin.register(City)
class CityAdmin(ServiceAdmin):
    list_display = ("name", "country", "year_joined", "time_zone")
    prepopulated_fields = {"slug": ("name",)}
    create_fields = ("slug", *services.CITY_FIELDS)
    service_fields = services.CITY_FIELDS  # the slug is in every city URL: it stays

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> City:
        slug = data.pop("slug")
        return services.create_city(request.user, slug=slug, **data)

    def update_record(self, request: HttpRequest, obj: City, data: dict[str, Any]) -> City:
        return services.update_city(request.user, obj, data)


@admin.register(CityNote)
class CityNoteAdmin(ServiceAdmin):
    """Notes are added (with their author); a note is not rewritten afterwards."""

    list_display = ("city", "author", "created_at")
    list_filter = ("city",)
    create_fields = ("city", "text")

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> CityNote:
        return services.add_city_note(request.user, data["city"], data["text"])


class SessionInline(ReadOnlyInline):
    model = Session


class SeatInline(ReadOnlyInline):
    model = PlatformSeat


class ResourceInline(ReadOnlyInline):
    model = ActivityResource


ACTIVITY_FIELDS = tuple(
    dict.fromkeys((*COMMON_FIELDS, *(name for names in KIND_FIELDS.values() for name in names)))
)


@admin.register(Activity)
class ActivityAdmin(ServiceAdmin):
    list_display = ("title", "city", "kind", "status", "start_date", "is_public", "is_demo")
    list_filter = ("city", "kind", "status", "is_public", "is_demo")
    search_fields = ("title", "description")
    inlines = [SessionInline, SeatInline, ResourceInline]
    create_fields = ("city", "kind", *ACTIVITY_FIELDS)
    service_fields = ACTIVITY_FIELDS  # the city and the kind of a piece of work stay

    @staticmethod
    def _for_kind(kind: str, data: dict[str, Any]) -> dict[str, Any]:
        """The fields of this kind of work, and any other field that was filled in (so the
        service names it as not belonging to this kind)."""
        own = {*COMMON_FIELDS, *KIND_FIELDS.get(kind, ()), *RESOURCE_FIELDS}
        return {
            name: value
            for name, value in data.items()
            if name in own or value not in (None, "", [], ())
        }

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Activity:
        city, kind = data.pop("city"), data.pop("kind")
        return services.create_activity(request.user, city, kind, self._for_kind(kind, data))

    def update_record(self, request: HttpRequest, obj: Activity, data: dict[str, Any]) -> Activity:
        return services.update_activity(request.user, obj, self._for_kind(obj.kind, data))


class CommitmentInline(ReadOnlyInline):
    model = Commitment


@admin.register(Agreement)
class AgreementAdmin(ServiceAdmin):
    """Agreements are recorded with their meeting (on the platform's page) and corrected here."""

    list_display = ("title", "platform", "reached_on", "is_public")
    list_filter = ("platform__city", "is_public")
    inlines = [CommitmentInline]
    service_fields = services.AGREEMENT_FIELDS

    def update_record(
        self, request: HttpRequest, obj: Agreement, data: dict[str, Any]
    ) -> Agreement:
        return services.update_agreement(request.user, obj, data)


class DemandInline(ReadOnlyInline):
    model = Demand
    fields = ("text", "raised_by", "status")


@admin.register(Meeting)
class MeetingAdmin(ServiceAdmin):
    """Meetings are recorded on the platform's page (with what was demanded and agreed)."""

    list_display = ("platform", "date", "place", "is_public")
    list_filter = ("platform__city",)
    inlines = [DemandInline]
    service_fields = services.MEETING_FIELDS

    def update_record(self, request: HttpRequest, obj: Meeting, data: dict[str, Any]) -> Meeting:
        return services.update_meeting(request.user, obj, data)


@admin.register(Demand)
class DemandAdmin(ServiceAdmin):
    list_display = ("text", "raised_by", "status", "meeting")
    list_filter = ("platform__city", "status")
    search_fields = ("text",)
    service_fields = services.DEMAND_FIELDS

    def update_record(self, request: HttpRequest, obj: Demand, data: dict[str, Any]) -> Demand:
        return services.update_demand(request.user, obj, data)


@admin.register(Commitment)
class CommitmentAdmin(ServiceAdmin):
    """Who must do what by when; its progress and status move with evidence only."""

    list_display = ("responsible", "action", "due_date", "status", "progress")
    list_filter = ("agreement__platform__city", "status")
    service_fields = services.COMMITMENT_FIELDS

    def update_record(
        self, request: HttpRequest, obj: Commitment, data: dict[str, Any]
    ) -> Commitment:
        return services.update_commitment(request.user, obj, data)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyHistoryAdmin):
    """Evidence is recorded on the commitment's page (``services.record_evidence``: the checked
    upload moves the commitment's progress); here it is seen, its file through the checked view."""

    list_display = ("commitment", "date", "kind", "progress", "status")
    # Files go out through the permission-checked view: the admin links to it and never to a
    # media path.
    exclude = ("file",)
    readonly_fields = ("file_link", "original_name")

    @admin.display(description=_("file"))
    def file_link(self, obj: Evidence) -> str:
        if not obj.pk or not obj.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', obj.get_file_url(), obj.original_name or _("Open the file")
        )
