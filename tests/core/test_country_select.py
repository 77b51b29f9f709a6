"""The inquiry form's country select is written in Python (issue 17: Django's template renders
each of its 250 options through an include): the same markup as Django's select, escaped."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.utils import translation

from plaza.core.countries import CountrySelect, country_choices
from plaza.inquiries.forms import InquiryForm


@pytest.mark.parametrize("value", ["", "CI", None])
@pytest.mark.parametrize(
    "attrs", [{}, {"id": "id_country", "aria-describedby": "help", "required": True, "x": False}]
)
def test_the_same_markup_as_djangos_select(value: Any, attrs: dict[str, Any]) -> None:
    with translation.override("fr"):
        choices = [("", "—"), *country_choices()]
        expected = forms.Select(choices=choices).render("country", value, attrs)
        assert CountrySelect(choices=choices).render("country", value, attrs) == expected
    assert ("selected>Côte d’Ivoire<" in expected) == (value == "CI")


def test_groups_and_markup_in_labels_are_escaped() -> None:
    choices = [
        ("", "—"),
        ("Africa", [("CI", "Côte <b>d'Ivoire</b>"), ("GH", "Ghana")]),
        ("x", "y & z"),
    ]
    html = CountrySelect(choices=choices).render("c", "GH")
    assert html == forms.Select(choices=choices).render("c", "GH")
    assert "<b>" not in html and "&lt;b&gt;" in html and 'label="Africa"' in html


def test_the_inquiry_form_uses_it_and_keeps_the_chosen_country() -> None:
    form = InquiryForm(data={"country": "PE"})
    html = str(form["country"])
    assert isinstance(form.fields["country"].widget, CountrySelect)
    assert '<option value="PE" selected>' in html and html.count("<option") == 250
