"""Middleware of every request: structured logging, the security policy, a busy database."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger("plaza.request")

# Views whose URL carries a secret (a password reset token): the log shows the route instead.
SECRET_URLS = {"accounts:password_reset_confirm"}


def loggable_path(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name in SECRET_URLS:
        return "/" + str(match.route)
    return request.path


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - start) * 1000, 1)
        user = getattr(request, "user", None)
        level = logging.WARNING if response.status_code >= 500 else logging.INFO
        if not request.path.startswith("/static/"):
            path = loggable_path(request)
            logger.log(
                level,
                "%s %s %s",
                request.method,
                path,
                response.status_code,
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                    "language": getattr(request, "LANGUAGE_CODE", None),
                },
            )
        response["X-Request-ID"] = request_id
        return response


class ContentSecurityPolicyMiddleware:
    """A strict Content-Security-Policy on every response that has none of its own.

    Plaza's pages use no inline script and no inline event handler (scripts are static
    files); views that need another policy (stored files: see plaza.core.files) set theirs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        return response


def is_lock_timeout(exc: BaseException) -> bool:
    """The database stayed locked (SQLite) or a lock was not granted in time (PostgreSQL)."""
    from django.db.utils import OperationalError

    if not isinstance(exc, OperationalError):
        return False
    text = str(exc).lower()
    cause = exc.__cause__
    return (
        "database is locked" in text
        or "database table is locked" in text
        or getattr(cause, "sqlstate", None) in {"55P03", "40P01"}
        or "lock timeout" in text
    )


class DatabaseBusyMiddleware:
    """A write that waited too long for the database answers 503 "busy, try again", not 500.

    SQLite lets one writer at a time; a request waits at most ``PLAZA_DB_BUSY_TIMEOUT``
    seconds for the lock and then gets this answer with ``Retry-After``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_lock_timeout(exception):
            return None
        from django.utils.translation import gettext as _

        logger.warning(
            "database busy: %s %s", request.method, request.path, extra={"path": request.path}
        )
        message = _("The site is busy saving other work. Please try again in a few seconds.")
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(settings.DB_BUSY_RETRY_AFTER)
        return response
