"""Structured request logging: one JSON line per request."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
