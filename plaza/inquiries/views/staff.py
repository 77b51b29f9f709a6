"""The staff queue: list with filters and figures, detail with assignment, notes and replies."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from plaza.inquiries import labels, selectors, services
from plaza.inquiries.choices import Outcome, Status
from plaza.inquiries.models import (
    INTERFACE_LANGUAGE_CHOICES,
    CannedReply,
    Inquiry,
    PolicyRule,
    Screening,
)
from plaza.inquiries.selectors import AGE_FILTERS


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False, choices=[("", "—"), *Status.choices]
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"), required=False, choices=[("", "—"), *Outcome.choices]
    )
    rule = forms.ChoiceField(label=gettext_lazy("Rule"), required=False)
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        required=False,
        choices=[("", "—"), *INTERFACE_LANGUAGE_CHOICES],
    )
    age = forms.ChoiceField(
        label=gettext_lazy("Older than (days)"),
        required=False,
        choices=[("", "—"), *[(k, k) for k in AGE_FILTERS]],
    )
    sort = forms.ChoiceField(
        label=gettext_lazy("Order"),
        required=False,
        choices=[
            ("", gettext_lazy("Reply due first")),
            ("received", gettext_lazy("Newest first")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rule = self.fields["rule"]
        assert isinstance(rule, forms.ChoiceField)
        rule.choices = [("", "—"), *PolicyRule.objects.values_list("code", "title")]


class ReplyForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Reply"), widget=forms.Textarea(attrs={"rows": 14}), max_length=20000
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Internal note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


def _staff_only(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("inquiries.view_inquiry"):
        raise PermissionDenied
    return None


def queue(request: HttpRequest) -> HttpResponse:
    if (denied := _staff_only(request)) is not None:
        return denied
    if request.method == "POST":
        ids = request.POST.getlist("selected")
        chosen = list(Inquiry.objects.filter(reference__in=ids))
        try:
            sent = services.send_drafted_declines(request.user, chosen)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("%(n)d decline replies sent.") % {"n": sent})
        return redirect(request.get_full_path())
    form = QueueFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    qs = selectors.queue(filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        {
            "inquiry": inquiry,
            "age": now - inquiry.created_at,
            "due_at": inquiry.due_at,
            "overdue": bool(
                inquiry.due_at
                and inquiry.due_at < now
                and inquiry.status in (Status.NEW, Status.IN_REVIEW)
            ),
        }
        for inquiry in page
    ]
    return render(
        request,
        "inquiries/queue.html",
        {
            "filter_form": form,
            "page": page,
            "rows": rows,
            "reply_times": selectors.reply_times_by_month(),
            "median_hours": selectors.median_hours_to_first_reply(),
            "median_hours_filtered": selectors.median_hours_to_first_reply(qs),
            "open_count": Inquiry.objects.filter(status__in=[Status.NEW, Status.IN_REVIEW]).count(),
        },
    )


def staff_language(request: HttpRequest) -> str:
    return (get_language() or "en").split("-")[0]


def presented_matches(screening: Screening | None, lang: str) -> list[dict[str, Any]]:
    """The matched rules with labels, evidence and the clause in the staff member's language."""
    if screening is None:
        return []
    rules = {
        r.code: r
        for r in PolicyRule.objects.filter(code__in=[m["rule"] for m in screening.matches])
    }
    out = []
    for match in screening.matches:
        rule = rules.get(match["rule"])
        policy_lang, policy = rule.policy_in(lang) if rule else ("en", match.get("policy", ""))
        out.append(
            {
                "title": rule.title if rule else match.get("title", match["rule"]),
                "outcome": labels.outcome_label(match.get("outcome", "")),
                "binding": match.get("binding", False),
                "evidence": [labels.evidence_text(item) for item in match.get("evidence", [])]
                or match.get("reasons", []),
                "policy": policy,
                "policy_language": policy_lang,
            }
        )
    return out


def canned_replies(inquiry: Inquiry, screening: Screening | None) -> dict[str, tuple[str, str]]:
    """Ready texts staff can start a reply from: the matched rules' replies in the inquiry's
    language, then the canned replies (admin) for those rules or for any inquiry."""
    lang = inquiry.language
    codes = [m["rule"] for m in screening.matches] if screening else []
    out: dict[str, tuple[str, str]] = {}
    for rule in PolicyRule.objects.filter(code__in=codes):
        if rule.reply(lang):
            out[f"rule-{rule.pk}"] = (rule.title, rule.reply(lang))
    for item in CannedReply.objects.filter(active=True, language=lang).filter(
        Q(rule__isnull=True) | Q(rule__code__in=codes)
    ):
        out[f"canned-{item.pk}"] = (item.title, item.body)
    return out


def detail(request: HttpRequest, reference: str) -> HttpResponse:
    if (denied := _staff_only(request)) is not None:
        return denied
    inquiry = get_object_or_404(Inquiry.objects.select_related("assigned_to"), reference=reference)
    screening = inquiry.latest_screening
    canned = canned_replies(inquiry, screening)
    body = screening.draft_body if screening else ""
    chosen = request.GET.get("canned", "")
    if chosen in canned:
        body = services.compose_reply(inquiry, canned[chosen][1])
    reply_form = ReplyForm(
        initial={"subject": screening.draft_subject if screening else "", "body": body}
    )
    note_form = NoteForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "reply":
                reply_form = ReplyForm(request.POST)
                if reply_form.is_valid():
                    services.send_reply(request.user, inquiry, **reply_form.cleaned_data)
                    messages.success(request, _("Reply sent."))
                    return redirect(inquiry.get_absolute_url())
            elif action == "note":
                note_form = NoteForm(request.POST)
                if note_form.is_valid():
                    services.add_note(request.user, inquiry, note_form.cleaned_data["text"])
                    messages.success(request, _("Note saved."))
                    return redirect(inquiry.get_absolute_url())
            elif action == "assign":
                user_id = request.POST.get("assigned_to") or None
                assignee = get_user_model().objects.filter(pk=user_id).first() if user_id else None
                services.assign_inquiry(request.user, inquiry, assignee)
                messages.success(request, _("Assignment saved."))
                return redirect(inquiry.get_absolute_url())
            elif action == "status":
                services.change_status(request.user, inquiry, request.POST.get("status", ""))
                messages.success(request, _("Status saved."))
                return redirect(inquiry.get_absolute_url())
            elif action == "rescreen":
                services.screen_inquiry(inquiry)
                messages.success(request, _("Screened again with the current rules."))
                return redirect(inquiry.get_absolute_url())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        status = 400
    staff = [
        u
        for u in get_user_model().objects.filter(is_active=True).order_by("username")
        if u.has_perm("inquiries.view_inquiry")
    ]
    return render(
        request,
        "inquiries/queue_detail.html",
        {
            "inquiry": inquiry,
            "screening": screening,
            "matches": presented_matches(screening, staff_language(request)),
            "request_kinds": labels.request_kind_labels(inquiry),
            "referrals": labels.referral_labels(screening.referrals) if screening else [],
            "canned": [(key, title) for key, (title, _text) in canned.items()],
            "inbound": inquiry.inbound_messages.all(),
            "reply_form": reply_form,
            "note_form": note_form,
            "staff": staff,
            "statuses": Status.choices,
            "history": inquiry.history.order_by("-history_date")[:50],
            "replies": inquiry.replies.select_related("sent_by"),
            "notes": inquiry.notes.select_related("author"),
        },
        status=status,
    )
