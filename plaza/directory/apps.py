from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "plaza.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from plaza.directory.indexing import organization_document
        from plaza.directory.models import Organization
        from plaza.search.registry import register

        register(Organization, organization_document)
