from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from plaza.core.countries import is_country_code
from plaza.statistics.importers import MAX_YEAR, MIN_YEAR
from plaza.statistics.models import (
    VALUE_DECIMAL_PLACES,
    VALUE_MAX_DIGITS,
    Indicator,
    Sex,
    Status,
)
from plaza.statistics.selectors import Selection


def _max_upload_bytes() -> int:
    return int(settings.PLAZA_MAX_UPLOAD_MB) * 1024 * 1024


class UploadField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload is not None and upload.size > _max_upload_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": settings.PLAZA_MAX_UPLOAD_MB}
            )
        return upload


class ImportForm(forms.Form):
    file = UploadField(
        label=_("CSV file"),
        help_text=_("ILOSTAT's bulk CSV download, or Plaza's statistics CSV (see the guide)."),
    )
    strict = forms.BooleanField(
        label=_("Stop on an unknown country"),
        required=False,
        help_text=_("Otherwise rows with an unknown country are skipped and listed."),
    )
    dry_run = forms.BooleanField(
        label=_("Check only"),
        required=False,
        help_text=_("Report what the file would change, without saving anything."),
    )


class CityCsvForm(forms.Form):
    file = UploadField(
        label=_("CSV file"),
        help_text=_("Plaza's statistics CSV with this city's slug in the city column."),
    )


class CityFigureForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.all())
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.TOTAL)
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=20,
        help_text=_("Leave empty for a whole year; otherwise e.g. Q1"),
    )
    value = forms.DecimalField(
        label=_("Value"),
        max_digits=VALUE_MAX_DIGITS,
        decimal_places=VALUE_DECIMAL_PLACES,
        localize=True,  # 63,5 in Spanish and French, 63.5 everywhere
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, required=False)
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("The survey or study, e.g. Lima labour force survey 2022 (INEI)"),
    )
    source_note = forms.CharField(
        label=_("Source note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SelectionForm(forms.Form):
    """The filters of an export (query string); several values per field are allowed."""

    indicator = forms.MultipleChoiceField(label=_("Indicator"), required=False, choices=())
    country = forms.CharField(label=_("Country"), required=False)
    city = forms.CharField(label=_("City"), required=False)
    sex = forms.MultipleChoiceField(label=_("Sex"), required=False, choices=Sex.choices)
    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    year_to = forms.IntegerField(
        label=_("To year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [  # type: ignore[attr-defined]
            (code, code) for code in Indicator.objects.values_list("code", flat=True)
        ]
        # Several countries/cities: repeated parameters or a comma-separated list.
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            for name in ("country", "city"):
                data[name] = ",".join(self.data.getlist(name))
            for name in ("indicator", "sex"):  # an empty choice ("all") is no filter
                data.setlist(name, [value for value in self.data.getlist(name) if value])
            self.data = data

    def clean_country(self) -> list[str]:
        codes = [c.strip().upper() for c in self.cleaned_data["country"].split(",") if c.strip()]
        bad = [code for code in codes if not is_country_code(code)]
        if bad:
            raise forms.ValidationError(
                _("Not an ISO 3166-1 alpha-2 country code: %(codes)s") % {"codes": ", ".join(bad)}
            )
        return codes

    def clean_city(self) -> list[str]:
        return [c.strip().lower() for c in self.cleaned_data["city"].split(",") if c.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start is not None and end is not None and start > end:
            self.add_error("year_to", _("The last year is before the first year."))
        return data

    def selection(self) -> Selection:
        data = self.cleaned_data
        return Selection(
            indicators=list(data.get("indicator") or []),
            countries=data.get("country") or [],
            cities=data.get("city") or [],
            sexes=list(data.get("sex") or []),
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
        )
