"""The query language: words, "phrases", -exclusion, NOT, OR, prefix*, fields and filters.

    vendedores ambulantes            both words (any form: vendedor, vendedora...)
    "street vendors"                 the words next to each other
    waste -plastic                   waste, not plastic
    waste NOT plastic                the same (NOT is the exclusion written as a word)
    hawkers OR vendors               either word
    recicl*                          words starting with recicl
    title:vendors                    vendors in the title (title:"street vendors": the phrase)
    author:chen keyword:"social protection" series:"WIEGO Working Paper"
    kind:organization                what the record is (resource, organization, activity...)
    type:report lang:es sector:waste-pickers city:lima country:PE year:2015..2020

AND is accepted and changes nothing (words are combined with AND already).

A "-" at the start of a word is an exclusion, except in two cases where people plainly
mean a hyphen: in running text (a query of more than six words, or one ending with "?")
and between two capitalised words ("Mercedes -Benz", "Baden -Powell"). There the word is
joined to the previous one ("Mercedes-Benz"). A literal backslash-n, -r or -t (pasted from
code or a log) is a space.

Parsing never raises: unbalanced quotes close at the end, a lone "-" or "*" is ignored,
punctuation is treated as text, and very long queries are cut (with a notice).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 500
MAX_CLAUSES = 32
FILTER_FIELDS = {
    "kind": "kind",
    "type": "type",
    "lang": "lang",
    "language": "lang",
    "sector": "sector",
    "city": "city",
    "country": "country",
    "year": "year",
}
# Fields matched against a record's own values (words of an author's name, a keyword,
# the series), not the free text: ``author:chen``.
VALUE_FIELDS = {
    "author": "author",
    "creator": "author",
    "keyword": "keyword",
    "keywords": "keyword",
    "subject": "keyword",
    "series": "series",
}
TEXT_FIELDS = {"title": "title"}
_LITERAL_ESCAPE = re.compile(r"\\[nrt](?=\s|\\|$)")
RUNNING_TEXT_WORDS = 6
_TOKEN = re.compile(r'(-?)(?:([^\s":-][^\s":]*):)?"([^"]*)"?|(\S+)')
_YEAR_RANGE = re.compile(r"^(\d{4})?(?:\s*(?:\.\.|-|–)\s*(\d{4})?)?$")


@dataclass
class Clause:
    text: str  # the words as typed (one word, or a phrase)
    phrase: bool = False
    prefix: bool = False
    negated: bool = False
    field: str = ""  # "title": only in the title


@dataclass
class ParsedQuery:
    raw: str
    groups: list[list[Clause]] = field(default_factory=list)  # AND of OR-groups
    excluded: list[Clause] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def positive_clauses(self) -> list[Clause]:
        return [clause for group in self.groups for clause in group]


def _filter(parsed: ParsedQuery, name: str, value: str) -> bool:
    """Apply ``name:value``; False when it is not a valid filter (then it is searched as text)."""
    value = value.strip().strip('"')
    if not value:
        return False
    if name == "year":
        match = _YEAR_RANGE.match(value)
        if not match or not (match.group(1) or match.group(2)):
            parsed.notices.append(
                str(_("year: expects a year or a range such as 2015..2020; ignored “%(value)s”."))
                % {"value": value}
            )
            return True
        start = int(match.group(1)) if match.group(1) else None
        end = int(match.group(2)) if match.group(2) else None
        if "." not in value and "-" not in value and "–" not in value:
            end = start
        if start is not None and end is not None and start > end:
            start, end = end, start
        parsed.year_from, parsed.year_to = start, end
        return True
    if name in VALUE_FIELDS.values():
        parsed.filters.setdefault(name, []).append(value.lower())
        return True
    for item in value.split(","):
        if item.strip():
            parsed.filters.setdefault(name, []).append(item.strip().lower())
    return True


def _running_text(text: str) -> bool:
    plain = [t for t in text.split() if t not in ("OR", "AND", "NOT") and ":" not in t]
    return len(plain) > RUNNING_TEXT_WORDS or text.rstrip().endswith("?")


def _capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


def parse(raw: str) -> ParsedQuery:
    text = (raw or "").replace("\x00", " ")
    parsed = ParsedQuery(raw=text)
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        parsed.notices.append(
            str(_("The query was shortened to its first %(count)d characters."))
            % {"count": MAX_QUERY_LENGTH}
        )
    text = _LITERAL_ESCAPE.sub(" ", text)
    running = _running_text(text)
    pending_or = pending_not = False
    previous = ""  # the previous plain word as typed
    for match in _TOKEN.finditer(text):
        if len(parsed.groups) + len(parsed.excluded) >= MAX_CLAUSES:
            parsed.notices.append(
                str(_("Only the first %(count)d words were used.")) % {"count": MAX_CLAUSES}
            )
            break
        if match.group(3) is not None:  # a quoted phrase, perhaps after a field name
            words = match.group(3).strip()
            if not words:
                continue
            clause = Clause(words, phrase=True, negated=bool(match.group(1)))
            previous = ""
            name = (match.group(2) or "").lower()
            if name:
                field_name = FILTER_FIELDS.get(name) or VALUE_FIELDS.get(name)
                if field_name and not clause.negated and _filter(parsed, field_name, words):
                    continue
                if name in TEXT_FIELDS:
                    clause.field = TEXT_FIELDS[name]
                else:
                    _add(parsed, Clause(match.group(2)), False)
        else:
            token = match.group(4)
            if token == "OR" and parsed.groups:  # noqa: S105 (the OR operator)
                pending_or = True
                continue
            if token == "AND":  # noqa: S105 (the default operator)
                continue
            if token == "NOT":  # noqa: S105 (the exclusion operator)
                pending_not = True
                continue
            negated = token.startswith("-") and len(token) > 1
            body = token[1:] if negated else token
            if (
                negated
                and previous
                and (running or (_capitalised(previous) and _capitalised(body)))
            ):
                # "Mercedes -Benz": a hyphen, not an exclusion: one compound word.
                last = parsed.groups[-1][-1] if parsed.groups else None
                if last is not None and not last.phrase and last.text == previous:
                    last.text = f"{previous}-{body}"
                    previous = last.text
                    continue
                negated = False
            if ":" in body and not body.startswith(":"):
                name, _sep, value = body.partition(":")
                lowered = name.lower()
                field_name = FILTER_FIELDS.get(lowered) or VALUE_FIELDS.get(lowered)
                if field_name and not negated and _filter(parsed, field_name, value):
                    continue
                if lowered in TEXT_FIELDS and value.strip('"*'):
                    body = value
                    prefix = body.endswith("*") and len(body.rstrip("*")) > 0
                    clause = Clause(
                        body.rstrip("*").strip('"'),
                        phrase=body.startswith('"'),
                        prefix=prefix,
                        negated=negated or pending_not,
                        field=TEXT_FIELDS[lowered],
                    )
                    pending_not = _add(parsed, clause, pending_or)
                    pending_or = False
                    previous = ""
                    continue
            prefix = body.endswith("*") and len(body.rstrip("*")) > 0
            body = body.rstrip("*") if prefix else body
            if not body.strip("-*"):
                continue
            clause = Clause(body, prefix=prefix, negated=negated)
            previous = "" if negated else body
        if pending_not:
            clause.negated = True
        pending_not = _add(parsed, clause, pending_or)
        pending_or = False
    return parsed


def _add(parsed: ParsedQuery, clause: Clause, pending_or: bool) -> bool:
    if clause.negated:
        parsed.excluded.append(clause)
    elif pending_or and parsed.groups:
        parsed.groups[-1].append(clause)
    else:
        parsed.groups.append([clause])
    return False
