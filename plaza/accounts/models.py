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
