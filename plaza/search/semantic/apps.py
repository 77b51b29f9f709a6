from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SemanticConfig(AppConfig):
    """Cross-lingual semantic search: passages, embeddings and vector search."""

    name = "plaza.search.semantic"
    label = "semantic"
    verbose_name = _("Semantic search")
