from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plaza.cities.models import City
from plaza.core.models import Sector
from plaza.core.sectors import SectorCode
from plaza.directory.models import (
    ConsentMethod,
    ConsentScope,
    Gender,
    Organization,
    OrganizationKind,
    PositionTitle,
    RelationshipKind,
)

DATE = forms.DateInput(attrs={"type": "date"})


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganizationKind.choices]
    )
    city = forms.ChoiceField(label=_("Focal city"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *SectorCode.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        city_field = self.fields["city"]
        assert isinstance(city_field, forms.ChoiceField)
        city_field.choices = [("", _("All cities"))] + [
            (c.slug, c.name) for c in City.objects.all()
        ]


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.NOT_STATED)
    title = forms.ChoiceField(label=_("Position"), choices=PositionTitle.choices)
    title_detail = forms.CharField(
        label=_("Title as used by the organisation"), max_length=120, required=False
    )
    start = forms.DateField(label=_("In this position since"), required=False, widget=DATE)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(
        label=_("Address"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    consent_scopes = forms.MultipleChoiceField(
        label=_("The person agreed to"),
        choices=ConsentScope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_method = forms.ChoiceField(
        label=_("How consent was given"), choices=ConsentMethod.choices
    )
    consent_date = forms.DateField(
        label=_("Date of consent"), widget=DATE, initial=datetime.date.today
    )
    consent_source = forms.CharField(
        label=_("Where the consent record is kept"), max_length=300, required=False
    )


class MembershipFigureForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    total = forms.IntegerField(label=_("Members in total"), min_value=0)
    women = forms.IntegerField(label=_("Women"), min_value=0, required=False)
    men = forms.IntegerField(label=_("Men"), min_value=0, required=False)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this person erased?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. 'Asked by phone to the Lima coordinator on 3 May'"),
    )
    requested_on = forms.DateField(label=_("Request received on"), required=False, widget=DATE)
    confirm = forms.BooleanField(
        label=_("I understand that the name and contact details are erased for good."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), help_text=_("UTF-8, comma-separated, with a header row.")
    )
    kind = forms.ChoiceField(
        label=_("The file holds"),
        choices=[
            ("", _("Detect from the header")),
            ("organizations", _("Organisations")),
            ("people", _("People")),
        ],
        required=False,
    )
    dry_run = forms.BooleanField(label=_("Only check the file, do not import"), required=False)


class PersonEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(
        label=_("Address"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Private notes"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsentForm(forms.Form):
    scopes = forms.MultipleChoiceField(
        label=_("The person agreed to"),
        choices=ConsentScope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    method = forms.ChoiceField(label=_("How consent was given"), choices=ConsentMethod.choices)
    given_on = forms.DateField(label=_("Date of consent"), widget=DATE, initial=datetime.date.today)
    source = forms.CharField(
        label=_("Where the consent record is kept"), max_length=300, required=False
    )


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    country = forms.CharField(
        label=_("Country code"),
        max_length=2,
        required=False,
        help_text=_("Two letters, e.g. PE, GH, TH, IN, SN, MX; empty for global bodies."),
    )
    cities = forms.ModelMultipleChoiceField(
        label=_("Focal cities"),
        queryset=City.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, widget=forms.CheckboxSelectMultiple
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    founded = forms.IntegerField(
        label=_("Founding year"), min_value=1800, max_value=2100, required=False
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from plaza.core.languages import content_language_choices

        languages = self.fields["languages"]
        assert isinstance(languages, forms.MultipleChoiceField)
        languages.choices = content_language_choices()

    def clean_country(self) -> str:
        from plaza.core.countries import is_country_code

        code: str = self.cleaned_data["country"].strip().upper()
        if code and not is_country_code(code):
            raise forms.ValidationError(_("Unknown country code."))
        return code


class RelationshipForm(forms.Form):
    kind = forms.ChoiceField(label=_("Relationship"), choices=RelationshipKind.choices)
    related_organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.all()
    )
    start = forms.DateField(label=_("Since"), required=False, widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PositionForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.all()
    )
    title = forms.ChoiceField(label=_("Position"), choices=PositionTitle.choices)
    title_detail = forms.CharField(
        label=_("Title as used by the organisation"), max_length=120, required=False
    )
    start = forms.DateField(label=_("Since"), required=False, widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            field = self.fields["organization"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = organizations
