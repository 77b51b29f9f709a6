from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def load_missing_rules(sender: AppConfig, **kwargs: Any) -> None:
    """After migrate, create the policy rules that are not yet in the database."""
    from plaza.inquiries.policy import load_policy

    load_policy(replace=False)


class InquiriesConfig(AppConfig):
    name = "plaza.inquiries"
    label = "inquiries"
    verbose_name = _("Partnership inquiries")

    def ready(self) -> None:
        post_migrate.connect(load_missing_rules, sender=self)
