from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    name = "plaza.cities"
    label = "cities"
    verbose_name = _("Focal cities")

    def ready(self) -> None:
        from plaza.cities import indexing, signals  # noqa: F401 - connects the directory's hooks

        indexing.register()
        from plaza.cities.models import activity, dialogue
        from plaza.cities.models.city import city_name
        from plaza.core import vocabularies

        vocabularies.register_named("city", city_name)  # slug -> the city's name per language
        vocabularies.register("activity_kind", activity.ActivityKind)
        vocabularies.register("activity_status", activity.ActivityStatus)
        vocabularies.register("platform_type", activity.PlatformType)
        vocabularies.register("gender", activity.Gender)
        vocabularies.register("resource_role", activity.ResourceRole)
        vocabularies.register("seat_side", dialogue.SeatSide)
        vocabularies.register("demand_status", dialogue.DemandStatus)
        vocabularies.register("commitment_status", dialogue.CommitmentStatus)
        vocabularies.register("evidence_kind", dialogue.EvidenceKind)
