from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "plaza.library"
    label = "library"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from plaza.library.indexing import build_search_document, resource_type_label
        from plaza.library.models import Resource
        from plaza.search import registry

        registry.register(
            Resource,
            build_search_document,
            kind="resource",
            kind_label=_("Knowledge-base resource"),
        )
        registry.register_labels("type", resource_type_label)
        from plaza.library.selectors import visible_files

        registry.register_attachments(Resource, visible_files, "library/_file_links.html")
        from plaza.core import vocabularies
        from plaza.library import models

        vocabularies.register("resource_type", models.ResourceType)
        vocabularies.register("resource_status", models.Status)
        vocabularies.register("visibility", models.Visibility)
        vocabularies.register("creator_kind", models.CreatorKind)
        vocabularies.register("creator_role", models.CreatorRole)

        from django.db.models.signals import m2m_changed, post_delete, post_save

        from plaza.cities.models import City
        from plaza.directory.models import Organization
        from plaza.library.models import Creator
        from plaza.library.services import data_changed

        for model in (Resource, Creator, Organization, City):
            for signal in (post_save, post_delete):
                signal.connect(data_changed, sender=model, dispatch_uid=f"library-groups-{model}")
        for through in (Resource.sectors.through, Resource.cities.through):
            m2m_changed.connect(data_changed, sender=through, dispatch_uid=f"library-{through}")
