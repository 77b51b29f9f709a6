from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "plaza.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from plaza.accounts.roles import Role
        from plaza.core import vocabularies

        vocabularies.register("role", Role)
