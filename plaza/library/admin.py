from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from plaza.library.models import Creator, Resource, ResourceFile, Status


class CreatorInline(admin.TabularInline):
    model = Creator
    extra = 0
    autocomplete_fields = ("organization",)


class ResourceFileInline(admin.TabularInline):
    model = ResourceFile
    extra = 0
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
    actions = ("publish_selected",)
    change_list_template = "library/admin_change_list.html"

    @admin.action(description=gettext_lazy("Publish the selected resources"))
    def publish_selected(self, request: HttpRequest, queryset: Any) -> None:
        from plaza.library import services

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

    def save_related(self, request: Any, form: Any, formsets: Any, change: Any) -> None:
        """The admin edits metadata directly; keep the search index in step, in the same transaction."""
        from plaza.search import registry

        super().save_related(request, form, formsets, change)
        registry.index_object(form.instance)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """What was published is withdrawn, never deleted (its URL and citations stay)."""
        if obj is not None and obj.status not in (Status.DRAFT, Status.REVIEW):
            return False
        return bool(super().has_delete_permission(request, obj))

    def delete_model(self, request: Any, obj: Any) -> None:
        """Through the service: drafts only, with their index entry and files."""
        self.delete_queryset(request, [obj])

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        """The "Delete selected" action goes through the service too, one resource at a time."""
        from plaza.library import services

        for resource in queryset:
            try:
                services.delete_resource(request.user, resource)
            except (ValidationError, PermissionDenied) as exc:
                reason = "; ".join(getattr(exc, "messages", [])) or _("not allowed")
                self.message_user(request, f"{resource}: {reason}", messages.ERROR)
