"""Inquiries, the policy rules that screen them, screenings, notes and replies."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plaza.core.models import DemoMarkedModel, TimeStampedModel
from plaza.inquiries.choices import OrganisationKind, Outcome, Status

INTERFACE_LANGUAGE_CHOICES = [
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("th", "ไทย"),
    ("hi", "हिन्दी"),
]
RULE_LANGUAGES = ("en", "es", "fr", "th", "hi")


class PolicyRule(TimeStampedModel):
    """One clause of the written partnering policy, as a rule the screening applies.

    Phrases and reply templates are kept per language (one field each) so staff edit
    them in the admin as plain text: one phrase per line; a trailing * matches any
    ending ("intern*"); Thai phrases match anywhere in the text (Thai has no spaces).
    """

    code = models.SlugField(_("identifier"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    policy_text = models.TextField(_("policy text"), help_text=_("The clause, quoted."))
    policy_text_es = models.TextField(_("policy text (Spanish)"), blank=True)
    policy_text_fr = models.TextField(_("policy text (French)"), blank=True)
    policy_text_th = models.TextField(_("policy text (Thai)"), blank=True)
    policy_text_hi = models.TextField(_("policy text (Hindi)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)
    organisation_kinds = models.JSONField(
        _("only for these kinds of organisation"),
        default=list,
        blank=True,
        help_text=_("Empty: any kind of organisation."),
    )
    request_kinds = models.JSONField(_("request kinds"), default=list, blank=True)
    deadline_within_days = models.PositiveSmallIntegerField(
        _("deadline closer than (days)"), null=True, blank=True
    )
    phrases_en = models.TextField(_("phrases (English)"), blank=True)
    phrases_es = models.TextField(_("phrases (Spanish)"), blank=True)
    phrases_fr = models.TextField(_("phrases (French)"), blank=True)
    phrases_th = models.TextField(_("phrases (Thai)"), blank=True)
    phrases_hi = models.TextField(_("phrases (Hindi)"), blank=True)
    examples_en = models.TextField(
        _("example requests (English)"),
        blank=True,
        help_text=_(
            "One short request per line, as a sender would write it. A new request that "
            "means the same (in any language) meets this rule when the model is installed."
        ),
    )
    examples_es = models.TextField(_("example requests (Spanish)"), blank=True)
    examples_fr = models.TextField(_("example requests (French)"), blank=True)
    examples_th = models.TextField(_("example requests (Thai)"), blank=True)
    examples_hi = models.TextField(_("example requests (Hindi)"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    binding = models.BooleanField(
        _("binding"),
        default=False,
        help_text=_("A binding decline stands even when another rule would accept."),
    )
    referrals = models.JSONField(_("refer to"), default=list, blank=True)
    reply_en = models.TextField(_("reply (English)"))
    reply_es = models.TextField(_("reply (Spanish)"))
    reply_fr = models.TextField(_("reply (French)"))
    reply_th = models.TextField(_("reply (Thai)"))
    reply_hi = models.TextField(_("reply (Hindi)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("policy rule")
        verbose_name_plural = _("policy rules")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    def phrases(self, lang: str) -> list[str]:
        text: str = getattr(self, f"phrases_{lang}")
        return [line.strip() for line in text.splitlines() if line.strip()]

    def reply(self, lang: str) -> str:
        text: str = getattr(self, f"reply_{lang}")
        return text.strip()

    def examples(self, lang: str) -> list[str]:
        text: str = getattr(self, f"examples_{lang}", "")
        return [line.strip() for line in text.splitlines() if line.strip()]

    def policy_in(self, lang: str) -> tuple[str, str]:
        """(language, text) of the clause in ``lang`` where translated, else the English."""
        if lang != "en" and lang in RULE_LANGUAGES:
            translated: str = getattr(self, f"policy_text_{lang}", "")
            if translated.strip():
                return lang, translated.strip()
        return "en", self.policy_text


class Inquiry(DemoMarkedModel, TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=30, choices=OrganisationKind.choices
    )
    request_kinds = models.JSONField(_("request kinds"), default=list)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    message = models.TextField(_("message"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=INTERFACE_LANGUAGE_CHOICES)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, blank=True, db_index=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_inquiries",
        verbose_name=_("assigned to"),
    )
    first_replied_at = models.DateTimeField(_("first replied"), null=True, blank=True)
    due_at = models.DateTimeField(_("reply due"), null=True, blank=True, db_index=True)
    reply_token = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    address_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    history = HistoricalRecords(
        excluded_fields=[
            "name",
            "email",
            "organisation",
            "message",
            "topic",
            "address_hash",
            "reply_token",
        ]
    )

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email", "created_at"])]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("inquiries:queue-detail", args=[self.reference])

    @property
    def latest_screening(self) -> Screening | None:
        return self.screenings.order_by("-created_at", "-pk").first()


class Screening(TimeStampedModel):
    """What the policy said about an inquiry, and why: kept so a person can check it."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.CASCADE, related_name="screenings", verbose_name=_("inquiry")
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    explanation = models.TextField(_("why this outcome"), blank=True)
    matches: models.JSONField[Any, Any] = models.JSONField(_("matched rules"), default=list)
    referrals = models.JSONField(_("referrals"), default=list)
    rules = models.ManyToManyField(PolicyRule, blank=True, related_name="screenings")
    language = models.CharField(_("language"), max_length=5)
    draft_subject = models.CharField(_("draft subject"), max_length=200)
    draft_body = models.TextField(_("draft reply"))

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.inquiry} → {self.outcome}"


class InquiryNote(TimeStampedModel):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    text = models.TextField(_("note"))

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.inquiry}: {self.text[:40]}"


class Reply(TimeStampedModel):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="replies")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("reply"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.inquiry}: {self.subject}"


class CannedReply(TimeStampedModel):
    """A reply staff reuse, in one language, for one rule or for any inquiry; edited in the admin."""

    title = models.CharField(_("title"), max_length=120)
    language = models.CharField(_("language"), max_length=5, choices=INTERFACE_LANGUAGE_CHOICES)
    rule = models.ForeignKey(
        PolicyRule,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="canned_replies",
        verbose_name=_("rule"),
        help_text=_("Empty: offered for every inquiry in this language."),
    )
    body = models.TextField(
        _("text"),
        help_text=_("Inserted between the greeting and the signature of the reply."),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["language", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class InboundMessage(TimeStampedModel):
    """An e-mail from the requester, received through the mailbox or the mail gateway."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="inbound_messages")
    message_id = models.CharField(_("message id"), max_length=300, blank=True, db_index=True)
    sender = models.CharField(_("from"), max_length=300)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("message from the requester")
        verbose_name_plural = _("messages from requesters")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.inquiry}: {self.subject}"


class ExampleVectors(models.Model):
    """The embedded example requests of one rule, stored once for every process.

    ``key`` is the sha256 of the model's identifier and the examples' text (language and
    line), so an edited rule or another model gets a new row and the old one is never read;
    ``plaza prepare-screening`` (the worker runs it at start) removes rows no rule uses."""

    key = models.CharField(max_length=64, unique=True)
    vectors = models.BinaryField()  # little-endian float32 rows, one per example
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("embedded rule examples")
        verbose_name_plural = _("embedded rule examples")

    def __str__(self) -> str:
        return self.key[:12]
