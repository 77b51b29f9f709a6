from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def load_missing_rules(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After migrate, create the policy rules that are not yet in the database."""
    from django.db import connections

    from plaza.inquiries.models import PolicyRule
    from plaza.inquiries.policy import load_policy

    if PolicyRule._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated backwards past the inquiries tables
    load_policy(replace=False)


def rule_saved(**_kwargs: Any) -> None:
    """A rule was created or changed (admin, load-policy, migrate): the worker embeds and stores
    its examples once the change is committed, before an inquiry needs them."""
    from django.db import transaction

    from plaza.core.queueing import enqueue_once
    from plaza.inquiries import meaning
    from plaza.inquiries.tasks import prepare_rule_examples

    if meaning.is_enabled():  # one task for a whole load of rules, not one per rule
        transaction.on_commit(lambda: enqueue_once(prepare_rule_examples))


class InquiriesConfig(AppConfig):
    name = "plaza.inquiries"
    label = "inquiries"
    verbose_name = _("Partnership inquiries")

    def ready(self) -> None:
        post_migrate.connect(load_missing_rules, sender=self)

        from plaza.search.pages import register_page

        # The public pages a visitor looks for (where to send a request, the press room, the
        # referral pages the policy's replies link to) are searchable in every language.
        register_page("partnering", url_name="inquiries:index", template="inquiries/index.html")
        register_page("press", url_name="inquiries:press", template="inquiries/press.html")
        register_page(
            "institutional-members",
            url_name="inquiries:members",
            template="inquiries/members.html",
        )

        from django.db.models.signals import post_save

        from plaza.inquiries.models import PolicyRule

        post_save.connect(rule_saved, sender=PolicyRule, dispatch_uid="inquiries-rule-examples")

        from plaza.core import warmup
        from plaza.inquiries.screening import warm_up

        warmup.register("inquiries", warm_up)

        from plaza.core import vocabularies
        from plaza.inquiries import choices

        vocabularies.register("inquirer_kind", choices.OrganisationKind)
        vocabularies.register("request_kind", choices.RequestKind)
        vocabularies.register("outcome", choices.Outcome)
        vocabularies.register("referral", choices.Referral)
        vocabularies.register("inquiry_status", choices.Status)
