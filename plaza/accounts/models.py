"""Users and their scopes.

A role is a group (see roles.py). A *scope* ties a user to one record they act
for: a coordinator to a city, a representative to an organisation. Scopes use
content types so that accounts imports no domain app; domain apps ask
``plaza.accounts.scopes`` which of their records a user is scoped to.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plaza.core.languages import INTERFACE_LANGUAGES, LANGUAGES
from plaza.core.models import DemoMarkedModel


class User(DemoMarkedModel, AbstractUser):
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        blank=True,
        choices=[(code, LANGUAGES[code].native_name) for code in INTERFACE_LANGUAGES],
        help_text=_("The interface is shown in this language after you log in."),
    )
    email_notices = models.BooleanField(
        _("e-mail notices"),
        default=True,
        help_text=_("Reminders and notices about your work in Plaza, sent by e-mail."),
    )
    feed_token = models.CharField(
        _("calendar feed key"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("The secret part of your private calendar feed's address; empty: no feed."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Scope(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="scopes", verbose_name=_("user")
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)
    # Who granted and who revoked it, and when (plaza.accounts.scopes; the user's admin page).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scope")
        verbose_name_plural = _("scopes")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="unique_user_scope"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.target}"


class SentNotice(models.Model):
    """One notice e-mailed to a user, or to an address with no account (an inquirer, the help
    desk). ``key`` names the event (e.g. a commitment's due-date reminder for one due date), so
    the same event is never sent twice to the same recipient."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sent_notices",
        verbose_name=_("user"),
    )
    address = models.EmailField(
        _("address"),
        blank=True,
        help_text=_("For a recipient without an account; emptied when their data is erased."),
    )
    key = models.CharField(_("event"), max_length=200)
    kind = models.CharField(_("kind of notice"), max_length=40)
    subject = models.CharField(_("subject"), max_length=300)
    language = models.CharField(_("language"), max_length=8)
    url = models.CharField(_("link"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice sent")
        verbose_name_plural = _("notices sent")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=models.Q(user__isnull=False),
                name="one_notice_per_event",
            ),
            models.UniqueConstraint(
                fields=["address", "key"],
                condition=models.Q(user__isnull=True),
                name="one_notice_per_address_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.address} · {self.subject}"
