"""Forms of the knowledge base. They parse input; the services validate and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plaza.core.languages import content_language_choices
from plaza.core.models import Sector
from plaza.library.models import Resource, ResourceType, Visibility


def parse_creators(text: str) -> list[dict[str, Any]]:
    """One creator per line: "Family, Given" is a person; a line without a comma an organisation.

    "ed: " before a line marks an editor.
    """
    creators: list[dict[str, Any]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        role = "author"
        if line.lower().startswith("ed:"):
            role, line = "editor", line[3:].strip()
        if "," in line:
            family, given = (part.strip() for part in line.split(",", 1))
            creators.append(
                {"kind": "person", "family_name": family, "given_names": given, "role": role}
            )
        else:
            creators.append({"kind": "organization", "name": line, "role": role})
    return creators


def creators_as_text(resource: Resource) -> str:
    lines = []
    for creator in resource.ordered_creators():
        prefix = "ed: " if creator.role == "editor" else ""
        lines.append(
            prefix + (creator.sort_name if creator.kind == "person" else creator.display_name)
        )
    return "\n".join(lines)


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    subtitle = forms.CharField(label=_("Subtitle"), max_length=500, required=False)
    creators = forms.CharField(
        label=_("Authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            'One per line. A person as "Family name, Given names"; an organisation as its name '
            '(no comma). Start a line with "ed:" for an editor.'
        ),
    )
    type = forms.ChoiceField(label=_("Type"), choices=ResourceType.choices)
    language = forms.ChoiceField(label=_("Language"), choices=content_language_choices())
    year = forms.IntegerField(label=_("Year"), required=False, min_value=0)
    date = forms.DateField(
        label=_("Full date"),
        required=False,
        help_text=_("YYYY-MM-DD; leave empty if only the year is known"),
    )
    publisher = forms.CharField(label=_("Publisher"), max_length=300, required=False)
    place = forms.CharField(label=_("Place of publication"), max_length=200, required=False)
    series = forms.CharField(label=_("Series"), max_length=300, required=False)
    series_number = forms.CharField(label=_("Number in series"), max_length=40, required=False)
    edition = forms.CharField(label=_("Edition"), max_length=100, required=False)
    abstract = forms.CharField(
        label=_("Abstract"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    keywords = forms.CharField(
        label=_("Keywords"), required=False, help_text=_("Separated by commas")
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Occupational sectors"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cities: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Focal cities covered"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.CharField(
        label=_("Countries covered"),
        required=False,
        help_text=_("Two-letter codes separated by commas, e.g. PE, GH"),
    )
    licence = forms.CharField(label=_("Licence"), max_length=200, required=False)
    doi = forms.CharField(label=_("DOI"), max_length=200, required=False)
    isbn = forms.CharField(label=_("ISBN"), max_length=20, required=False)
    issn = forms.CharField(label=_("ISSN"), max_length=9, required=False)
    handle = forms.CharField(label=_("Handle"), max_length=200, required=False)
    url = forms.URLField(
        label=_("Web address"), max_length=500, required=False, assume_scheme="https"
    )
    edition_of = forms.IntegerField(
        label=_("Language version of (resource number)"),
        required=False,
        help_text=_("The number of the original resource, shown in its web address"),
    )
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from plaza.cities.models import City

        super().__init__(*args, **kwargs)
        self.fields["cities"].queryset = City.objects.all()  # type: ignore[attr-defined]

    def clean_edition_of(self) -> Resource | None:
        value = self.cleaned_data.get("edition_of")
        if value is None:
            return None
        original = Resource.objects.filter(pk=value).first()
        if original is None:
            raise forms.ValidationError(_("There is no resource number %(n)s.") % {"n": value})
        return original

    def service_arguments(
        self,
    ) -> tuple[dict[str, Any], list[dict[str, Any]], list[Any], list[Any]]:
        data = dict(self.cleaned_data)
        creators = parse_creators(data.pop("creators") or "")
        sectors = list(data.pop("sectors") or [])
        cities = list(data.pop("cities") or [])
        data["keywords"] = split_list(data.get("keywords") or "")
        data["countries"] = [c.upper() for c in split_list(data.get("countries") or "")]
        return data, creators, sectors, cities

    @classmethod
    def initial_for(cls, resource: Resource) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(resource, name)
            for name in cls.base_fields
            if name not in ("creators", "sectors", "cities", "keywords", "countries", "edition_of")
        }
        initial["creators"] = creators_as_text(resource)
        initial["keywords"] = ", ".join(resource.keywords)
        initial["countries"] = ", ".join(resource.countries)
        initial["sectors"] = list(resource.sectors.all())
        initial["cities"] = list(resource.cities.all())
        initial["edition_of"] = resource.edition_of_id
        return initial


class FileUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (.docx), HTML or plain text"),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the resource's page, which stays as a notice"),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("CSV, BibTeX (.bib) or RIS (.ris)"))
    publish = forms.BooleanField(label=_("Publish the imported resources"), required=False)
