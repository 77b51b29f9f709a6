from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    name = "plaza.cities"
    label = "cities"
    verbose_name = _("Focal cities")

    def ready(self) -> None:
        from plaza.cities import indexing, signals  # noqa: F401 - connects the directory's hooks

        indexing.register()

        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from plaza.cities.stats import counted_models, data_changed

        counted = {model._meta.concrete_model for model in counted_models()}
        for model in apps.get_models():
            if model._meta.concrete_model in counted:  # proxies (Campaign...) send their own
                for signal in (post_save, post_delete):
                    signal.connect(
                        data_changed, sender=model, dispatch_uid=f"cities-figures-{model}"
                    )
        # The city page's overview lists the city's organisations (a many-to-many of theirs).
        from django.db.models.signals import m2m_changed

        from plaza.directory.models import Organization

        m2m_changed.connect(
            data_changed, sender=Organization.cities.through, dispatch_uid="cities-org-cities"
        )
        from plaza.cities.models import activity, dialogue
        from plaza.cities.models.city import city_name, city_names
        from plaza.core import vocabularies

        vocabularies.register_named("city", city_name, city_names)  # slug -> name per language
        vocabularies.register("activity_kind", activity.ActivityKind)
        vocabularies.register("activity_status", activity.ActivityStatus)
        vocabularies.register("platform_type", activity.PlatformType)
        vocabularies.register("gender", activity.Gender)
        vocabularies.register("resource_role", activity.ResourceRole)
        vocabularies.register("seat_side", dialogue.SeatSide)
        vocabularies.register("demand_status", dialogue.DemandStatus)
        vocabularies.register("commitment_status", dialogue.CommitmentStatus)
        vocabularies.register("evidence_kind", dialogue.EvidenceKind)
        from plaza.accounts.scopes import register_scope_kind
        from plaza.cities.models import City

        register_scope_kind(City)  # a coordinator acts for a city
