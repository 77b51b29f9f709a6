"""The directory: organisations, their membership figures and relationships; people, their
positions in organisations, their consent, and the log of erasures done on request.

Personal data is minimal: a person has a name, a gender (only so that the share of women among
participants can be counted) and three private contact fields. Who may read what is decided in
``rules.py``; every write goes through ``services.py``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plaza.core.models import DemoMarkedModel, RecordedModel, Sector, TimeStampedModel


class OrganizationKind(models.TextChoices):
    MBO = "mbo", _("Membership-based organisation of workers")
    GLOBAL_NETWORK = "global-network", _("Global worker network")
    REGIONAL_NETWORK = "regional-network", _("Regional worker network")
    INSTITUTIONAL_MEMBER = "institutional-member", _("Institutional member")
    MUNICIPAL_AUTHORITY = "municipal-authority", _("Municipal authority")
    NATIONAL_AUTHORITY = "national-authority", _("National authority")
    RESEARCH_INSTITUTION = "research-institution", _("Research institution")
    OTHER = "other", _("Other")


class Organization(DemoMarkedModel, TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    website = models.URLField(_("website"), blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_("ISO 3166-1 alpha-2 code; empty for global bodies"),
    )
    cities = models.ManyToManyField(
        "cities.City", blank=True, related_name="organizations", verbose_name=_("focal cities")
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="organizations", verbose_name=_("occupational sectors")
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("ISO 639-1 codes of the languages the organisation works in"),
    )
    founded = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(m2m_fields=[cities, sectors])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organization", args=[self.slug])

    @property
    def language_names(self) -> list[str]:
        from plaza.core.languages import LANGUAGES

        return [str(LANGUAGES[c].name) for c in self.languages if c in LANGUAGES]

    @property
    def country_name(self) -> str:
        from plaza.core.countries import country_name

        return country_name(self.country) if self.country else ""

    def latest_membership_figure(self) -> MembershipFigure | None:
        return self.membership_figures.order_by("-date").first()


class MembershipFigure(DemoMarkedModel, TimeStampedModel):
    """How many members an organisation had on a date, and where the figure comes from."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="membership_figures",
        verbose_name=_("organisation"),
    )
    date = models.DateField(_("date"))
    total = models.PositiveIntegerField(_("members in total"))
    women = models.PositiveIntegerField(_("women"), null=True, blank=True)
    men = models.PositiveIntegerField(_("men"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the figure comes from")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership figure")
        verbose_name_plural = _("membership figures")
        ordering = ["organization", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "date"], name="unique_membership_figure_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.total} ({self.date})"

    def clean(self) -> None:
        known = (self.women or 0) + (self.men or 0)
        if self.total is not None and known > self.total:
            raise ValidationError(
                {"total": _("The total is smaller than the number of women and men together.")}
            )

    @property
    def women_share(self) -> float | None:
        if self.women is None or not self.total:
            return None
        return self.women / self.total


class RelationshipKind(models.TextChoices):
    AFFILIATED_TO = "affiliated-to", _("is affiliated to")
    MEMBER_OF = "member-of", _("is a member of")
    PARTNER_OF = "partner-of", _("works in partnership with")


class OrganizationRelationship(DemoMarkedModel, TimeStampedModel):
    """``organization`` <kind> ``related_organization``: e.g. an MBO is affiliated to a network."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="relationships",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("relationship"), max_length=20, choices=RelationshipKind.choices)
    related_organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="inverse_relationships",
        verbose_name=_("related organisation"),
    )
    start = models.DateField(_("since"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("relationship between organisations")
        verbose_name_plural = _("relationships between organisations")
        ordering = ["organization", "kind", "related_organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "related_organization", "start"],
                name="unique_organization_relationship",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_kind_display()} {self.related_organization}"

    def clean(self) -> None:
        if self.organization_id and self.organization_id == self.related_organization_id:
            raise ValidationError(
                {"related_organization": _("An organisation cannot be related to itself.")}
            )
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end date is before the start date.")})

    @property
    def is_current(self) -> bool:
        return self.end is None or self.end >= timezone.localdate()


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other")
    NOT_STATED = "not-stated", _("Not stated")


class Person(DemoMarkedModel, TimeStampedModel):
    """A worker leader, an official or a contact. Never deleted: erasure anonymises the row so
    that positions, attendance and other counts that point at it stay as they were."""

    name = models.CharField(_("name"), max_length=200)
    gender = models.CharField(
        _("gender"),
        max_length=12,
        choices=Gender.choices,
        default=Gender.NOT_STATED,
        help_text=_("Used only to count the share of women among members and participants."),
    )
    # Private contact details: see rules.py (directory.view_person_contact).
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), max_length=500, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)
    notes = models.TextField(
        _("notes"), max_length=2000, blank=True, help_text=_("Private working notes.")
    )
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:person", args=[self.pk])

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def consent_scopes(self, on: datetime.date | None = None) -> set[str]:
        """The scopes the person has consented to and not withdrawn (on a date, default today)."""
        day = on or timezone.localdate()
        return {
            consent.scope
            for consent in self.consents.all()
            if consent.given_on <= day
            and (consent.withdrawn_on is None or consent.withdrawn_on > day)
        }

    @property
    def is_listed_publicly(self) -> bool:
        return not self.is_erased and ConsentScope.LISTED_PUBLICLY in self.consent_scopes()


class PositionTitle(models.TextChoices):
    LEADER = "leader", _("Leader")
    PRESIDENT = "president", _("President")
    VICE_PRESIDENT = "vice-president", _("Vice-president")
    GENERAL_SECRETARY = "general-secretary", _("General secretary")
    SECRETARY = "secretary", _("Secretary")
    TREASURER = "treasurer", _("Treasurer")
    ORGANISER = "organiser", _("Organiser")
    OFFICIAL = "official", _("Official")
    COORDINATOR = "coordinator", _("Coordinator")
    STAFF = "staff", _("Staff member")
    MEMBER = "member", _("Member")
    OTHER = "other", _("Other")


class Position(DemoMarkedModel, TimeStampedModel):
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="positions", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="positions",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("position"), max_length=20, choices=PositionTitle.choices)
    title_detail = models.CharField(
        _("title as used by the organisation"),
        max_length=120,
        blank=True,
        help_text=_("e.g. 'Regional organiser, Greater Accra'"),
    )
    start = models.DateField(_("since"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["organization", "title", "-start"]
        indexes = [models.Index(fields=["organization", "person"])]

    def __str__(self) -> str:
        return f"{self.person}, {self.get_title_display()}, {self.organization}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end date is before the start date.")})

    @property
    def is_current(self) -> bool:
        return self.end is None or self.end >= timezone.localdate()


class ConsentScope(models.TextChoices):
    CONTACT_BY_STAFF = "contact-by-staff", _("Contact by network staff and coordinators")
    LISTED_PUBLICLY = "listed-publicly", _("Name and position listed publicly")
    PHOTOS = "photos", _("Photos and recordings published")
    SHARED_WITH_PARTNERS = "shared-with-partners", _("Contact details shared with partners")


class ConsentMethod(models.TextChoices):
    WRITTEN_FORM = "written-form", _("Signed written form")
    VERBAL_RECORDED = "verbal-recorded", _("Verbal, recorded by staff")
    ONLINE_FORM = "online-form", _("Online form")
    EMAIL = "email", _("By email")


class Consent(DemoMarkedModel, RecordedModel, TimeStampedModel):
    """One scope a person agreed to, when and how; withdrawn consent keeps its row."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    scope = models.CharField(_("scope"), max_length=30, choices=ConsentScope.choices)
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how it was given"), max_length=20, choices=ConsentMethod.choices)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the record of consent is kept, e.g. 'form in the Lima office file'"),
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["person", "-given_on", "scope"]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_scope_display()} ({self.given_on})"

    def clean(self) -> None:
        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on:
            raise ValidationError(
                {"withdrawn_on": _("Consent cannot be withdrawn before it was given.")}
            )

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None or self.withdrawn_on > timezone.localdate()


class ErasureLog(models.Model):
    """That a person was erased, by whom, when and why; holds no personal data itself."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="erasures", verbose_name=_("person")
    )
    erased_at = models.DateTimeField(_("erased"), auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("erased by"),
    )
    reason = models.TextField(_("reason"), max_length=2000)
    requested_on = models.DateField(_("request received on"), null=True, blank=True)
    details = models.JSONField(
        _("what was done"), default=dict, help_text=_("Counts of fields cleared and rows deleted")
    )

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"#{self.person_id} {self.erased_at:%Y-%m-%d}"
