"""One source of truth for every controlled vocabulary, with its label in the reader's language.

Each vocabulary is a ``TextChoices`` class kept next to the model that stores its codes (the
codes are data, the labels interface text translated by gettext in all five languages), or a
CLDR list (languages, countries) or the focal cities' own names. Whatever shows a code (a
page, a facet, a search result, an export, a PDF, an e-mail, the API) asks here for its label,
never builds one from the code ("good-practice" -> "Good practice"):

    from plaza.core.vocabularies import label, labels, choices, labels_of

    label("resource_type", "good-practice")            # "Good-practice document" (active language)
    label("resource_type", "law", lang="hi")           # "क़ानून या विनियम"
    labels("sector", lang="th")                        # {"street-vendors": "ผู้ค้าหาบเร่แผงลอย", ...}
    labels_of({"kind": ("activity_kind", "campaign")})  # {"kind": "Campaign"} (the API's labels)

In templates (the filter is a builtin, no ``{% load %}`` needed):

    {{ resource.type|label:"resource_type" }}
    {{ codes|labels:"sector" }}                        # a list of labels, for |join:", "

An unknown code is returned unchanged (the label of a code no longer in the vocabulary is the
code itself), so a label call never fails. ``names()`` lists every vocabulary. Each app
registers its own in its ``AppConfig.ready()`` (plaza.core imports no app):

    core        sector, language, country
    accounts    role
    library     resource_type, resource_status, visibility, creator_kind, creator_role
    cities      city (the city's name per language), activity_kind, activity_status,
                platform_type, gender, resource_role, seat_side, demand_status,
                commitment_status, evidence_kind
    directory   organization_kind, relationship_kind, position_title, consent_scope,
                consent_method
    inquiries   inquirer_kind, request_kind, outcome, referral, inquiry_status
    statistics  sex, observation_status
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models
from django.utils import translation

# name -> the TextChoices class that is the vocabulary's source of truth. plaza.core imports no
# app: each app registers its own lists in its AppConfig.ready() (``register``).
_CHOICES: dict[str, type[models.TextChoices]] = {}
# name -> function(code, lang) for the vocabularies that are not TextChoices
_NAMED: dict[str, Callable[[str, str], str]] = {}
# name -> function(codes, lang) -> {code: label}: many labels of a data-backed vocabulary in
# one read (facet lists label every value at once)
_NAMED_MANY: dict[str, Callable[[list[str], str], dict[str, str]]] = {}


def register(name: str, choices: type[models.TextChoices]) -> None:
    """Make ``choices`` the vocabulary ``name`` (an app calls this in its ``ready()``)."""
    _CHOICES[name] = choices
    for key in [key for key in _TRANSLATED if key[0] == name]:
        del _TRANSLATED[key]


def register_named(
    name: str,
    namer: Callable[[str, str], str],
    many: Callable[[list[str], str], dict[str, str]] | None = None,
) -> None:
    """A vocabulary whose labels come from data: ``namer(code, lang)`` gives the label;
    ``many(codes, lang)``, where the labels live in the database, gives many in one query."""
    _NAMED[name] = namer
    if many is not None:
        _NAMED_MANY[name] = many


def names() -> list[str]:
    """Every registered vocabulary."""
    return sorted([*_CHOICES, *_NAMED])


def vocabulary(name: str) -> type[models.TextChoices]:
    """The TextChoices class behind ``name`` (KeyError for a name that is not a choices list)."""
    return _CHOICES[name]


def _reader(lang: str | None) -> str:
    return (lang or translation.get_language() or "en").split("-")[0]


def label(name: str, code: Any, lang: str | None = None) -> str:
    """The label of ``code`` in vocabulary ``name``, in ``lang`` (default: the active language)."""
    if code is None or code == "":
        return ""
    text: str = str(code)
    reader = _reader(lang)
    if name in _NAMED:
        return _NAMED[name](text, reader)
    if name not in _CHOICES:
        raise KeyError(f"unknown vocabulary {name!r}; known: {', '.join(names())}")
    return _translated(name, reader).get(text, text)


def labels(name: str, lang: str | None = None) -> dict[str, str]:
    """Every code of a TextChoices vocabulary with its label in ``lang``, in the list's order."""
    return dict(_translated(name, _reader(lang)))


# (name, language) -> {code: label}: interface text from the gettext catalogues, which do not
# change while a process runs, so each list is translated once per process and language
# (translation.override for every label was most of an API list's time).
_TRANSLATED: dict[tuple[str, str], dict[str, str]] = {}


def _translated(name: str, reader: str) -> dict[str, str]:
    found = _TRANSLATED.get((name, reader))
    if found is None:
        with translation.override(reader):
            found = {str(m.value): str(m.label) for m in vocabulary(name)}
        if translation.check_for_language(reader):  # a bounded set of keys
            _TRANSLATED[(name, reader)] = found
    return found


def label_list(name: str, codes: Iterable[Any], lang: str | None = None) -> list[str]:
    codes = list(codes)
    mapped = label_map(name, codes, lang)
    return [mapped.get(str(code), "") if code not in (None, "") else "" for code in codes]


def label_map(name: str, codes: Iterable[Any], lang: str | None = None) -> dict[str, str]:
    """``{code: label}`` for many codes of vocabulary ``name``, in one read where it has data."""
    wanted = list(dict.fromkeys(str(c) for c in codes if c is not None and c != ""))
    if name in _NAMED_MANY and wanted:
        found = _NAMED_MANY[name](wanted, _reader(lang))
        return {code: found.get(code, code) for code in wanted}
    return {code: label(name, code, lang) for code in wanted}


def choices(name: str) -> list[tuple[str, Any]]:
    """``(code, lazy label)`` pairs for a form field or a model field."""
    return list(vocabulary(name).choices)


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


def _register_core() -> None:
    from plaza.core.countries import country_name
    from plaza.core.languages import language_name
    from plaza.core.sectors import SectorCode

    register("sector", SectorCode)
    register_named("language", language_name)  # ISO 639-1, names from CLDR
    register_named("country", country_name)  # ISO 3166-1 alpha-2, names from CLDR


_register_core()
