from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plaza.core.admin import ReadOnlyInline, ServiceAdmin
from plaza.library import services
from plaza.library.models import Creator, Resource, ResourceFile, Status


class CreatorInline(ReadOnlyInline):
    """Creators are set with the resource on its curation page (``services.update_resource``)."""

    model = Creator


class ResourceFileInline(ReadOnlyInline):
    model = ResourceFile
    fields = (
        "original_name",
        "content_type",
        "size",
        "extraction_status",
        "extraction_message",
        "page_count",
        "preview_status",
        "preview_message",
        "download_count",
    )
    readonly_fields = fields


RESOURCE_RELATED = ("sectors", "cities")


@admin.register(Resource)
class ResourceAdmin(ServiceAdmin):
    """Every write is a ``library.services`` call: create, update (history, the search index, the
    data version of the grouped lists), publish (the action), delete (drafts only; what was
    published is withdrawn, never deleted: its URL and citations stay)."""

    list_display = ("title", "type", "language", "year", "status", "visibility")
    list_filter = ("status", "visibility", "type", "language", "source")
    search_fields = ("title", "subtitle", "doi", "isbn")
    inlines = (CreatorInline, ResourceFileInline)
    autocomplete_fields = ("publisher_organization", "edition_of")
    filter_horizontal = ("sectors", "cities")
    readonly_fields = ("status", "published_at", "withdrawn_at", "created_by")
    exclude = ("full_text",)
    service_fields = (*services.EDITABLE_FIELDS, *RESOURCE_RELATED)
    actions = ("publish_selected",)
    change_list_template = "library/admin_change_list.html"

    def _split(self, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        fields = {k: v for k, v in data.items() if k in services.EDITABLE_FIELDS}
        related = {k: list(v) for k, v in data.items() if k in RESOURCE_RELATED}
        return fields, related

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Resource:
        fields, related = self._split(data)
        return services.create_resource(request.user, fields, **related)

    def update_record(self, request: HttpRequest, obj: Resource, data: dict[str, Any]) -> Resource:
        fields, related = self._split(data)
        return services.update_resource(request.user, obj, fields, **related)

    def delete_record(self, request: HttpRequest, obj: Resource) -> None:
        """Drafts only, with their index entry and files (the service refuses the others)."""
        services.delete_resource(request.user, obj)

    @admin.action(description=gettext_lazy("Publish the selected resources"))
    def publish_selected(self, request: HttpRequest, queryset: Any) -> None:
        done = 0
        for resource in queryset.exclude(status="published"):
            try:
                services.publish_resource(request.user, resource)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{resource}: {exc}", messages.ERROR)
        self.message_user(request, _("%(n)s resource(s) published.") % {"n": done})

    def get_urls(self) -> list[Any]:
        extra: list[URLPattern] = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="library_resource_import",
            ),
            path(
                "import/<str:result_id>/",
                self.admin_site.admin_view(self.import_status_view),
                name="library_resource_import_status",
            ),
        ]
        return [*extra, *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Check the whole file in the request (reads only); write it in the background."""
        import base64

        from django.shortcuts import redirect
        from django_tasks import TaskResultStatus

        from plaza.library.forms import ImportForm
        from plaza.library.importers import import_file, import_resources_file

        if not request.user.has_perm("library.import_resources"):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        lines: list[str] = []
        rejected = False
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            publish = form.cleaned_data["publish"]
            check = import_file(request.user, upload.name, data, publish=publish, dry_run=True)
            if check.rejected:
                lines, rejected = check.lines(), True
            else:
                result = import_resources_file.enqueue(
                    int(request.user.pk or 0),
                    upload.name,
                    base64.b64encode(data).decode("ascii"),
                    publish,
                    "en",
                )
                if result.status != TaskResultStatus.SUCCESSFUL:
                    return redirect("admin:library_resource_import_status", result.id)
                lines = list(result.return_value or [])
        return self._import_page(request, form, lines, status=400 if rejected else 200)

    def import_status_view(self, request: HttpRequest, result_id: str) -> HttpResponse:
        """Where an import running in the background stands (reload to follow it)."""
        from django.http import Http404
        from django_tasks import TaskResultStatus
        from django_tasks.exceptions import TaskResultDoesNotExist

        from plaza.library.forms import ImportForm
        from plaza.library.importers import import_resources_file

        if not request.user.has_perm("library.import_resources"):
            raise PermissionDenied
        try:
            result = import_resources_file.get_result(result_id)
        except (TaskResultDoesNotExist, NotImplementedError, ValueError):
            raise Http404 from None
        if result.args and result.args[0] != request.user.pk and not request.user.is_superuser:
            raise Http404
        if result.status == TaskResultStatus.SUCCESSFUL:
            lines = list(result.return_value or [])
            running = ""
        elif result.status == TaskResultStatus.FAILED:
            lines = [_("The import failed; nothing was imported. The error is in the log.")]
            running = ""
        else:
            lines = []
            running = _("The file was checked and is being imported. Reload this page to follow.")
        return self._import_page(request, ImportForm(), lines, running=running)

    def _import_page(
        self,
        request: HttpRequest,
        form: Any,
        lines: list[str],
        status: int = 200,
        running: str = "",
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "lines": lines,
            "running": running,
            "title": _("Import resources"),
        }
        return render(request, "library/admin_import.html", context, status=status)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """What was published is withdrawn, never deleted (its URL and citations stay)."""
        if obj is not None and obj.status not in (Status.DRAFT, Status.REVIEW):
            return False
        return bool(super().has_delete_permission(request, obj))
