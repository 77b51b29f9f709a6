"""Middleware of every request: structured logging, the NUL-byte guard, the security policy, a
busy database, compression and conditional GET."""

from __future__ import annotations

import hashlib
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.middleware.gzip import GZipMiddleware
from django.middleware.http import ConditionalGetMiddleware
from django.utils.http import quote_etag
from django.utils.translation import gettext as _

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


# Content types worth compressing: text that shrinks 3-10 times. Files (PDFs, images,
# archives) are already compressed or streamed with a length and byte ranges: left alone.
COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "application/rss+xml",
    "application/javascript",
    "application/x-bibtex",
    "application/x-research-info-systems",
    "application/vnd.citationstyles.csl+json",
    "image/svg+xml",
)


class CompressionMiddleware(GZipMiddleware):
    """gzip for pages, feeds and API answers when the client accepts it.

    Django's GZipMiddleware, restricted to whole (non-streaming) text responses: a file
    download keeps its Content-Length and byte ranges, and no CPU is spent re-compressing
    a PDF. BREACH: the pages that carry secrets carry Django's CSRF token, which Django
    masks with a new random pad on every response, and GZipMiddleware adds random bytes
    to the length of each compressed response (Heal The BREACH).
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if response.streaming:
            return response
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)


_MASKED_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


class PageConditionalGetMiddleware(ConditionalGetMiddleware):
    """ETag / Last-Modified and 304 answers, for pages that carry a CSRF token too.

    Every page has a form with Django's CSRF token (the language switch), masked with a new
    random pad on each response, so a plain ETag of the body never repeats. The ETag here
    is of the body with the masked tokens blanked, plus the CSRF secret of the client's
    cookie: a 304 tells the browser to reuse a page whose token is a masking of the very
    secret it holds (still valid); a new secret (after a login) gives a new ETag.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            request.method == "GET"
            and self.needs_etag(response)
            and not response.has_header("ETag")
            and isinstance(response, HttpResponse)
        ):
            body = _MASKED_TOKEN.sub(rb"\1\2", response.content)
            secret = str(request.META.get("CSRF_COOKIE", "")).encode()
            digest = hashlib.md5(body + b"\0" + secret, usedforsecurity=False).hexdigest()
            response["ETag"] = quote_etag(digest)
        return super().process_response(request, response)


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


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


class RejectNulMiddleware:
    """Answer 400 to a request with a NUL character in its path, query string, form fields or
    JSON body, before any view sees it: PostgreSQL cannot store or even compare a string with
    NUL (it raises, which was a 500), and no real input needs one. Also answers 413 (not 400)
    to a form or JSON body over DATA_UPLOAD_MAX_MEMORY_SIZE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            problem = self.problem(request)
        except RequestDataTooBig:
            return self.refuse(request, 413, _("The request is too large."))
        except (MultiPartParserError, UnicodeDecodeError):
            problem = "body"
        if problem:
            detail = _("The request holds a character that is not allowed (NUL).")
            return self.refuse(request, 400, detail, problem)
        return self.get_response(request)

    @staticmethod
    def problem(request: HttpRequest) -> str:
        if "\x00" in request.path:
            return "path"
        if _has_nul(request.GET):
            return "query"
        if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
            content_type = request.content_type or ""
            if content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
                if _has_nul(request.POST):
                    return "form"
            elif content_type.endswith("json"):
                body = request.body
                if b"\x00" in body or b"\\u0000" in body.lower():
                    return "body"
        return ""

    @staticmethod
    def refuse(request: HttpRequest, status: int, detail: str, part: str = "") -> HttpResponse:
        if request.path.startswith("/api/"):
            errors = {part: [detail]} if part else {}
            return JsonResponse({"detail": detail, "errors": errors}, status=status)
        return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")
