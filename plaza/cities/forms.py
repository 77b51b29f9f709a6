from django import forms
from django.utils.translation import gettext_lazy as _


class CityNoteForm(forms.Form):
    text = forms.CharField(
        label=_("New note"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
