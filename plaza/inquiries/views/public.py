"""Public pages: the Partnering page with the request form, acknowledgement, referral pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language

from plaza.core.errors import add_form_errors, status_of
from plaza.core.http import client_address
from plaza.core.limits import RateLimited
from plaza.inquiries import selectors, services
from plaza.inquiries.forms import HONEYPOT_FIELD, InquiryForm
from plaza.inquiries.models import Inquiry
from plaza.inquiries.replies import referral_links
from plaza.inquiries.services import facts_of


def index(request: HttpRequest) -> HttpResponse:
    form = InquiryForm()
    status = 200
    retry_after = 0
    if request.method == "POST":
        form = InquiryForm(request.POST)
        if request.POST.get(HONEYPOT_FIELD):
            # A bot: answer as if all went well, store nothing.
            return redirect("inquiries:received", reference="P-0000-000000")
        if form.is_valid():
            data = form.cleaned_data
            try:
                inquiry = services.submit_inquiry(
                    services.InquiryInput(
                        name=data["name"],
                        email=data["email"],
                        organisation=data["organisation"],
                        organisation_kind=data["organisation_kind"],
                        request_kinds=data["request_kinds"],
                        topic=data["topic"],
                        message=data["message"],
                        deadline=data["deadline"],
                        country=data["country"],
                        city=data["city"],
                        language=data["language"],
                    ),
                    address=client_address(request),
                )
            except RateLimited as exc:
                form.add_error(None, exc.messages)
                status, retry_after = 429, exc.retry_after
            except ValidationError as exc:
                add_form_errors(form, exc)
                status = status_of(exc)
            else:
                request.session["inquiry_reference"] = inquiry.reference
                return redirect("inquiries:received", reference=inquiry.reference)
        else:
            status = 400
    response = render(
        request,
        "inquiries/index.html",
        {"form": form, "honeypot": HONEYPOT_FIELD},
        status=status,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def received(request: HttpRequest, reference: str) -> HttpResponse:
    """The acknowledgement: the reference number and, for the sender, useful links."""
    links: list[tuple[str, str]] = []
    if request.session.get("inquiry_reference") == reference:
        inquiry = get_object_or_404(Inquiry, reference=reference)
        screening = inquiry.latest_screening
        if screening is not None:
            lang = (get_language() or "en").split("-")[0]
            links = referral_links(list(screening.referrals), facts_of(inquiry), lang)
    return render(request, "inquiries/received.html", {"reference": reference, "links": links})


def members(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inquiries/members.html",
        {"members": selectors.institutional_members()},
    )


def press(request: HttpRequest) -> HttpResponse:
    return render(request, "inquiries/press.html")
