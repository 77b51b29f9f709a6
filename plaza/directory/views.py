from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from plaza.directory import selectors
from plaza.directory.models import Organization


def network_list(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/network_list.html", {"networks": selectors.worker_networks()})


def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(
        Organization.objects.prefetch_related("sectors", "cities"), slug=slug
    )
    return render(request, "directory/organization_detail.html", {"organization": organization})
