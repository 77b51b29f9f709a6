"""CSV import of organisations and of people, checked whole before anything is written.

Every row is validated first; if any row is bad the report names each bad row (its line in the
file, the column, the problem) and nothing is written. Otherwise all rows are applied in one
transaction through the services, so a failure while applying also leaves nothing behind.
Columns: see exports.py (the same) and docs/user/directory.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plaza.cities.models import City
from plaza.core.countries import is_country_code
from plaza.core.languages import is_known_language
from plaza.core.models import Sector
from plaza.core.types import User
from plaza.directory import services
from plaza.directory.exports import LIST_SEPARATOR, ORGANIZATION_COLUMNS, PEOPLE_COLUMNS
from plaza.directory.models import (
    ConsentMethod,
    ConsentScope,
    Gender,
    Organization,
    OrganizationKind,
    Person,
    Position,
    PositionTitle,
    RelationshipKind,
)

KINDS = ("organizations", "people")
CREATED, UPDATED = "created", "updated"
Action = tuple[int, Callable[[Any], str]]
REQUIRED = {"organizations": {"name", "kind"}, "people": {"organization", "position"}}


@dataclass
class RowError:
    row: int  # line in the file: the header is 1, the first record 2
    column: str
    message: str


@dataclass
class ImportReport:
    kind: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def add(self, row: int, column: str, message: Any) -> None:
        self.errors.append(RowError(row, column, str(message)))


class CommandLineOperator:
    """The operator running ``plaza import-directory`` on the server: trusted like the admin."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True
    is_anonymous = False

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return True

    def __str__(self) -> str:
        return "command line"


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()]


def _yes(value: str) -> bool:
    return value.strip().lower() in ("yes", "true", "1", "y")


