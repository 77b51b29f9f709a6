"""Dialogue platforms: who sits at the table, meetings, demands, agreements and commitments.

Progress rolls up: a commitment has its own % progress; an agreement's progress is the mean of
its commitments' (cancelled ones left out); a platform's is the mean of its agreements'.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plaza.core.files import unguessable_name
from plaza.core.languages import content_language_choices
from plaza.core.models import DemoMarkedModel, RecordedModel, TimeStampedModel


def mean_percent(values: list[int]) -> int:
    """Mean of percentages, rounded half up (12.5 -> 13); 0 for no values."""
    return int(sum(values) / len(values) + 0.5) if values else 0


class SeatSide(models.TextChoices):
    WORKERS = "workers", _("Worker organisation")
    AUTHORITY = "authority", _("Authority")
    OTHER = "other", _("Other party")


class DemandStatus(models.TextChoices):
    RAISED = "raised", _("Raised")
    DISCUSSED = "discussed", _("Under discussion")
    AGREED = "agreed", _("Agreed")
    REJECTED = "rejected", _("Rejected")


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not-started", _("Not started")
    IN_PROGRESS = "in-progress", _("In progress")
    DONE = "done", _("Implemented")
    BLOCKED = "blocked", _("Blocked")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_COMMITMENT_STATUSES = (
    CommitmentStatus.NOT_STARTED,
    CommitmentStatus.IN_PROGRESS,
    CommitmentStatus.BLOCKED,
)


class EvidenceKind(models.TextChoices):
    NOTE = "note", _("Note")
    DOCUMENT = "document", _("Document")
    PHOTO = "photo", _("Photo")


class PlatformSeat(models.Model):
    """An organisation at the table of a dialogue platform, with its representatives."""

    platform = models.ForeignKey(
        "cities.Activity",
        on_delete=models.CASCADE,
        related_name="seats",
        verbose_name=_("platform"),
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="platform_seats",
        verbose_name=_("organisation"),
    )
    side = models.CharField(_("side"), max_length=20, choices=SeatSide.choices)
    representatives = models.ManyToManyField(
        "directory.Person",
        blank=True,
        related_name="platform_seats",
        verbose_name=_("representatives"),
    )
    representatives_note = models.CharField(
        _("roles of the representatives"),
        max_length=300,
        blank=True,
        help_text=_("Roles of the people who sit at the table, e.g. 'market department head'."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seat at the table")
        verbose_name_plural = _("seats at the table")
        ordering = ["side", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "organization"], name="one_seat_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_side_display()})"

    @property
    def city(self) -> Any:
        return self.platform.city


class Meeting(DemoMarkedModel, RecordedModel, TimeStampedModel):
    platform = models.ForeignKey(
        "cities.Activity",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("platform"),
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    minutes = models.TextField(_("minutes"), blank=True)
    closing_report = models.TextField(_("closing report"), blank=True)
    language = models.CharField(
        _("language of the text"), max_length=8, choices=content_language_choices, default="en"
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Minutes and closing report shown to everyone. Attendees never are."),
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.platform} · {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("cities:meeting", args=[self.platform.city.slug, self.pk])

    @property
    def city(self) -> Any:
        return self.platform.city

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Demand(TimeStampedModel):
    """A demand worker organisations bring to the platform."""

    platform = models.ForeignKey(
        "cities.Activity",
        on_delete=models.CASCADE,
        related_name="demands",
        verbose_name=_("platform"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="demands",
        verbose_name=_("meeting"),
    )
    text = models.TextField(_("demand"))
    raised_by = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DemandStatus.choices, default=DemandStatus.RAISED
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("demand")
        verbose_name_plural = _("demands")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def city(self) -> Any:
        return self.platform.city


class Agreement(DemoMarkedModel, TimeStampedModel):
    platform = models.ForeignKey(
        "cities.Activity",
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("platform"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("agreement"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    reached_on = models.DateField(_("reached on"))
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("The agreement and how far it is implemented are shown to everyone."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-reached_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cities:agreement", args=[self.platform.city.slug, self.pk])

    @property
    def city(self) -> Any:
        return self.platform.city

    @property
    def progress(self) -> int:
        """Mean % progress of the agreement's commitments (cancelled ones left out)."""
        values = [
            c.progress for c in self.commitments.all() if c.status != CommitmentStatus.CANCELLED
        ]
        return mean_percent(values)


class Commitment(DemoMarkedModel, TimeStampedModel):
    """Who must do what by when, to implement an agreement."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("agreement"),
    )
    responsible = models.CharField(
        _("who"), max_length=200, help_text=_("The body or person that must act.")
    )
    responsible_organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="city_commitments",
        verbose_name=_("responsible organisation"),
    )
    responsible_person = models.ForeignKey(
        "directory.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="city_commitments",
        verbose_name=_("responsible person"),
        help_text=_("When this person has an account (same e-mail), they get the reminders."),
    )
    action = models.TextField(_("what"), max_length=2000)
    due_date = models.DateField(_("by when"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.NOT_STARTED,
    )
    progress = models.PositiveSmallIntegerField(
        _("Progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.responsible}: {self.action[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("cities:commitment", args=[self.agreement.platform.city.slug, self.pk])

    @property
    def city(self) -> Any:
        return self.agreement.platform.city

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_COMMITMENT_STATUSES

    def is_overdue_on(self, day: datetime.date) -> bool:
        return self.is_open and self.due_date < day

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """An unguessable stored name; the original name is kept in ``original_name``."""
    return unguessable_name("cities/evidence", filename)


class Evidence(RecordedModel, TimeStampedModel):
    """A dated piece of the implementation timeline of a commitment."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("commitment"),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(
        _("kind of evidence"),
        max_length=20,
        choices=EvidenceKind.choices,
        default=EvidenceKind.NOTE,
    )
    note = models.TextField(_("note"), blank=True, max_length=5000)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, blank=True, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("Progress (%)"), validators=[MaxValueValidator(100)]
    )
    status = models.CharField(_("status"), max_length=20, choices=CommitmentStatus.choices)
    is_public = models.BooleanField(_("public"), default=False)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.commitment} · {self.date:%Y-%m-%d}"

    def get_file_url(self) -> str:
        """The permission-checked address of the file (there is no public media URL)."""
        commitment = self.commitment
        return reverse(
            "cities:evidence_file",
            args=[commitment.agreement.platform.city.slug, commitment.pk, self.pk],
        )

    @property
    def city(self) -> Any:
        return self.commitment.city
