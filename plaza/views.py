"""Project-level pages that compose several apps: the home page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plaza.cities.selectors import focal_cities


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"cities": focal_cities()})
