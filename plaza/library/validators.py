"""Validation of bibliographic identifiers and facts, with messages that name the problem."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from plaza.core.countries import is_country_code
from plaza.core.languages import LANGUAGES

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
HANDLE_RE = re.compile(r"^\d+(\.\d+)*/\S+$")


def normalise_doi(value: str) -> str:
    """Accept "doi:10.x/y" and "https://doi.org/10.x/y"; keep the bare DOI."""
    value = value.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if value.lower().startswith(prefix):
            return value[len(prefix) :].strip()
    return value


def validate_doi(value: str) -> None:
    if value and not DOI_RE.match(normalise_doi(value)):
        raise ValidationError(
            _('"%(value)s" is not a DOI: a DOI looks like 10.1234/abc-123.'),
            code="invalid_doi",
            params={"value": value},
        )


def _digits(value: str) -> str:
    return re.sub(r"[\s-]", "", value).upper()


def is_valid_isbn(value: str) -> bool:
    digits = _digits(value)
    if len(digits) == 10 and re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(digits))
        return total % 10 == 0
    return False


def validate_isbn(value: str) -> None:
    if value and not is_valid_isbn(value):
        raise ValidationError(
            _('"%(value)s" is not a valid ISBN (10 or 13 digits with a correct check digit).'),
            code="invalid_isbn",
            params={"value": value},
        )


def is_valid_issn(value: str) -> bool:
    digits = _digits(value)
    if not re.fullmatch(r"\d{7}[\dX]", digits):
        return False
    total = sum((8 - i) * int(c) for i, c in enumerate(digits[:7]))
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))


def validate_issn(value: str) -> None:
    if value and not is_valid_issn(value):
        raise ValidationError(
            _('"%(value)s" is not a valid ISSN (8 characters like 1234-5679, with a check digit).'),
            code="invalid_issn",
            params={"value": value},
        )


def validate_handle(value: str) -> None:
    if value and not HANDLE_RE.match(value.strip()):
        raise ValidationError(
            _('"%(value)s" is not a handle: a handle looks like 10568/12345.'),
            code="invalid_handle",
            params={"value": value},
        )


def validate_year(value: int | None) -> None:
    if value is None:
        return
    this_year = timezone.localdate().year
    if value > this_year:
        raise ValidationError(
            _("The year %(value)s is in the future (it is now %(year)s)."),
            code="future_year",
            params={"value": value, "year": this_year},
        )
    if value < 1500:
        raise ValidationError(
            _("The year %(value)s is too early for a resource in this library."),
            code="early_year",
            params={"value": value},
        )


def validate_language(value: str) -> None:
    if value not in LANGUAGES:
        raise ValidationError(
            _('"%(value)s" is not a known language code; use one of: %(codes)s.'),
            code="unknown_language",
            params={"value": value, "codes": ", ".join(LANGUAGES)},
        )


def validate_countries(value: list[str]) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("Countries must be a list of ISO 3166-1 codes."))
    bad = [code for code in value if not isinstance(code, str) or not is_country_code(code)]
    if bad:
        raise ValidationError(
            _("Unknown country code(s): %(codes)s (use ISO 3166-1 two-letter codes like PE)."),
            code="unknown_country",
            params={"codes": ", ".join(map(str, bad))},
        )


def validate_keywords(value: list[str]) -> None:
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise ValidationError(_("Keywords must be a list of words or phrases."))
