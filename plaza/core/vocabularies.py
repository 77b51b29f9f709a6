"""One source of truth for every controlled vocabulary, with its label in the reader's language.

Each vocabulary is a ``TextChoices`` class kept next to the model that stores its codes (the
codes are data, the labels interface text translated by gettext in all five languages), or a
CLDR list (languages, countries) or the focal cities' own names. Whatever shows a code (a
page, a facet, a search result, an export, a PDF, an e-mail, the API) asks here for its label,
never builds one from the code ("good-practice" -> "Good practice"):

    from plaza.core.vocabularies import label, labels, choices, labelled

    label("resource_type", "good-practice")            # "Good-practice document" (active language)
    label("resource_type", "law", lang="hi")           # "क़ानून या विनियम"
    labels("sector", lang="th")                        # {"street-vendors": "ผู้ค้าหาบเร่แผงลอย", ...}
    labelled("activity_kind", "campaign")              # {"code": "campaign", "label": "Campaign"}

In templates (the filter is a builtin, no ``{% load %}`` needed):

    {{ resource.type|label:"resource_type" }}
    {{ codes|labels:"sector" }}                        # a list of labels, for |join:", "

An unknown code is returned unchanged (the label of a code no longer in the vocabulary is the
code itself), so a label call never fails. ``VOCABULARIES`` lists every name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.module_loading import import_string

# name -> dotted path of the TextChoices class that is the vocabulary's source of truth
CHOICES: dict[str, str] = {
    # knowledge base
    "resource_type": "plaza.library.models.ResourceType",
    "resource_status": "plaza.library.models.Status",
    "visibility": "plaza.library.models.Visibility",
    "creator_kind": "plaza.library.models.CreatorKind",
    "creator_role": "plaza.library.models.CreatorRole",
    # shared
    "sector": "plaza.core.sectors.SectorCode",
    "role": "plaza.accounts.roles.Role",
    # focal-city work
    "activity_kind": "plaza.cities.models.activity.ActivityKind",
    "activity_status": "plaza.cities.models.activity.ActivityStatus",
    "platform_type": "plaza.cities.models.activity.PlatformType",
    "gender": "plaza.cities.models.activity.Gender",
    "resource_role": "plaza.cities.models.activity.ResourceRole",
    "seat_side": "plaza.cities.models.dialogue.SeatSide",
    "demand_status": "plaza.cities.models.dialogue.DemandStatus",
    "commitment_status": "plaza.cities.models.dialogue.CommitmentStatus",
    "evidence_kind": "plaza.cities.models.dialogue.EvidenceKind",
    # directory
    "organization_kind": "plaza.directory.models.OrganizationKind",
    "relationship_kind": "plaza.directory.models.RelationshipKind",
    "position_title": "plaza.directory.models.PositionTitle",
    "consent_scope": "plaza.directory.models.ConsentScope",
    "consent_method": "plaza.directory.models.ConsentMethod",
    # inquiries
    "inquirer_kind": "plaza.inquiries.choices.OrganisationKind",
    "request_kind": "plaza.inquiries.choices.RequestKind",
    "outcome": "plaza.inquiries.choices.Outcome",
    "referral": "plaza.inquiries.choices.Referral",
    "inquiry_status": "plaza.inquiries.choices.Status",
    # statistics
    "sex": "plaza.statistics.models.Sex",
    "observation_status": "plaza.statistics.models.Status",
}


def _language(code: str, lang: str) -> str:
    from plaza.core.languages import language_name

    return language_name(code, lang)


def _country(code: str, lang: str) -> str:
    from plaza.core.countries import country_name

    return country_name(code, lang)


def _city(code: str, lang: str) -> str:
    from plaza.cities.models import City

    city = City.objects.filter(slug=code).first()
    return city.name_in(lang) if city else code


# name -> function(code, lang) for the vocabularies that are not TextChoices
NAMED: dict[str, Callable[[str, str], str]] = {
    "language": _language,  # ISO 639-1, names from CLDR
    "country": _country,  # ISO 3166-1 alpha-2, names from CLDR
    "city": _city,  # focal-city slug, the city's name in each language (City.names)
}

VOCABULARIES: tuple[str, ...] = (*CHOICES, *NAMED)


@cache
def vocabulary(name: str) -> type[models.TextChoices]:
    """The TextChoices class behind ``name`` (KeyError for a name that is not a choices list)."""
    return import_string(CHOICES[name])  # type: ignore[no-any-return]


def _reader(lang: str | None) -> str:
    return (lang or translation.get_language() or "en").split("-")[0]


def label(name: str, code: Any, lang: str | None = None) -> str:
    """The label of ``code`` in vocabulary ``name``, in ``lang`` (default: the active language)."""
    if code is None or code == "":
        return ""
    code = str(code)
    reader = _reader(lang)
    if name in NAMED:
        return NAMED[name](code, reader)
    if name not in CHOICES:
        raise KeyError(f"unknown vocabulary {name!r}; known: {', '.join(VOCABULARIES)}")
    try:
        member = vocabulary(name)(code)
    except ValueError:
        return code
    with translation.override(reader):
        return str(member.label)


def labels(name: str, lang: str | None = None) -> dict[str, str]:
    """Every code of a TextChoices vocabulary with its label in ``lang``, in the list's order."""
    reader = _reader(lang)
    with translation.override(reader):
        return {str(m.value): str(m.label) for m in vocabulary(name)}


def label_list(name: str, codes: Iterable[Any], lang: str | None = None) -> list[str]:
    return [label(name, code, lang) for code in codes]


def choices(name: str) -> list[tuple[str, Any]]:
    """``(code, lazy label)`` pairs for a form field or a model field."""
    return list(vocabulary(name).choices)


def labelled(name: str, code: Any, lang: str | None = None) -> dict[str, str]:
    """``{"code": ..., "label": ...}``: how the API and exports show a code beside its label."""
    return {"code": "" if code is None else str(code), "label": label(name, code, lang)}


def labels_of(fields: dict[str, tuple[str, Any]], lang: str | None = None) -> dict[str, Any]:
    """The API's ``labels`` object: each field's code(s) labelled, e.g.
    ``labels_of({"type": ("resource_type", "law"), "sectors": ("sector", ["street-vendors"])})``
    -> ``{"type": "Law or regulation", "sectors": ["Street vendors"]}``."""
    result: dict[str, Any] = {}
    for field, (name, value) in fields.items():
        if isinstance(value, list | tuple | set):
            result[field] = label_list(name, value, lang)
        else:
            result[field] = label(name, value, lang)
    return result


API_LABELS_DESCRIPTION = (
    "the labels of the codes above in the request's language (Accept-Language: en, es, fr, th "
    "or hi)"
)
