"""Inquiries API: submit an inquiry, screen a text without storing it, and (staff) list/update."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Annotated, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from plaza.core.api_errors import ErrorOut
from plaza.core.api_types import Offset
from plaza.core.errors import error_summary, field_errors
from plaza.core.http import client_address
from plaza.inquiries import selectors, services
from plaza.inquiries.choices import OrganisationKind, RequestKind
from plaza.inquiries.models import RULE_LANGUAGES, Inquiry
from plaza.inquiries.replies import draft_reply
from plaza.inquiries.screening import Facts, screen

router = Router(tags=["inquiries"])

MAX_TEXT = 5000


class ScreenIn(Schema):
    organisation_kind: str = Field(
        "other", description="one of " + ", ".join(OrganisationKind.values)
    )
    request_kinds: list[str] = Field(
        default_factory=list, description=", ".join(RequestKind.values)
    )
    text: str = Field(..., max_length=MAX_TEXT)
    language: str = "en"
    deadline: dt.date | None = None
    topic: str = Field("", max_length=200)


class MatchOut(Schema):
    rule: str
    title: str
    outcome: str
    binding: bool
    policy: str
    reasons: list[str]
    evidence: list[dict[str, Any]] = Field(
        default_factory=list,
        description="why the rule matched: request kind, phrase found, or (by meaning) the "
        "closest example, its similarity and how far the rule stands out",
    )
    referrals: list[str]


class ScreenOut(Schema):
    outcome: str
    explanation: str
    matches: list[MatchOut]
    referrals: list[str]
    draft_language: str
    draft_subject: str
    draft_body: str


class InquiryIn(ScreenIn):
    name: str = Field(..., max_length=200)
    email: str = Field(..., max_length=254)
    organisation: str = Field("", max_length=200)
    country: str = Field("", max_length=2)
    city: str = Field("", max_length=100)


class ReceivedOut(Schema):
    reference: str


class InquiryOut(Schema):
    reference: str
    created_at: dt.datetime
    name: str
    email: str
    organisation: str
    organisation_kind: str
    request_kinds: list[str]
    message: str
    language: str
    status: str
    outcome: str
    assigned_to: str | None
    first_replied_at: dt.datetime | None
    matched_rules: list[str]

    @staticmethod
    def resolve_assigned_to(obj: Inquiry) -> str | None:
        return obj.assigned_to.get_username() if obj.assigned_to else None

    @staticmethod
    def resolve_matched_rules(obj: Inquiry) -> list[str]:
        screening = obj.latest_screening
        return [m["rule"] for m in screening.matches] if screening else []


class InquiryPatch(Schema):
    status: str | None = None
    assigned_to: str | None = Field(None, description="username; empty string to unassign")
    note: str | None = None


def _check_kinds(data: ScreenIn) -> None:
    errors: dict[str, str] = {}
    if data.organisation_kind not in OrganisationKind.values:
        errors["organisation_kind"] = f"unknown value {data.organisation_kind!r}"
    unknown = [k for k in data.request_kinds if k not in RequestKind.values]
    if unknown:
        errors["request_kinds"] = f"unknown value(s) {', '.join(unknown)}"
    if data.language not in RULE_LANGUAGES:
        errors["language"] = f"expected one of {', '.join(RULE_LANGUAGES)}"
    if errors:
        raise ValidationError(errors)


@router.post(
    "/screen", response=ScreenOut, summary="Screen a text against the policy (nothing is stored)"
)
def screen_text(request: HttpRequest, data: ScreenIn) -> dict[str, Any]:
    _check_kinds(data)
    facts = Facts(
        organisation_kind=data.organisation_kind,
        request_kinds=tuple(data.request_kinds),
        text=data.text,
        language=data.language,
        deadline=data.deadline,
        topic=data.topic,
    )
    result = screen(facts)
    lang, subject, body = draft_reply(result, facts, name="", reference="—")
    return {
        "outcome": result.outcome,
        "explanation": result.explanation,
        "matches": [m.as_json() for m in result.matches],
        "referrals": result.referrals,
        "draft_language": lang,
        "draft_subject": subject,
        "draft_body": body,
    }


@router.post("/", response={201: ReceivedOut, 429: ErrorOut}, summary="Submit an inquiry")
def submit(request: HttpRequest, data: InquiryIn) -> Status[dict[str, str]]:
    _check_kinds(data)
    if not data.request_kinds:
        raise ValidationError({"request_kinds": "choose at least one"})
    inquiry = services.submit_inquiry(
        services.InquiryInput(
            name=data.name,
            email=data.email,
            organisation=data.organisation,
            organisation_kind=data.organisation_kind,
            request_kinds=data.request_kinds,
            topic=data.topic,
            message=data.text,
            deadline=data.deadline,
            country=data.country.upper(),
            city=data.city,
            language=data.language,
        ),
        address=client_address(request),
    )
    return Status(201, {"reference": inquiry.reference})


class AttachedOut(Schema):
    reference: str


@router.post(
    "/inbound-mail",
    response={202: AttachedOut},
    summary="A mail gateway delivers a requester's answer (raw RFC 5322 message)",
    description="The request body is the message as received (message/rfc822); the header "
    "X-Plaza-Secret carries PLAZA_INQUIRY_INBOUND_SECRET. 404 when inbound mail is off or no "
    "inquiry matches the message.",
)
def inbound_mail(request: HttpRequest) -> Status[dict[str, str]]:
    secret = str(getattr(settings, "PLAZA_INQUIRY_INBOUND_SECRET", "") or "")
    if not secret:
        raise HttpError(404, "inbound mail is not enabled (PLAZA_INQUIRY_INBOUND_SECRET)")
    given = str(request.headers.get("X-Plaza-Secret", ""))
    if not hmac.compare_digest(given.encode(), secret.encode()):
        raise HttpError(403, "X-Plaza-Secret: missing or wrong")
    if not request.body.strip():
        raise HttpError(400, "body: the raw e-mail message is missing")
    try:
        message = services.receive_answer(request.body)
    except ValidationError as exc:
        raise HttpError(413, error_summary(field_errors(exc))) from None
    if message is None:
        raise HttpError(404, "no inquiry matches this message")
    return Status(202, {"reference": message.inquiry.reference})


def _staff(request: HttpRequest) -> None:
    if not request.user.has_perm("inquiries.view_inquiry"):
        raise PermissionDenied(_("Only network staff can see inquiries."))


@router.get("/", response=list[InquiryOut], auth=django_auth, summary="List inquiries (staff)")
def list_inquiries(
    request: HttpRequest,
    status: str = "",
    outcome: str = "",
    rule: str = "",
    language: str = "",
    limit: Annotated[int, Field(ge=1, le=200)] = 50,
    offset: Offset = 0,
) -> list[Inquiry]:
    _staff(request)
    qs = selectors.queue(
        {"status": status, "outcome": outcome, "rule": rule, "language": language}
    ).prefetch_related("screenings")
    return list(qs[offset : offset + limit])


@router.patch(
    "/{reference}", response=InquiryOut, auth=django_auth, summary="Update an inquiry (staff)"
)
def update_inquiry(request: HttpRequest, reference: str, data: InquiryPatch) -> Inquiry:
    _staff(request)
    inquiry = get_object_or_404(Inquiry, reference=reference)
    if data.assigned_to is not None:
        assignee = None
        if data.assigned_to:
            assignee = get_user_model().objects.filter(username=data.assigned_to).first()
            if assignee is None:
                raise ValidationError({"assigned_to": f"no user {data.assigned_to!r}"})
        services.assign_inquiry(request.user, inquiry, assignee)
    if data.status is not None:
        services.change_status(request.user, inquiry, data.status)
    if data.note:
        services.add_note(request.user, inquiry, data.note)
    inquiry.refresh_from_db()
    return inquiry
