from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "plaza.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from plaza.directory.indexing import organization_document, organization_kind_label
        from plaza.directory.models import Organization
        from plaza.search import registry

        registry.register(
            Organization, organization_document, kind="organization", kind_label=_("Organisation")
        )
        registry.register_labels("type", organization_kind_label)
        from plaza.search.pages import register_page

        # A referral page (the policy refers requests for worker contacts to it).
        register_page(
            "worker-networks",
            url_name="directory:networks",
            template="directory/network_list.html",
        )
        from plaza.core import vocabularies
        from plaza.directory import models

        vocabularies.register("organization_kind", models.OrganizationKind)
        vocabularies.register("relationship_kind", models.RelationshipKind)
        vocabularies.register("position_title", models.PositionTitle)
        vocabularies.register("consent_scope", models.ConsentScope)
        vocabularies.register("consent_method", models.ConsentMethod)
        from plaza.accounts.scopes import register_scope_kind

        register_scope_kind(Organization)  # a representative acts for an organisation
