"""The query language: words (all required), "phrases", -exclusion, OR, prefix*, field filters.

    vendedores ambulantes            both words (any form: vendedor, vendedora...)
    "street vendors"                 the words next to each other
    waste -plastic                   waste, not plastic
    hawkers OR vendors               either word
    recicl*                          words starting with recicl
    type:report lang:es sector:waste-pickers city:lima country:PE year:2015..2020

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
    "type": "type",
    "lang": "lang",
    "language": "lang",
    "sector": "sector",
    "city": "city",
    "country": "country",
    "year": "year",
}
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_YEAR_RANGE = re.compile(r"^(\d{4})?(?:\s*(?:\.\.|-|–)\s*(\d{4})?)?$")


@dataclass
class Clause:
    text: str  # the words as typed (one word, or a phrase)
    phrase: bool = False
    prefix: bool = False
    negated: bool = False


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
    for item in value.split(","):
        if item.strip():
            parsed.filters.setdefault(name, []).append(item.strip().lower())
    return True


def parse(raw: str) -> ParsedQuery:
    text = (raw or "").replace("\x00", " ")
    parsed = ParsedQuery(raw=text)
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        parsed.notices.append(
            str(_("The query was shortened to its first %(count)d characters."))
            % {"count": MAX_QUERY_LENGTH}
        )
    pending_or = False
    for match in _TOKEN.finditer(text):
        if len(parsed.groups) + len(parsed.excluded) >= MAX_CLAUSES:
            parsed.notices.append(
                str(_("Only the first %(count)d words were used.")) % {"count": MAX_CLAUSES}
            )
            break
        if match.group(2) is not None:  # a quoted phrase
            words = match.group(2).strip()
            if not words:
                continue
            clause = Clause(words, phrase=True, negated=bool(match.group(1)))
        else:
            token = match.group(3)
            if token == "OR" and parsed.groups:  # noqa: S105 (the OR operator)
                pending_or = True
                continue
            negated = token.startswith("-") and len(token) > 1
            body = token[1:] if negated else token
            if ":" in body and not body.startswith(":"):
                name, _sep, value = body.partition(":")
                field_name = FILTER_FIELDS.get(name.lower())
                if field_name and not negated and _filter(parsed, field_name, value):
                    continue
            prefix = body.endswith("*") and len(body.rstrip("*")) > 0
            body = body.rstrip("*") if prefix else body
            if not body.strip("-*"):
                continue
            clause = Clause(body, prefix=prefix, negated=negated)
        if clause.negated:
            parsed.excluded.append(clause)
            pending_or = False
        elif pending_or and parsed.groups:
            parsed.groups[-1].append(clause)
            pending_or = False
        else:
            parsed.groups.append([clause])
    return parsed
