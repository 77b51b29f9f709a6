"""Labels for the codes an inquiry carries (request kinds, outcomes, referrals, rules), so that
staff pages and e-mails never show raw codes."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from plaza.inquiries.choices import OrganisationKind, Outcome, Referral, RequestKind
from plaza.inquiries.models import Inquiry


def _label(choices: type, code: str) -> str:
    try:
        return str(choices(code).label)
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


def evidence_text(item: dict[str, object]) -> str:
    """One piece of a match's evidence, in words."""
    by = item.get("by")
    if by == "phrase":
        return _("phrase found: “%(phrase)s”") % {"phrase": item.get("phrase", "")}
    if by == "request-kind":
        return _("ticked: %(kind)s") % {"kind": request_kind_label(str(item.get("value", "")))}
    if by == "organisation-kind":
        return _("kind of organisation: %(kind)s") % {
            "kind": _label(OrganisationKind, str(item.get("value", "")))
        }
    if by == "deadline":
        return _("deadline in %(days)s days (rule: fewer than %(within)s)") % {
            "days": item.get("days"),
            "within": item.get("within"),
        }
    if by == "meaning":
        return _(
            "similar in meaning (%(similarity)s, stands out by %(score)s) to the example "
            "“%(example)s”, from the passage “%(passage)s”"
        ) % {
            "similarity": item.get("similarity"),
            "score": item.get("score"),
            "example": item.get("example", ""),
            "passage": item.get("passage", ""),
        }
    return str(item)
