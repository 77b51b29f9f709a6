"""Directory data in bulk: CSV/XLSX exports of the lists and the staff CSV import page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from plaza.directory import exports, selectors
from plaza.directory.forms import ImportForm, OrganizationFilterForm
from plaza.directory.importers import import_directory

MAX_IMPORT_BYTES = 5 * 1024 * 1024
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _download(fmt: str, name: str, columns: tuple[str, ...], rows: object) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    body = (
        exports.to_csv(columns, rows)  # type: ignore[arg-type]
        if fmt == "csv"
        else exports.to_xlsx(name, columns, rows)  # type: ignore[arg-type]
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    return response


def organization_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form = OrganizationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.organizations(
        kind=filters.get("kind", ""),
        city=filters.get("city", ""),
        sector=filters.get("sector", ""),
        query=filters.get("q", ""),
    )
    return _download(
        fmt, "organisations", exports.ORGANIZATION_COLUMNS, exports.organization_rows(qs)
    )


@login_required
def person_list_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return _download(fmt, "people", exports.PEOPLE_COLUMNS, exports.people_rows(request.user))


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("directory.import_directory"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", _("The file is too large (5 MB at most)."))
        else:
            report = import_directory(
                request.user,
                upload.read(),
                kind=form.cleaned_data["kind"],
                dry_run=form.cleaned_data["dry_run"],
            )
            status = 200 if report.ok else 400
    if form.errors:
        status = 400
    return render(request, "directory/import.html", {"form": form, "report": report}, status=status)


@login_required
def erasure_log(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("directory.view_erasurelog"):
        raise PermissionDenied
    from django.core.paginator import Paginator

    from plaza.directory.models import ErasureLog

    entries = ErasureLog.objects.select_related("erased_by").order_by("-erased_at")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "directory/erasure_log.html", {"page": page, "query": ""})
