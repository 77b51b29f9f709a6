"""One model family for the six kinds of focal-city work.

All activities share one table (``Activity``), so dashboards count them together by kind and
year; each kind has a proxy model (``DialoguePlatform``, ``Campaign``...) and uses the fields
listed in ``KIND_FIELDS``. Sessions and participation belong to capacity building and rights
education; participation is also recorded for platform meetings.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plaza.core.languages import content_language_choices
from plaza.core.models import DemoMarkedModel, TimeStampedModel


class ActivityKind(models.TextChoices):
    CAPACITY_BUILDING = "capacity", _("Capacity building")
    DIALOGUE_PLATFORM = "dialogue", _("Dialogue platform")
    CAMPAIGN = "campaign", _("Campaign")
    RESEARCH = "research", _("Research, statistics and good practice")
    RIGHTS_EDUCATION = "rights", _("Rights and legal education")
    TECHNICAL_SUPPORT = "support", _("Technical support")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class PlatformType(models.TextChoices):
    NEGOTIATION = "negotiation", _("Negotiation")
    POLICY_DIALOGUE = "policy", _("Policy dialogue")
    INFORMATION_SHARING = "information", _("Information sharing")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Women")
    MAN = "man", _("Men")
    OTHER = "other", _("Other or not stated")


# Fields shared by every kind, and the fields each kind adds (forms and API show these).
COMMON_FIELDS = (
    "title",
    "description",
    "language",
    "start_date",
    "end_date",
    "status",
    "organizations",
    "responsible_people",
    "outcomes",
    "is_public",
    "private_notes",
)
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    ActivityKind.CAPACITY_BUILDING: ("topics", "leaders_trained"),
    ActivityKind.DIALOGUE_PLATFORM: ("platform_type",),
    ActivityKind.CAMPAIGN: ("objective", "audience"),
    ActivityKind.RESEARCH: ("question", "requesting_organization"),
    ActivityKind.RIGHTS_EDUCATION: ("topics", "rights_covered"),
    ActivityKind.TECHNICAL_SUPPORT: ("request", "requesting_organization", "provided"),
}


# Knowledge-base resources linked to an activity, by role: every kind has "linked resources"; some
# kinds add a role of their own. The form field name of each role, and the kinds that have it.
class ResourceRole(models.TextChoices):
    LINKED = "linked", _("Linked resources")
    MATERIALS = "materials", _("Public-awareness materials")
    PRODUCED = "produced", _("Knowledge-base resources it produced")
    COVERED = "covered", _("Laws, regulations or rights covered")


RESOURCE_FIELDS: dict[str, str] = {
    "linked_resources": ResourceRole.LINKED,
    "materials": ResourceRole.MATERIALS,
    "produced_resources": ResourceRole.PRODUCED,
    "laws_covered": ResourceRole.COVERED,
}
KIND_RESOURCE_ROLES: dict[str, tuple[str, ...]] = {
    ActivityKind.CAMPAIGN: (ResourceRole.MATERIALS,),
    ActivityKind.RESEARCH: (ResourceRole.PRODUCED,),
    ActivityKind.RIGHTS_EDUCATION: (ResourceRole.COVERED,),
}


def resource_roles(kind: str) -> tuple[str, ...]:
    """The resource roles of a kind of work: its own first, then the generic "linked"."""
    return (*KIND_RESOURCE_ROLES.get(kind, ()), ResourceRole.LINKED)


def resource_field_names(kind: str) -> tuple[str, ...]:
    by_role = {role: name for name, role in RESOURCE_FIELDS.items()}
    return tuple(by_role[role] for role in resource_roles(kind))


# Fields only staff and the city's coordinators see, whatever the record's public marking.
PRIVATE_FIELDS = ("private_notes",)
KINDS_WITH_SESSIONS = (ActivityKind.CAPACITY_BUILDING, ActivityKind.RIGHTS_EDUCATION)


class Activity(DemoMarkedModel, TimeStampedModel):
    city = models.ForeignKey(
        "cities.City", on_delete=models.CASCADE, related_name="activities", verbose_name=_("city")
    )
    kind = models.CharField(_("kind of work"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language of the text"), max_length=8, choices=content_language_choices, default="en"
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    organizations = models.ManyToManyField(
        "directory.Organization",
        blank=True,
        related_name="city_activities",
        verbose_name=_("organisations involved"),
    )
    responsible_people = models.ManyToManyField(
        "directory.Person",
        blank=True,
        related_name="responsible_for_city_activities",
        verbose_name=_("people responsible"),
    )
    outcomes = models.TextField(_("outcomes"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown to everyone, without logging in.")
    )
    private_notes = models.TextField(
        _("private notes"),
        blank=True,
        help_text=_("Seen only by network staff and this city's coordinators."),
    )
    # Capacity building and rights education
    topics = models.TextField(_("topics"), blank=True, help_text=_("One per line."))
    leaders_trained = models.PositiveIntegerField(_("leaders trained"), null=True, blank=True)
    rights_covered = models.TextField(
        _("laws, regulations and rights covered"), blank=True, help_text=_("One per line.")
    )
    # Dialogue platform
    platform_type = models.CharField(
        _("type of platform"), max_length=20, choices=PlatformType.choices, blank=True
    )
    # Campaign
    objective = models.TextField(_("objective"), blank=True)
    audience = models.CharField(_("target audience"), max_length=300, blank=True)
    # Research and technical support
    question = models.TextField(_("research question"), blank=True)
    requesting_organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requested_city_activities",
        verbose_name=_("requesting organisation"),
    )
    request = models.TextField(_("request"), blank=True)
    provided = models.TextField(_("what was provided"), blank=True)
    resources = models.ManyToManyField(
        "library.Resource",
        through="cities.ActivityResource",
        blank=True,
        related_name="city_activities",
        verbose_name=_("knowledge-base resources"),
    )
    history = HistoricalRecords(m2m_fields=[organizations, responsible_people])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start_date", "-created_at"]
        indexes = [models.Index(fields=["city", "kind"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cities:activity", args=[self.city.slug, self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind == ActivityKind.CAMPAIGN:
            if not self.start_date:
                errors["start_date"] = _("A campaign needs a start date.")
            if not self.end_date:
                errors["end_date"] = _("A campaign needs an end date.")
            if not self.objective.strip():
                errors["objective"] = _("A campaign needs an objective.")
        if self.kind == ActivityKind.DIALOGUE_PLATFORM and not self.platform_type:
            errors["platform_type"] = _("Choose the type of platform.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)

    @property
    def year(self) -> int:
        return (self.start_date or self.created_at.date()).year

    @property
    def has_sessions(self) -> bool:
        return self.kind in KINDS_WITH_SESSIONS

    @property
    def is_platform(self) -> bool:
        return self.kind == ActivityKind.DIALOGUE_PLATFORM

    def is_running_on(self, day: datetime.date) -> bool:
        if self.status in (ActivityStatus.CANCELLED,):
            return False
        if not self.start_date or day < self.start_date:
            return False
        return not self.end_date or day <= self.end_date


class _KindManager(models.Manager["Activity"]):
    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def get_queryset(self) -> models.QuerySet[Activity]:
        return super().get_queryset().filter(kind=self.kind)


class _KindMixin:
    """Saving a kind's proxy sets the kind."""

    KIND: ClassVar[str]
    kind: str

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.kind = self.KIND
        super().save(*args, **kwargs)  # type: ignore[misc]


