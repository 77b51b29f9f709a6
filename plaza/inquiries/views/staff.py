"""The staff queue: list with filters and figures, detail with assignment, notes and replies."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plaza.inquiries import selectors, services
from plaza.inquiries.choices import Outcome, Status
from plaza.inquiries.models import INTERFACE_LANGUAGE_CHOICES, Inquiry, PolicyRule
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rule = self.fields["rule"]
        assert isinstance(rule, forms.ChoiceField)
        rule.choices = [("", "—"), *PolicyRule.objects.values_list("code", "code")]


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
    return render(
        request,
        "inquiries/queue.html",
        {
            "filter_form": form,
            "page": page,
            "median_hours": selectors.median_hours_to_first_reply(),
            "median_hours_filtered": selectors.median_hours_to_first_reply(qs),
            "open_count": Inquiry.objects.filter(status__in=[Status.NEW, Status.IN_REVIEW]).count(),
        },
    )


def detail(request: HttpRequest, reference: str) -> HttpResponse:
    if (denied := _staff_only(request)) is not None:
        return denied
    inquiry = get_object_or_404(Inquiry.objects.select_related("assigned_to"), reference=reference)
    screening = inquiry.latest_screening
    reply_form = ReplyForm(
        initial={
            "subject": screening.draft_subject if screening else "",
            "body": screening.draft_body if screening else "",
        }
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
