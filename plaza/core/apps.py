from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "plaza.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from plaza.core.signals import clean_text_fields

        pre_save.connect(clean_text_fields, dispatch_uid="plaza.core.clean_text_fields")