class CapacityBuilding(_KindMixin, Activity):
    KIND = ActivityKind.CAPACITY_BUILDING
    objects = _KindManager(KIND)  # type: ignore[assignment,misc]

    class Meta:
        proxy = True
        verbose_name = _("capacity building")
        verbose_name_plural = _("capacity building")


class DialoguePlatform(_KindMixin, Activity):
    """A standing body where worker organisations and authorities meet."""

    KIND = ActivityKind.DIALOGUE_PLATFORM
    objects = _KindManager(KIND)  # type: ignore[assignment,misc]

    class Meta:
        proxy = True
        verbose_name = _("dialogue platform")
        verbose_name_plural = _("dialogue platforms")


class Campaign(_KindMixin, Activity):
    KIND = ActivityKind.CAMPAIGN
    objects = _KindManager(KIND)  # type: ignore[assignment,misc]

    class Meta:
        proxy = True
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")


class Research(_KindMixin, Activity):
    KIND = ActivityKind.RESEARCH
    objects = _KindManager(KIND)  # type: ignore[assignment,misc]

    class Meta:
        proxy = True
        verbose_name = _("research, statistics or good practice")
        verbose_name_plural = _("research, statistics and good practice")


class RightsEducation(_KindMixin, Activity):
    KIND = ActivityKind.RIGHTS_EDUCATION
    objects = _KindManager(KIND)  # type: ignore[assignment,misc]

    class Meta:
        proxy = True
        verbose_name = _("rights and legal education")
        verbose_name_plural = _("rights and legal education")


