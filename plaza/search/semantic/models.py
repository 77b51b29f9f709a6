"""Passages of searchable records and their embedding vectors.

The vector is an ordinary binary column (little-endian float32 bytes), so it is
stored, backed up and restored with the record on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Passage(models.Model):
    """One embeddable piece of a registered record (see plaza.search.registry)."""

    record_model = models.CharField(_("record type"), max_length=100)  # "library.resource"
    record_pk = models.BigIntegerField(_("record id"))
    ordinal = models.PositiveIntegerField(_("position"))  # 0 = title + abstract
    language = models.CharField(_("language"), max_length=12, blank=True)
    text = models.TextField(_("text"))
    context = models.CharField(_("context"), max_length=500, blank=True)
    # sha256 of the encoder id + the exact embedding input: a vector is current when
    # vector_hash == content_hash (so `plaza embed` knows what is missing or stale).
    content_hash = models.CharField(max_length=32)
    vector_hash = models.CharField(max_length=32, blank=True)
    vector = models.BinaryField(_("vector"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        constraints = [
            models.UniqueConstraint(
                fields=["record_model", "record_pk", "ordinal"], name="semantic_passage_unique"
            )
        ]
        indexes = [models.Index(fields=["vector_hash"], name="semantic_passage_vhash")]

    def __str__(self) -> str:
        return f"{self.record_model}:{self.record_pk}#{self.ordinal}"

    @property
    def is_current(self) -> bool:
        return self.vector is not None and self.vector_hash == self.content_hash


class VectorIndexVersion(models.Model):
    """A counter bumped whenever stored vectors change, so every app server reloads its matrix."""

    version = models.BigIntegerField(default=0)
    # A fresh random token per change: a rolled-back or restored counter can repeat, a token cannot.
    token = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = _("vector index version")

    def __str__(self) -> str:
        return f"vectors v{self.version}"
