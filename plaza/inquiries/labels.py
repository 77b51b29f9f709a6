"""Labels for the codes an inquiry carries (request kinds, outcomes, referrals, rules), so that
staff pages and e-mails never show raw codes."""

from __future__ import annotations

from collections.abc import Iterable

from plaza.inquiries.choices import Outcome, Referral, RequestKind
from plaza.inquiries.models import Inquiry


def _label(choices: type, code: str) -> str:
    try:
        return str(choices(code).label)  # type: ignore[call-arg]
    except ValueError:
        return code


def outcome_label(code: str) -> str:
    return _label(Outcome, code) if code else "—"


def request_kind_label(code: str) -> str:
    return _label(RequestKind, code)


def referral_label(code: str) -> str:
    return _label(Referral, code)


def request_kind_labels(inquiry: Inquiry) -> list[str]:
    return [request_kind_label(code) for code in inquiry.request_kinds]


def referral_labels(codes: Iterable[str]) -> list[str]:
    return [referral_label(code) for code in codes]
