from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from plaza.core.countries import CountrySelect, country_choices
from plaza.core.languages import NativeLanguageSelect
from plaza.inquiries.choices import OrganisationKind, RequestKind
from plaza.inquiries.models import INTERFACE_LANGUAGE_CHOICES

MAX_MESSAGE = 5000


class InquiryForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    organisation_kind = forms.ChoiceField(
        label=_("Kind of organisation"), choices=[("", "—"), *OrganisationKind.choices]
    )
    request_kinds = forms.MultipleChoiceField(
        label=_("What are you asking for?"),
        choices=RequestKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick everything that applies."),
    )
    topic = forms.CharField(
        label=_("Topic, in a few words"),
        max_length=200,
        required=False,
        help_text=_("For example: street vendors in Lima, social protection of domestic workers."),
    )
    message = forms.CharField(
        label=_("Your request"),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_MESSAGE}),
        help_text=_("At most 5,000 characters."),
    )
    deadline = forms.DateField(
        label=_("Deadline, if any"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Year-month-day, for example 2026-12-31."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False, widget=CountrySelect)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    language = forms.ChoiceField(
        label=_("Language for our reply"),
        choices=INTERFACE_LANGUAGE_CHOICES,
        widget=NativeLanguageSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", "—"), *country_choices()]
        lang = (get_language() or "en").split("-")[0]
        self.fields["language"].initial = lang

    def clean_deadline(self) -> dt.date | None:
        deadline: dt.date | None = self.cleaned_data.get("deadline")
        if deadline is not None and deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline is in the past."))
        return deadline


HONEYPOT_FIELD = "website"  # rendered off-screen; people leave it empty, bots fill it in