class OrganizationRow(forms.Form):
    slug = forms.SlugField(max_length=80, required=False)
    name = forms.CharField(max_length=200)
    acronym = forms.CharField(max_length=30, required=False)
    kind = forms.ChoiceField(choices=OrganizationKind.choices)
    country = forms.CharField(max_length=2, required=False)
    website = forms.URLField(required=False)
    founded = forms.IntegerField(min_value=1800, max_value=2100, required=False)
    description = forms.CharField(required=False)
    members_date = forms.DateField(required=False)
    members_total = forms.IntegerField(min_value=0, required=False)
    members_women = forms.IntegerField(min_value=0, required=False)
    members_men = forms.IntegerField(min_value=0, required=False)
    members_source = forms.CharField(max_length=300, required=False)

    def clean_country(self) -> str:
        code: str = self.cleaned_data["country"].strip().upper()
        if code and not is_country_code(code):
            raise ValidationError(gettext_lazy("Unknown country code."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_figure = any(
            data.get(k) not in (None, "") for k in ("members_total", "members_women", "members_men")
        )
        if has_figure and data.get("members_total") is None:
            self.add_error("members_total", gettext_lazy("Give the total number of members."))
        if has_figure and not data.get("members_date"):
            self.add_error("members_date", gettext_lazy("Give the date of the membership figure."))
        return data


class PersonRow(forms.Form):
    person_id = forms.IntegerField(min_value=1, required=False)
    name = forms.CharField(max_length=200, required=False)
    gender = forms.ChoiceField(choices=Gender.choices, required=False)
    phone = forms.CharField(max_length=40, required=False)
    email = forms.EmailField(required=False)
    address = forms.CharField(max_length=500, required=False)
    organization = forms.SlugField(max_length=80)
    position = forms.ChoiceField(choices=PositionTitle.choices)
    position_detail = forms.CharField(max_length=120, required=False)
    start = forms.DateField(required=False)
    end = forms.DateField(required=False)
    consent_scopes = forms.CharField(required=False)
    consent_date = forms.DateField(required=False)
    consent_method = forms.ChoiceField(choices=ConsentMethod.choices, required=False)
    consent_source = forms.CharField(max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person_id") and not data.get("name"):
            self.add_error("name", gettext_lazy("Give the person's name (or a person_id)."))
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", gettext_lazy("The end date is before the start date."))
        scopes = _split(data.get("consent_scopes") or "")
        unknown = [s for s in scopes if s not in ConsentScope.values]
        if unknown:
            self.add_error(
                "consent_scopes",
                _("Unknown consent scope: %(scopes)s. Use: %(known)s")
                % {"scopes": ", ".join(unknown), "known": ", ".join(ConsentScope.values)},
            )
        data["consent_scopes"] = scopes
        if scopes or not data.get("person_id"):  # consent given needs its date and manner
            if not scopes:
                self.add_error(
                    "consent_scopes", gettext_lazy("A new person needs the consent they gave.")
                )
            if not data.get("consent_date"):
                self.add_error("consent_date", gettext_lazy("Give the date of consent."))
            if not data.get("consent_method"):
                self.add_error("consent_method", gettext_lazy("Say how consent was given."))
        return data


def read_csv(content: bytes) -> tuple[list[str], list[dict[str, str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The file is not UTF-8 text. Save it as 'CSV UTF-8'.")) from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    rows = [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
    return header, rows


def detect_kind(header: Iterable[str]) -> str:
    return "people" if "organization" in set(header) else "organizations"


def _check_header(report: ImportReport, header: list[str], kind: str) -> None:
    known = set(ORGANIZATION_COLUMNS if kind == "organizations" else PEOPLE_COLUMNS)
    for column in header:
        if column not in known:
            report.add(1, column, _("Unknown column."))
    for column in sorted(REQUIRED[kind] - set(header)):
        report.add(1, column, _("This column is missing."))


def _form_errors(report: ImportReport, line: int, form: forms.Form) -> None:
    for column, errors in form.errors.items():
        for error in errors:
            report.add(line, column if column != "__all__" else "", error)


def _validate_organizations(report: ImportReport, rows: list[dict[str, str]]) -> list[Action]:
    cities = dict(City.objects.values_list("slug", "pk"))
    sectors = set(Sector.objects.values_list("code", flat=True))
    existing = set(Organization.objects.values_list("slug", flat=True))
    in_file: set[str] = set()
    slugs: dict[int, str] = {}
    actions: list[Action] = []
    for line, raw in enumerate(rows, start=2):
        form = OrganizationRow(raw)
        if not form.is_valid():
            _form_errors(report, line, form)
            continue
        data = form.cleaned_data
        # No slug: the one made from the name, so importing the same file again updates.
        slug = data["slug"] or slugify(data["name"])[:80]
        if not slug:
            report.add(line, "slug", _("Give a short name (slug) in Latin letters."))
            continue
        slugs[line] = slug
        if slug in in_file:
            report.add(line, "slug", _("This slug appears twice in the file."))
        in_file.add(slug)
        for column, values, known in (
            ("cities", _split(raw.get("cities", "")), cities),
            ("sectors", _split(raw.get("sectors", "")), sectors),
        ):
            for value in values:
                if value not in known:
                    report.add(line, column, _("Unknown code: %(value)s") % {"value": value})
        for code in _split(raw.get("languages", "")):
            if not is_known_language(code):
                report.add(line, "languages", _("Unknown code: %(value)s") % {"value": code})
        actions.append((line, _organization_action(slug, data, raw)))
    # Relationships may point at organisations earlier or later in the same file.
    for line, raw in enumerate(rows, start=2):
        for column in ("affiliated_to", "member_of"):
            for target in _split(raw.get(column, "")):
                if target not in existing and target not in in_file:
                    report.add(
                        line,
                        column,
                        _("No organisation with the slug %(slug)s.") % {"slug": target},
                    )
    if not report.errors:
        actions.extend(
            (line, _relationship_action(slugs[line], raw)) for line, raw in enumerate(rows, start=2)
        )
    return actions


def _organization_action(
    slug: str, data: dict[str, Any], raw: dict[str, str]
) -> Callable[[Any], str]:
    def apply(user: User) -> str:
        fields = {
            k: data[k]
            for k in ("name", "acronym", "kind", "country", "website", "founded", "description")
        }
        cities = list(City.objects.filter(slug__in=_split(raw.get("cities", ""))))
        sectors = list(Sector.objects.filter(code__in=_split(raw.get("sectors", ""))))
        languages = _split(raw.get("languages", ""))
        org = Organization.objects.filter(slug=slug).first()
        created = org is None
        if org is None:
            org = services.create_organization(
                user,
                slug=slug,
                cities=cities,
                sectors=sectors,
                languages=languages,
                is_demo=_yes(raw.get("is_demo", "")),
                **fields,
            )
        else:
            services.update_organization(
                user, org, cities=cities, sectors=sectors, languages=languages, **fields
            )
        if data.get("members_total") is not None:
            services.record_membership_figure(
                user,
                org,
                date=data["members_date"],
                total=data["members_total"],
                women=data.get("members_women"),
                men=data.get("members_men"),
                source=data.get("members_source") or "",
                is_demo=org.is_demo,
            )
        return CREATED if created else UPDATED

    return apply


def _relationship_action(slug: str, raw: dict[str, str]) -> Callable[[Any], str]:
    def apply(user: User) -> str:
        org = Organization.objects.get(slug=slug)
        for column, kind in (
            ("affiliated_to", RelationshipKind.AFFILIATED_TO),
            ("member_of", RelationshipKind.MEMBER_OF),
        ):
            for target in _split(raw.get(column, "")):
                services.add_relationship(
                    user, org, kind=kind, related_organization=Organization.objects.get(slug=target)
                )
        return ""

    return apply


def _validate_people(report: ImportReport, rows: list[dict[str, str]]) -> list[Action]:
    orgs = {o.slug: o for o in Organization.objects.all()}
    new_in_file: set[tuple[str, str]] = set()
    actions: list[Action] = []
    for line, raw in enumerate(rows, start=2):
        form = PersonRow(raw)
        if not form.is_valid():
            _form_errors(report, line, form)
            continue
        data = form.cleaned_data
        org = orgs.get(data["organization"])
        if org is None:
            report.add(
                line,
                "organization",
                _("No organisation with the slug %(slug)s.") % {"slug": data["organization"]},
            )
            continue
        person = None
        if data.get("person_id"):
            person = Person.objects.filter(pk=data["person_id"]).first()
            if person is None:
                report.add(line, "person_id", _("No person with this id."))
                continue
            if person.is_erased:
                report.add(line, "person_id", _("This person was erased on request."))
                continue
        elif Position.objects.filter(organization=org, person__name__iexact=data["name"]).exists():
            report.add(
                line,
                "name",
                _("%(name)s is already recorded in %(org)s; give their person_id to update them.")
                % {"name": data["name"], "org": org.slug},
            )
            continue
        else:
            key = (org.slug, data["name"].casefold())
            if key in new_in_file:
                report.add(line, "name", _("This person appears twice in the file."))
                continue
            new_in_file.add(key)
        actions.append((line, _person_action(person, org, data, raw)))
    return actions


def _person_action(
    person: Person | None, org: Organization, data: dict[str, Any], raw: dict[str, str]
) -> Callable[[Any], str]:
    def apply(user: User) -> str:
        contact = {k: data[k] for k in ("phone", "email", "address") if data.get(k)}
        if data.get("gender"):
            contact["gender"] = data["gender"]
        position = {
            "title": data["position"],
            "title_detail": data.get("position_detail") or "",
            "start": data.get("start"),
            "end": data.get("end"),
        }
        if person is None:
            services.create_person(
                user,
                org,
                name=data["name"],
                consent_scopes=data["consent_scopes"],
                consent_method=data["consent_method"],
                consent_date=data["consent_date"],
                consent_source=data.get("consent_source") or "",
                is_demo=_yes(raw.get("is_demo", "")),
                **position,
                **contact,
            )
            return CREATED
        if data.get("name"):
            contact["name"] = data["name"]
        services.update_person(user, person, **contact)
        if not person.positions.filter(organization=org, title=data["position"]).exists():
            services.add_position(user, person, org, **position)
        if data["consent_scopes"]:
            services.record_consent(
                user,
                person,
                scopes=data["consent_scopes"],
                given_on=data.get("consent_date"),
                method=data.get("consent_method") or "",
                source=data.get("consent_source") or "",
            )
        return UPDATED

    return apply


class _Rollback(Exception):
    pass


def import_directory(
    user: User,
    content: bytes,
    *,
    kind: str = "",
    dry_run: bool = False,
    progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda it: it,
) -> ImportReport:
    """Check the whole file, then (unless ``dry_run`` or any error) apply it in one transaction."""
    if not user.has_perm("directory.import_directory"):
        raise PermissionDenied(_("Only network staff can import into the directory."))
    report = ImportReport(dry_run=dry_run)
    try:
        header, rows = read_csv(content)
    except ValidationError as exc:
        report.add(0, "", exc.messages[0])
        return report
    report.kind = kind or detect_kind(header)
    report.rows = len(rows)
    if report.kind not in KINDS:
        report.add(0, "", _("Unknown kind of file: %(kind)s") % {"kind": report.kind})
        return report
    if not rows:
        report.add(2, "", _("The file has no rows."))
    _check_header(report, header, report.kind)
    if report.errors:
        return report
    validate = _validate_organizations if report.kind == "organizations" else _validate_people
    actions = validate(report, rows)
    if report.errors or dry_run:
        return report
    try:
        with transaction.atomic():
            for line, action in progress(actions):
                try:
                    outcome = action(user)
                except (ValidationError, PermissionDenied) as exc:
                    messages = (
                        exc.message_dict
                        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict")
                        else {"": [str(m) for m in getattr(exc, "messages", [str(exc)])]}
                    )
                    for column, texts in messages.items():
                        for text in texts:
                            report.add(line, column, text)
                    raise _Rollback from exc
                if outcome == CREATED:
                    report.created += 1
                elif outcome == UPDATED:
                    report.updated += 1
    except _Rollback:
        report.created = report.updated = 0
        return report
    report.applied = True
    return report
