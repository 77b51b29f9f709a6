from __future__ import annotations

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from plaza.accounts.services import set_language_preference
from plaza.cities.selectors import focal_cities


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"cities": focal_cities()})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": "unreachable", "detail": str(exc).splitlines()[0]},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, which also remembers the choice for a logged-in user."""
    language = request.POST.get("language", "")
    response = django_set_language(request)
    if request.user.is_authenticated and check_for_language(language):
        set_language_preference(request.user, language)
    return response
