from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "plaza.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from plaza.statistics import indexing

        indexing.register()

        from plaza.core import vocabularies
        from plaza.statistics.models import Sex, Status

        vocabularies.register("sex", Sex)
        vocabularies.register("observation_status", Status)

        from django.db.models.signals import post_delete, post_save

        from plaza.statistics.models import Indicator, Observation
        from plaza.statistics.services import data_changed

        for model in (Indicator, Observation):
            for signal in (post_save, post_delete):
                signal.connect(data_changed, sender=model, dispatch_uid=f"statistics-{model}")