class TechnicalSupport(_KindMixin, Activity):
    KIND = ActivityKind.TECHNICAL_SUPPORT
    objects = _KindManager(KIND)  # type: ignore[assignment,misc]

    class Meta:
        proxy = True
        verbose_name = _("technical support")
        verbose_name_plural = _("technical support")


class ActivityResource(models.Model):
    """A knowledge-base resource linked to an activity, with the part it plays there."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="resource_links",
        verbose_name=_("activity"),
    )
    resource = models.ForeignKey(
        "library.Resource",
        on_delete=models.CASCADE,
        related_name="city_activity_links",
        verbose_name=_("resource"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=ResourceRole.choices, default=ResourceRole.LINKED
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("linked resource")
        verbose_name_plural = _("linked resources")
        ordering = ["role", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "resource", "role"], name="activity_resource_once_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.get_role_display()} · {self.resource}"


class Session(TimeStampedModel):
    """One session of a training or a rights-education course."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("activity")
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    topics = models.TextField(_("topics"), blank=True, help_text=_("One per line."))
    facilitators = models.CharField(_("facilitators"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.activity} · {self.date:%Y-%m-%d}"

    @property
    def city(self) -> Any:
        return self.activity.city


class Participation(models.Model):
    """People who took part in a session or a meeting, counted by gender and organisation.

    A row is either one named person (count 1) or a head count. Gender and organisation are
    stored on the row itself, so erasing a person (anonymising the Person record) leaves the
    counts exactly as they were.
    """

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("session"),
    )
    meeting = models.ForeignKey(
        "cities.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("meeting"),
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="city_participations",
        verbose_name=_("person"),
        help_text=_("Empty for a head count."),
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    count = models.PositiveIntegerField(_("number of people"), default=1)
    is_leader = models.BooleanField(_("leaders"), default=False)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participation")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(session__isnull=False, meeting__isnull=True)
                    | models.Q(session__isnull=True, meeting__isnull=False)
                ),
                name="participation_in_session_or_meeting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.get_gender_display()}"


class LeadersTrained(models.Model):
    """How many of a session's participants from one organisation were leaders trained.

    A session's attendance is recorded per organisation as a row (women, men, other or not
    stated, leaders trained): the three numbers by gender are ``Participation`` head counts, like
    every other attendance, and the number of leaders among them is kept here, since it is not
    split by gender. Nothing here names a person, so erasure never changes it.
    """

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="leaders_trained",
        verbose_name=_("session"),
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    count = models.PositiveIntegerField(_("leaders trained"))

    class Meta:
        verbose_name = _("leaders trained")
        verbose_name_plural = _("leaders trained")

    def __str__(self) -> str:
        return f"{self.session} · {self.count}"


class Milestone(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("activity")
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due date"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def city(self) -> Any:
        return self.activity.city
