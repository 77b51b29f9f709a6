"""The staff queue (filled in below)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def queue(request: HttpRequest) -> HttpResponse:
    raise Http404


def detail(request: HttpRequest, reference: str) -> HttpResponse:
    raise Http404
