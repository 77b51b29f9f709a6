"""Admin: staff edit the policy rules here (validated, every version kept) and see inquiries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from plaza.core.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin, ReadOnlyInline, ServiceAdmin
from plaza.inquiries import services
from plaza.inquiries.choices import OrganisationKind, Referral, RequestKind
from plaza.inquiries.models import (
    RULE_LANGUAGES,
    CannedReply,
    InboundMessage,
    Inquiry,
    InquiryNote,
    PolicyRule,
    Reply,
    Screening,
)
from plaza.inquiries.policy import rule_errors


class PolicyRuleForm(forms.ModelForm):
    organisation_kinds = forms.MultipleChoiceField(
        choices=OrganisationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=PolicyRule._meta.get_field("organisation_kinds").verbose_name,
        help_text=PolicyRule._meta.get_field("organisation_kinds").help_text,
    )
    request_kinds = forms.MultipleChoiceField(
        choices=RequestKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=PolicyRule._meta.get_field("request_kinds").verbose_name,
    )
    referrals = forms.MultipleChoiceField(
        choices=Referral.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=PolicyRule._meta.get_field("referrals").verbose_name,
    )

    class Meta:
        model = PolicyRule
        fields = (
            "code",
            "title",
            "policy_text",
            "order",
            "active",
            "organisation_kinds",
            "request_kinds",
            "deadline_within_days",
            *(f"phrases_{lang}" for lang in RULE_LANGUAGES),
            *(f"examples_{lang}" for lang in RULE_LANGUAGES),
            "policy_text_es",
            "policy_text_fr",
            "policy_text_th",
            "policy_text_hi",
            "outcome",
            "binding",
            "referrals",
            *(f"reply_{lang}" for lang in RULE_LANGUAGES),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        probe = PolicyRule(**{k: v for k, v in cleaned.items() if hasattr(PolicyRule, k)})
        for field, messages in rule_errors(probe).items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)
        return cleaned


@admin.register(PolicyRule)
class PolicyRuleAdmin(ServiceAdmin):
    """Saved through ``services.save_policy_rule`` (permission, validation, every version kept).
    A rule is not deleted here: it is switched off (``active``), so the screenings that cite it
    keep their reason."""

    form = PolicyRuleForm
    list_display = ("code", "title", "outcome", "binding", "active", "order")
    list_filter = ("outcome", "active", "binding")
    search_fields = ("code", "title", "policy_text")
    fieldsets = (
        (None, {"fields": ("code", "title", "policy_text", "order", "active")}),
        (
            "Policy text, translated (the English stays the reference)",
            {"fields": ("policy_text_es", "policy_text_fr", "policy_text_th", "policy_text_hi")},
        ),
        (
            "Conditions",
            {
                "fields": (
                    "organisation_kinds",
                    "request_kinds",
                    "deadline_within_days",
                    "phrases_en",
                    "phrases_es",
                    "phrases_fr",
                    "phrases_th",
                    "phrases_hi",
                )
            },
        ),
        (
            "Example requests (matched by meaning when the model is installed)",
            {"fields": tuple(f"examples_{lang}" for lang in RULE_LANGUAGES)},
        ),
        ("Outcome", {"fields": ("outcome", "binding", "referrals")}),
        ("Replies", {"fields": ("reply_en", "reply_es", "reply_fr", "reply_th", "reply_hi")}),
    )

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> PolicyRule:
        return services.save_policy_rule(request.user, PolicyRule(**data))

    def update_record(
        self, request: HttpRequest, obj: PolicyRule, data: dict[str, Any]
    ) -> PolicyRule:
        for name, value in data.items():
            setattr(obj, name, value)
        return services.save_policy_rule(request.user, obj)


class ScreeningInline(ReadOnlyInline):
    model = Screening
    fields = ("created_at", "outcome", "explanation", "language")
    readonly_fields = fields


@admin.register(Inquiry)
class InquiryAdmin(ReadOnlyHistoryAdmin):
    """Seen here; answered, assigned, noted and closed in the staff queue (``services``: the
    requester's mail, the deadlines and the history go with each step)."""

    list_display = ("reference", "created_at", "organisation_kind", "language", "outcome", "status")
    list_filter = ("status", "outcome", "language", "organisation_kind", "is_demo")
    search_fields = ("reference", "name", "email", "organisation")
    inlines = [ScreeningInline]


@admin.register(CannedReply)
class CannedReplyAdmin(SimpleHistoryAdmin):
    """Staff's reusable texts: written here only (no other page writes them, nothing indexes or
    counts them); the admin checks the model permission and the history keeps every version."""

    list_display = ("title", "language", "rule", "active")
    list_filter = ("language", "active", "rule")
    search_fields = ("title", "body")


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    """Answers received by mail (``services.receive_answer``): the record of what was said."""

    list_display = ("inquiry", "sender", "subject", "created_at")
    search_fields = ("inquiry__reference", "subject")


@admin.register(InquiryNote)
class InquiryNoteAdmin(ReadOnlyAdmin):
    """Staff notes are added in the queue (``services.add_note``)."""


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdmin):
    """What was sent to the requester (``services.send_reply``): never rewritten afterwards."""
