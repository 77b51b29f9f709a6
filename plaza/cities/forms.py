from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plaza.cities.models import (
    Activity,
    City,
    CommitmentStatus,
    EvidenceKind,
    Gender,
    SeatSide,
)
from plaza.cities.models.activity import (
    COMMON_FIELDS,
    KIND_FIELDS,
    RESOURCE_FIELDS,
    ResourceRole,
    resource_field_names,
)
from plaza.cities.scope import city_organizations, city_people
from plaza.cities.uploads import ACCEPT_ATTRIBUTE
from plaza.core.languages import content_language_choices, language_name
from plaza.core.types import User
from plaza.directory.models import Organization


class CityNoteForm(forms.Form):
    text = forms.CharField(
        label=_("New note"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


RESOURCE_CHOICES_SHOWN = 30


def resource_label(resource: Any) -> str:
    """The title, marked with its language, then the language and type in the reader's words."""
    return format_html(
        '<span lang="{}">{}</span> ({}, {})',
        resource.language,
        resource.title,
        language_name(resource.language),
        resource.get_type_display(),
    )


class ResourceChoiceField(forms.ModelMultipleChoiceField[Any]):
    """Resources of the knowledge base, as checkboxes. It accepts any published resource the user
    may see, but shows only the chosen ones and those found with the form's search box, so the
    page stays small and works without JavaScript."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return resource_label(obj)


def activity_form_class(kind: str) -> Any:
    """A form with the shared fields, those of one kind of work, and its resource roles."""
    field_names = tuple(COMMON_FIELDS) + tuple(KIND_FIELDS.get(kind, ()))
    resource_names = resource_field_names(kind)

    class ActivityForm(forms.ModelForm[Activity]):
        class Meta:
            model = Activity
            fields = field_names
            widgets = {
                "start_date": DATE_WIDGET,
                "end_date": DATE_WIDGET,
                "organizations": forms.CheckboxSelectMultiple,
                "responsible_people": forms.CheckboxSelectMultiple,
                "description": forms.Textarea(attrs={"rows": 3}),
                "outcomes": forms.Textarea(attrs={"rows": 3}),
                "private_notes": forms.Textarea(attrs={"rows": 2}),
                "topics": forms.Textarea(attrs={"rows": 3}),
                "rights_covered": forms.Textarea(attrs={"rows": 3}),
                "objective": forms.Textarea(attrs={"rows": 2}),
                "question": forms.Textarea(attrs={"rows": 2}),
                "request": forms.Textarea(attrs={"rows": 2}),
                "provided": forms.Textarea(attrs={"rows": 2}),
            }

        def __init__(self, *args: Any, city: City, user: User | None = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            orgs = city_organizations(city)
            self.fields["organizations"].queryset = orgs  # type: ignore[attr-defined]
            self.fields["responsible_people"].queryset = city_people(city)  # type: ignore[attr-defined]
            if "requesting_organization" in self.fields:
                self.fields["requesting_organization"].queryset = orgs  # type: ignore[attr-defined]
            self.instance.kind = kind
            self.instance.city = city
            self._add_resource_fields(city, user)

        def _add_resource_fields(self, city: City, user: User | None) -> None:
            from plaza.library.selectors import filter_resources, visible_resources

            visible = visible_resources(user).order_by("title", "pk")
            query = (self.data.get("resource_q") or "").strip() if self.is_bound else ""
            if query:
                offered = list(filter_resources(visible, {"q": query})[:RESOURCE_CHOICES_SHOWN])
            else:
                offered = list(
                    visible.filter(cities=city).order_by("-year", "-pk")[:RESOURCE_CHOICES_SHOWN]
                )
            self.resource_matches = len(offered) if query else None
            for name in resource_names:
                role = RESOURCE_FIELDS[name]
                field = ResourceChoiceField(
                    label=ResourceRole(role).label, queryset=visible, required=False
                )
                if self.instance.pk:
                    field.initial = list(
                        self.instance.resource_links.filter(
                            role=role, resource__in=visible
                        ).values_list("resource_id", flat=True)
                    )
                if not self.is_bound:
                    raw = field.initial or []
                elif hasattr(self.data, "getlist"):
                    raw = self.data.getlist(name)
                else:
                    raw = self.data.get(name) or []
                chosen_ids = [int(v) for v in raw if str(v).isdigit()]
                chosen = list(visible.filter(pk__in=chosen_ids))
                shown = chosen + [r for r in offered if r not in chosen]
                field.widget.choices = [(r.pk, resource_label(r)) for r in shown]
                self.fields[name] = field
            self.fields["resource_q"] = forms.CharField(
                label=_("Find resources in the knowledge base"),
                required=False,
                max_length=200,
                help_text=_(
                    "Words of the title; then press “Find resources”. "
                    "The resources found are added to the lists above."
                ),
            )

        def service_data(self) -> dict[str, Any]:
            """The cleaned values the activity services take (fields and resource roles)."""
            names = (*self.Meta.fields, *resource_names)
            return {name: self.cleaned_data[name] for name in names}

    return ActivityForm


class HeadcountFields(forms.Form):
    """Numbers of women, men and others present."""

    women = forms.IntegerField(label=_("Women"), min_value=0, required=False)
    men = forms.IntegerField(label=_("Men"), min_value=0, required=False)
    others = forms.IntegerField(label=_("Other or not stated"), min_value=0, required=False)

    def headcounts(self) -> list[tuple[str, int]]:
        data = self.cleaned_data
        return [
            (Gender.WOMAN, data.get("women") or 0),
            (Gender.MAN, data.get("men") or 0),
            (Gender.OTHER, data.get("others") or 0),
        ]


NUMBER = forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "class": "num"})


class MeetingForm(HeadcountFields):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    is_online = forms.BooleanField(label=_("Online"), required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item per line."),
    )
    demands = forms.CharField(
        label=_("Demands workers brought"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    closing_report = forms.CharField(
        label=_("Closing report"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=content_language_choices)
    is_public = forms.BooleanField(label=_("Minutes and closing report are public"), required=False)
    attendees = forms.ModelMultipleChoiceField(
        label=_("Named attendees"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Counted by their gender; add others as numbers below."),
    )
    field_order = ["date", "place", "is_online", "agenda", "demands", "attendees"]

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = city_people(city)  # type: ignore[attr-defined]
        for name in ("women", "men", "others"):
            self.fields[name].widget = NUMBER


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Agreement"), max_length=300)
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)


class CommitmentForm(forms.Form):
    agreement = forms.TypedChoiceField(label=_("For agreement"), coerce=int, choices=())
    responsible = forms.CharField(
        label=_("Who"), max_length=200, help_text=_("The body or person that must act.")
    )
    responsible_organization = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=Organization.objects.none(), required=False
    )
    action = forms.CharField(
        label=_("What"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_date = forms.DateField(label=_("By when"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, agreement_count: int = 2, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(i), _("Agreement %(number)s") % {"number": i})
            for i in range(1, agreement_count + 1)
        ]
        self.fields["responsible_organization"].queryset = city_organizations(city)  # type: ignore[attr-defined]


AgreementFormSet = forms.formset_factory(AgreementForm, extra=0, max_num=20, absolute_max=20)
CommitmentFormSet = forms.formset_factory(CommitmentForm, extra=0, max_num=40, absolute_max=40)


class EvidenceForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET, initial=timezone.localdate)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 100}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    kind = forms.ChoiceField(
        label=_("Kind of evidence"), choices=EvidenceKind.choices, initial=EvidenceKind.NOTE
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label=_("Document or photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    is_public = forms.BooleanField(label=_("Public"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "PDF, JPEG, PNG, WebP, DOCX, XLSX, ODT or text; at most %(mb)s MB."
        ) % {"mb": settings.CITIES_EVIDENCE_MAX_MB}


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    topics = forms.CharField(
        label=_("Topics"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    facilitators = forms.CharField(label=_("Facilitators"), max_length=300, required=False)


class AttendanceRowForm(forms.Form):
    """One organisation's attendance at a session."""

    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Not stated"),
    )
    women = forms.IntegerField(label=_("Women"), min_value=0, required=False, widget=NUMBER)
    men = forms.IntegerField(label=_("Men"), min_value=0, required=False, widget=NUMBER)
    others = forms.IntegerField(
        label=_("Other or not stated"), min_value=0, required=False, widget=NUMBER
    )
    leaders = forms.IntegerField(
        label=_("Of whom leaders trained"), min_value=0, required=False, widget=NUMBER
    )

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = city_organizations(city)  # type: ignore[attr-defined]

    def row(self) -> Any:
        from plaza.cities.services import AttendanceRow

        data = self.cleaned_data
        return AttendanceRow(
            organization=data.get("organization"),
            women=data.get("women") or 0,
            men=data.get("men") or 0,
            others=data.get("others") or 0,
            leaders=data.get("leaders") or 0,
        )


AttendanceFormSet = forms.formset_factory(AttendanceRowForm, extra=0, max_num=50, absolute_max=50)
DEFAULT_ATTENDANCE_ROWS = 2


class SeatForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.none()
    )
    side = forms.ChoiceField(label=_("Side"), choices=SeatSide.choices)
    representatives_note = forms.CharField(
        label=_("Representatives"), max_length=300, required=False
    )

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = city_organizations(city)  # type: ignore[attr-defined]


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=DATE_WIDGET)


class ReportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("To"), widget=DATE_WIDGET)
    language = forms.ChoiceField(label=_("Language"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(settings.LANGUAGES)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date is before the start date."))
        return data


# --- corrections (edit pages) -------------------------------------------------------------------


class MeetingEditForm(MeetingForm):
    """The meeting's own fields, its named attendees and head counts (demands, agreements and
    commitments are corrected on their own pages)."""

    field_order = ["date", "place", "is_online", "agenda", "minutes", "closing_report"]

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, city=city, **kwargs)
        del self.fields["demands"]

    @classmethod
    def initial_for(cls, meeting: Any) -> dict[str, Any]:
        from django.db.models import Sum

        from plaza.cities.services import MEETING_FIELDS

        initial = {name: getattr(meeting, name) for name in MEETING_FIELDS}
        initial["attendees"] = list(
            meeting.participations.filter(person__isnull=False).values_list("person_id", flat=True)
        )
        counts = dict(
            meeting.participations.filter(person__isnull=True)
            .values_list("gender")
            .annotate(n=Sum("count"))
            .order_by()
        )
        initial["women"] = counts.get(Gender.WOMAN) or None
        initial["men"] = counts.get(Gender.MAN) or None
        initial["others"] = counts.get(Gender.OTHER) or None
        return initial


class AgreementEditForm(forms.Form):
    title = forms.CharField(label=_("Agreement"), max_length=300)
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reached_on = forms.DateField(label=_("Reached on"), widget=DATE_WIDGET)
    is_public = forms.BooleanField(label=_("Public"), required=False)


class CommitmentEditForm(forms.Form):
    responsible = forms.CharField(
        label=_("Who"), max_length=200, help_text=_("The body or person that must act.")
    )
    responsible_organization = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=Organization.objects.none(), required=False
    )
    responsible_person = forms.ModelChoiceField(
        label=_("Responsible person"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("When this person has an account (same e-mail), they get the reminders."),
    )
    action = forms.CharField(
        label=_("What"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_date = forms.DateField(label=_("By when"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_organization"].queryset = city_organizations(city)  # type: ignore[attr-defined]
        self.fields["responsible_person"].queryset = city_people(city)  # type: ignore[attr-defined]


class MilestoneEditForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=DATE_WIDGET)
    reached_on = forms.DateField(label=_("Reached on"), widget=DATE_WIDGET, required=False)


class SeatEditForm(forms.Form):
    side = forms.ChoiceField(label=_("Side"), choices=SeatSide.choices)
    representatives_note = forms.CharField(
        label=_("Roles of the representatives"), max_length=300, required=False
    )
    representatives = forms.ModelMultipleChoiceField(
        label=_("Representatives"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["representatives"].queryset = city_people(city)  # type: ignore[attr-defined]
