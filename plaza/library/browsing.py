"""Browsing the knowledge base by creator, subject (keyword), series and place.

- ``name_key``: the stable key of a name in a browse URL (``/library/creators/chen-martha-alter/``),
  Unicode-aware: Thai and Devanagari names keep their letters and marks (the URL is
  percent-encoded by the browser), case and punctuation do not matter.
- ``restrict``: the resources of one creator, subject, series, focal city or country, out of
  a queryset that is already scoped to what the reader may see (``selectors.visible_resources``).
- ``creator_headings`` / ``subject_headings`` and ``a_to_z``: the A-Z indexes, grouped by
  script (Latin, Devanagari, Thai, others) and initial letter; Thai by its initial consonant
  (a leading vowel such as เ is written first but sorted after), in Thai dictionary order
  (PyThaiNLP's collation); Latin letters without accents (É under E).
- ``collapse_versions``: the language versions of one work as one entry, the reader's
  language version first (how the library list and the browse pages count and show works).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from plaza.core.countries import is_country_code
from plaza.library.models import Creator, CreatorKind, Resource

KINDS = ("creator", "subject", "series", "city", "country")
SCRIPT_ORDER = ("Latin", "Devanagari", "Thai")
OTHER_SCRIPT = "Other"
THAI_LEADING_VOWELS = "\u0e40\u0e41\u0e42\u0e43\u0e44"  # เ แ โ ใ ไ
MAX_KEY = 150


def name_key(text: str) -> str:
    """``"Chen, Martha Alter"`` -> ``"chen-martha-alter"``; ``"การค้าริมทาง"`` keeps its marks."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", str(text)).casefold():
        if unicodedata.category(ch)[0] in "LMN":
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")[:MAX_KEY]


def creator_name(
    kind: str, family: str, given: str, name: str, organization: str | None = None
) -> str:
    """A creator as the A-Z index lists it: ``Family, Given`` or the organisation's name."""
    if kind == CreatorKind.ORGANIZATION:
        return (name or organization or "").strip()
    return ", ".join(p.strip() for p in (family, given) if p and p.strip())


