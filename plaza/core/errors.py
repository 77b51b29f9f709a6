"""One error contract for every write: services raise, pages and the API show it the same way.

A service refuses a write by raising Django's ``ValidationError`` (field -> messages; a message
without a field belongs to the whole request) or ``PermissionDenied``. ``ServiceError`` is that
same ValidationError with an HTTP status for the cases that are not plain bad input
(``Conflict`` 409; ``plaza.core.limits.RateLimited`` 429); a plain ValidationError is a 400. Pages put the errors on
their form with ``add_form_errors``; the API turns them into one JSON shape in ``plaza/api.py``
(see docs/dev/errors.md). ``require`` is the one permission check the services use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from plaza.core.types import User

__all__ = [
    "NON_FIELD",
    "Conflict",
    "ServiceError",
    "add_form_errors",
    "error_summary",
    "field_errors",
    "require",
    "status_of",
]

NON_FIELD = NON_FIELD_ERRORS  # "__all__": the key of messages about the whole request


class ServiceError(ValidationError):
    """A refused write: field errors like any ValidationError, plus the HTTP status to answer."""

    status = 400


class Conflict(ServiceError):
    """The request is valid but clashes with the current state (a duplicate, a stale edit)."""

    status = 409


# A plain ValidationError's code decides its status when it is not a ServiceError.
_STATUS_BY_CODE = {"rate_limited": 429, "conflict": 409}


def status_of(exc: ValidationError) -> int:
    """The HTTP status a refused write answers with: 400 unless the error says otherwise."""
    status = getattr(exc, "status", None)
    if isinstance(status, int) and status != 400:
        return status
    return _STATUS_BY_CODE.get(getattr(exc, "code", None) or "", 400)


def field_errors(exc: ValidationError) -> dict[str, list[str]]:
    """``{field: [messages]}``; messages about the whole request under ``"__all__"``."""
    if hasattr(exc, "error_dict"):
        return {
            (field or NON_FIELD): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
    return {NON_FIELD: [str(m) for m in exc.messages]}


def error_summary(errors: dict[str, list[str]]) -> str:
    """One line a person can read: ``field: message; other: message``."""
    parts = []
    for field, messages in errors.items():
        text = " ".join(messages)
        parts.append(text if field == NON_FIELD else f"{field}: {text}")
    return "; ".join(parts) or _("Some values are not valid.")


def add_form_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's errors on a Django form: on the field when the form has it, else on
    the form as a whole, prefixed with the field's name so the message keeps its subject."""
    fields = getattr(form, "fields", {})
    for field, messages in field_errors(exc).items():
        target = field if field in fields else None
        for message in messages:
            if target is None and field != NON_FIELD:
                message = f"{field}: {message}"
            form.add_error(target, message)


def save_form(
    request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], str], success: str
) -> HttpResponse | None:
    """A page's POSTed form through its service. When the form is valid, ``save(cleaned_data)``
    calls the service and returns the address to go to next: a redirect there, with ``success``
    as the message. The service's errors go on the form (``add_form_errors``). None when the form
    is to be shown again: not a POST, not valid, or refused by the service."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        then = save(form.cleaned_data)
    except ValidationError as exc:
        add_form_errors(form, exc)
        return None
    flash.success(request, success)
    return redirect(then)


def require(user: User, perm: str, obj: Any = None, message: str | None = None) -> None:
    """Raise PermissionDenied (with ``message``) unless ``user`` has ``perm`` (on ``obj``)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("You cannot do this."))
