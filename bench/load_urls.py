"""Plaza's URLs plus /bench-floor/, a view that does no work (bench/load.py's floor)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

import plaza.urls


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<!doctype html><title>floor</title><p>ok</p>")


urlpatterns = [path("bench-floor/", floor), *plaza.urls.urlpatterns]
