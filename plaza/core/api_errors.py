"""Every API error in one JSON shape, ``{"detail": "...", "errors": {"field": ["..."]}}``.

``install(api)`` registers the exception handlers once (plaza/api.py), so endpoints just call
their service and let its ValidationError or PermissionDenied rise; ``document(schema)`` adds
the error responses every operation can give to the OpenAPI document. The status rules:

- 400: the request is not valid (a parameter or a field; ``errors`` names each one);
- 401: the operation needs a logged-in session and there is none;
- 403: logged in, but not allowed;
- 404: no such record, or one this user may not see;
- 409: valid, but it clashes with the current state;
- 410: the record was withdrawn;
- 413: the request body is too large;
- 429: too many requests; ``Retry-After`` says when to try again.

See docs/dev/errors.md.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    ValidationError,
)
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja import errors as ninja_errors

from plaza.core.errors import error_summary, field_errors, status_of

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("plaza.api")


class ErrorOut(Schema):
    """The body of every error answer."""

    detail: str = Field(description="What went wrong, in one line a person can read")
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        description='Messages by field (by parameter for query parameters); "__all__": '
        "messages about the request as a whole",
    )


class Gone(Exception):
    """The record existed and was withdrawn (410); ``detail`` says why when the user may know."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail)
        self.detail = detail


def _answer(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    detail: str,
    errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    """``("body", "payload", "abstract")`` -> ``abstract``; ``("query", "limit")`` -> ``limit``."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "form", "cookie", "header", "file"}:
        where, parts = parts[0], parts[1:]
        if where == "body" and len(parts) > 1:
            parts = parts[1:]  # the payload parameter's own name
    return ".".join(parts) or NON_FIELD_ERRORS


def install(api: NinjaAPI) -> None:
    """Register the handlers that give every error the one shape."""

    @api.exception_handler(ValidationError)
    def service_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = field_errors(exc)
        status = status_of(exc)
        response = _answer(api, request, status, error_summary(errors), errors)
        if status == 429:
            response["Retry-After"] = str(getattr(exc, "retry_after", 3600))
        return response

    @api.exception_handler(ninja_errors.ValidationError)
    def invalid_request(request: HttpRequest, exc: ninja_errors.ValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            name = _field_name(error.get("loc", ()))
            errors.setdefault(name, []).append(str(error.get("msg", _("Not valid."))))
        return _answer(api, request, 400, error_summary(errors), errors)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        if not request.user.is_authenticated:
            return _answer(api, request, 401, _("Log in first."))
        return _answer(api, request, 403, str(exc) or _("You cannot do this."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _answer(api, request, 404, _("Not found."))

    @api.exception_handler(Gone)
    def gone(request: HttpRequest, exc: Gone) -> HttpResponse:
        return _answer(api, request, 410, exc.detail or _("This record was withdrawn."))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return _answer(api, request, 413, _("The request is too large."))

    @api.exception_handler(DataError)
    def out_of_range(request: HttpRequest, exc: DataError) -> HttpResponse:
        # The database refused a value (a number out of range, a character it cannot store):
        # the input's fault, so a 400, but logged because the schema should have caught it.
        logger.warning("database refused a value on %s %s: %s", request.method, request.path, exc)
        return _answer(api, request, 400, _("A value is out of range or not allowed."))

    @api.exception_handler(ninja_errors.HttpError)
    def http_error(request: HttpRequest, exc: ninja_errors.HttpError) -> HttpResponse:
        status = exc.status_code
        if status == 401:
            detail = _("Log in first.")
        elif status == 403 and str(exc) == "Forbidden":
            detail = _("You cannot do this.")
        else:
            detail = str(exc)
        response = _answer(api, request, status, detail)
        wait = getattr(exc, "wait", None)
        if status == 429 and wait:
            response["Retry-After"] = str(int(wait))
        return response


_DESCRIPTIONS = {
    400: "The request is not valid: `errors` names each parameter or field and the problem",
    401: "Log in first (a session cookie, and the CSRF token for writes)",
    403: "Logged in, but not allowed",
    404: "No such record, or one you may not see",
    409: "Valid, but it clashes with the current state",
    410: "The record was withdrawn",
    413: "The request body is too large",
    429: "Too many requests; try again after `Retry-After` seconds",
}
_ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}


def _error_response(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": _DESCRIPTIONS.get(status, "Error"),
        "content": {"application/json": {"schema": _ERROR_REF}},
    }
    if status == 429:
        response["headers"] = {
            "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait"}
        }
    return response


def document(schema: dict[str, Any]) -> dict[str, Any]:
    """Add to every operation the error answers it can give (see the module docstring)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorOut", ErrorOut.model_json_schema(ref_template="{model}"))
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            statuses = {400}  # any request can carry a bad parameter (or a NUL byte)
            if operation.get("security"):
                statuses |= {401, 403}
            params = operation.get("parameters", [])
            if any(p.get("in") == "path" for p in params):
                statuses.add(404)
            if operation.get("requestBody"):
                statuses.add(413)
            for status in sorted(statuses):
                if status not in responses and str(status) not in responses:
                    responses[status] = _error_response(status)
            # Statuses an endpoint declared with a schema of its own get the shared description.
            for status, response in responses.items():
                if int(status) >= 400 and int(status) in _DESCRIPTIONS:
                    response.setdefault("content", {"application/json": {"schema": _ERROR_REF}})
                    response["description"] = _DESCRIPTIONS[int(status)]
                    if int(status) == 429:
                        response.setdefault("headers", _error_response(429)["headers"])
    return schema