def script_of(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for script in SCRIPT_ORDER:
        if name.startswith(script.upper()):
            return script
    return OTHER_SCRIPT


def initial(text: str) -> tuple[str, str]:
    """(script, letter) a name is filed under; ("Other", "#") when it has no letter."""
    text = unicodedata.normalize("NFC", text).strip()
    for position, ch in enumerate(text):
        if not unicodedata.category(ch).startswith("L"):
            continue
        script = script_of(ch)
        if script == "Thai":
            # เขา is filed under ข: the consonant after the leading vowel.
            rest = text[position:].lstrip(THAI_LEADING_VOWELS)
            return script, (rest[:1] or ch)
        if script in ("Latin", "Devanagari"):
            return script, unicodedata.normalize("NFD", ch)[0].upper()
        return script, ch.upper()
    return OTHER_SCRIPT, "#"


def _latin_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _sorted_names(script: str, names: list[str]) -> list[str]:
    if script == "Thai":
        from pythainlp.util import collate

        return list(collate(names))
    if script == "Devanagari":  # Unicode order is the order of the varnamala
        return sorted(names, key=lambda n: unicodedata.normalize("NFD", n))
    return sorted(names, key=lambda n: (_latin_key(n), n))


@dataclass
class Heading:
    """One creator, subject or series: its URL key, its name, how many works it has."""

    key: str
    label: str
    roots: set[int] = field(default_factory=set)

    @property
    def count(self) -> int:
        return len(self.roots)


@dataclass
class Letter:
    letter: str
    anchor: str
    headings: list[Heading]


@dataclass
class Script:
    script: str
    letters: list[Letter]


def _add(found: dict[str, Heading], label: str, root: int) -> None:
    key = name_key(label)
    if not key:
        return
    heading = found.setdefault(key, Heading(key, label.strip()))
    heading.roots.add(root)


def creator_headings(visible: QuerySet[Resource]) -> dict[str, Heading]:
    """Every creator of the ``visible`` resources, by key, with the works they made."""
    rows = Creator.objects.filter(resource__in=visible.values("pk")).values_list(
        "resource_id",
        "resource__edition_of_id",
        "kind",
        "family_name",
        "given_names",
        "name",
        "organization__name",
    )
    found: dict[str, Heading] = {}
    for pk, root, kind, family, given, name, organization in rows.order_by("resource_id", "pk"):
        _add(found, creator_name(kind, family, given, name, organization), root or pk)
    return found


def subject_headings(visible: QuerySet[Resource]) -> dict[str, Heading]:
    """Every keyword of the ``visible`` resources, by key (case and punctuation folded)."""
    found: dict[str, Heading] = {}
    for pk, root, keywords in visible.values_list("pk", "edition_of_id", "keywords").order_by("pk"):
        for keyword in keywords or []:
            _add(found, str(keyword), root or pk)
    return found


def series_headings(visible: QuerySet[Resource]) -> dict[str, Heading]:
    found: dict[str, Heading] = {}
    rows = visible.exclude(series="").values_list("pk", "edition_of_id", "series").order_by("pk")
    for pk, root, series in rows:
        _add(found, series, root or pk)
    return found


def a_to_z(headings: dict[str, Heading]) -> list[Script]:
    """The headings grouped by script, then initial letter, each group in collation order."""
    by_script: dict[str, dict[str, list[Heading]]] = {}
    for heading in headings.values():
        script, letter = initial(heading.label)
        by_script.setdefault(script, {}).setdefault(letter, []).append(heading)
    result = []
    for script in [*SCRIPT_ORDER, *sorted(set(by_script) - {*SCRIPT_ORDER})]:
        letters = by_script.get(script)
        if not letters:
            continue
        groups = []
        for letter in _sorted_names(script, list(letters)):
            order = _sorted_names(script, [h.label for h in letters[letter]])
            by_label = {h.label: h for h in letters[letter]}
            groups.append(
                Letter(
                    letter,
                    f"{script.lower()}-{name_key(letter) or 'other'}",
                    [by_label[label] for label in order],
                )
            )
        result.append(Script(script, groups))
    return result


def restrict(qs: QuerySet[Resource], kind: str, key: str) -> tuple[QuerySet[Resource], str]:
    """(the resources of ``qs`` filed under ``kind`` ``key``, the heading's name); the name
    is "" when no resource of ``qs`` has it (the page is then a 404)."""
    if kind == "creator":
        headings = creator_headings(qs)
    elif kind == "subject":
        headings = subject_headings(qs)
    elif kind == "series":
        headings = series_headings(qs)
    elif kind == "city":
        return qs.filter(cities__slug=key).distinct(), key
    elif kind == "country":
        code = key.upper()
        if not is_country_code(code):
            return qs.none(), ""
        ids = [pk for pk, codes in qs.values_list("pk", "countries") if code in (codes or [])]
        return qs.filter(pk__in=ids), code
    else:
        return qs.none(), ""
    heading = headings.get(key)
    if heading is None:
        return qs.none(), ""
    if kind == "creator":
        ids = [
            pk
            for pk, kind_, family, given, name, organization in Creator.objects.filter(
                resource__in=qs.values("pk")
            ).values_list(
                "resource_id", "kind", "family_name", "given_names", "name", "organization__name"
            )
            if name_key(creator_name(kind_, family, given, name, organization)) == key
        ]
    elif kind == "subject":
        ids = [
            pk
            for pk, keywords in qs.values_list("pk", "keywords")
            if any(name_key(str(k)) == key for k in keywords or [])
        ]
    else:
        ids = [
            pk
            for pk, series in qs.exclude(series="").values_list("pk", "series")
            if name_key(series) == key
        ]
    return qs.filter(pk__in=ids), heading.label


def collapse_versions(qs: QuerySet[Resource], language: str) -> list[int]:
    """One resource id per work (language versions of one original are one work), in the
    order of ``qs``; the version in ``language`` stands for its work when ``qs`` has it."""
    chosen: dict[int, int] = {}  # root -> position in ``order``
    order: list[int] = []
    languages: list[str] = []
    seen: set[int] = set()
    for pk, root, lang in qs.values_list("pk", "edition_of_id", "language"):
        if pk in seen:
            continue
        seen.add(pk)
        work = root or pk
        if work not in chosen:
            chosen[work] = len(order)
            order.append(pk)
            languages.append(lang)
        elif lang == language and languages[chosen[work]] != language:
            order[chosen[work]] = pk
            languages[chosen[work]] = lang
    return order


def other_versions(visible: QuerySet[Resource], shown: list[Resource]) -> dict[int, list[Any]]:
    """For each shown resource, its other language versions the reader may see."""
    roots = {r.pk: r.edition_of_id or r.pk for r in shown}
    if not roots:
        return {}
    shown_ids = set(roots)
    from django.db.models import Q

    rows = (
        visible.filter(Q(pk__in=set(roots.values())) | Q(edition_of_id__in=set(roots.values())))
        .exclude(pk__in=shown_ids)
        .order_by("language", "pk")
    )
    by_root: dict[int, list[Any]] = {}
    for version in rows:
        by_root.setdefault(version.edition_of_id or version.pk, []).append(version)
    return {pk: by_root.get(root, []) for pk, root in roots.items()}
