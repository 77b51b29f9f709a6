"""Pages where contributors and librarians create, upload, review, publish and withdraw."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plaza.core.errors import add_form_errors
from plaza.library import selectors, services
from plaza.library.forms import FileUploadForm, ResourceForm, WithdrawForm
from plaza.library.models import Resource, ResourceFile


@login_required
def create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("library.add_resource"):
        raise PermissionDenied
    form = ResourceForm(request.POST or None, initial={"visibility": "public", "language": "en"})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            fields, creators, sectors, cities = form.service_arguments()
            try:
                resource = services.create_resource(request.user, fields, creators, sectors, cities)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Draft saved. Add files, then send it for review."))
                return redirect(resource.get_absolute_url())
        status = 400
    return render(request, "library/form.html", {"form": form, "resource": None}, status=status)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_object_or_404(Resource, pk=pk)
    if not request.user.has_perm("library.change_resource", resource):
        raise PermissionDenied
    form = ResourceForm(request.POST or None, initial=ResourceForm.initial_for(resource))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            fields, creators, sectors, cities = form.service_arguments()
            try:
                services.update_resource(request.user, resource, fields, creators, sectors, cities)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Changes saved."))
                return redirect(resource.get_absolute_url())
        status = 400
        resource.refresh_from_db()
    return render(request, "library/form.html", {"form": form, "resource": resource}, status=status)


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_object_or_404(Resource, pk=pk)
    if not request.user.has_perm("library.change_resource", resource):
        raise PermissionDenied
    form = FileUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            resource_file = services.attach_file(request.user, resource, form.cleaned_data["file"])
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(
                request, _("File %(name)s uploaded.") % {"name": resource_file.original_name}
            )
            return redirect(resource.get_absolute_url())
    return render(
        request,
        "library/upload_error.html",
        {"resource": resource, "upload_form": form},
        status=400,
    )


@login_required
@require_POST
def remove_file(request: HttpRequest, pk: int) -> HttpResponse:
    resource_file = get_object_or_404(ResourceFile.objects.select_related("resource"), pk=pk)
    services.remove_file(request.user, resource_file)
    messages.success(request, _("File removed."))
    return redirect(resource_file.resource.get_absolute_url())


def _transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    resource = get_object_or_404(Resource, pk=pk)
    done = {
        "submit": (services.submit_for_review, _("Sent for review.")),
        "return": (services.return_to_draft, _("Sent back to draft.")),
        "publish": (services.publish_resource, _("Published.")),
    }
    function, message = done[action]
    try:
        function(request.user, resource)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(resource.get_absolute_url())
    messages.success(request, message)
    return redirect(resource.get_absolute_url())


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "submit")


@login_required
@require_POST
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "return")


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "publish")


@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_object_or_404(Resource, pk=pk)
    if not request.user.has_perm("library.withdraw_resource", resource):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_resource(request.user, resource, form.cleaned_data["reason"])
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Withdrawn. The page now shows a notice."))
            return redirect(resource.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request, "library/withdraw.html", {"resource": resource, "form": form}, status=status
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("library.curate"):
        raise PermissionDenied
    context: dict[str, Any] = {"resources": selectors.curation_queue()[:200]}
    return render(request, "library/queue.html", context)
