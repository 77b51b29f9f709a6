from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from plaza.accounts.models import Scope, SentNotice, User
from plaza.accounts.scopes import (
    grant_scope,
    granted_choices,
    record_for_choice,
    revoke_scope,
    scope_choice,
    scope_choices,
)
from plaza.core.admin import ReadOnlyAdmin, ReadOnlyInline


def _deleted(form: forms.Form) -> bool:
    """The inline row's "delete" box is ticked."""
    return bool(getattr(form, "cleaned_data", {}).get("DELETE"))


class ScopeForm(forms.ModelForm):
    """One scope: the record chosen from the registered kinds (cities, organisations), never a
    kind of record and a number typed by hand. A granted scope is not changed here (revoke it
    and grant another: the history then says both)."""

    record = forms.ChoiceField(label=_("City or organisation"))

    class Meta:
        model = Scope
        fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["record"])
        if self.instance.pk:
            target = self.instance.target
            field.choices = [(scope_choice(target), str(target))] if target else [("", "—")]
            field.initial = scope_choice(target) if target else ""
            field.disabled = True
        else:
            field.choices = [("", "---------"), *scope_choices()]

    def clean_record(self) -> Any:
        if self.instance.pk:
            return self.instance.target
        return record_for_choice(self.cleaned_data["record"])


class ScopeFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        """A record already granted, or chosen twice, is refused with its name."""
        super().clean()
        taken = granted_choices(self.instance) if self.instance.pk else set()
        for form in self.extra_forms:
            record = getattr(form, "cleaned_data", {}).get("record")
            if record is None or _deleted(form):
                continue
            value = scope_choice(record)
            if value in taken:
                raise ValidationError(
                    _("“%(record)s” is already in the list.") % {"record": record}
                )
            taken.add(value)


class ScopeInline(admin.TabularInline):
    """The cities and organisations the user acts for: granted and revoked through
    ``plaza.accounts.scopes`` (``UserAdmin.save_formset``), each step in the history below."""

    model = Scope
    form = ScopeForm
    formset = ScopeFormSet
    extra = 0
    fields = ("record", "created_at")
    readonly_fields = ("created_at",)


class ScopeHistoryFormSet(forms.BaseInlineFormSet):
    @classmethod
    def get_default_prefix(cls) -> str:
        """A name of its own: the history's link to the user has no reverse accessor, which
        would leave this (read-only) formset named "-1"."""
        return "scope_history"


class ScopeHistoryInline(ReadOnlyInline):
    """Who granted and revoked the user's scopes, and when."""

    model = Scope.history.model
    formset = ScopeHistoryFormSet
    fk_name = "user"
    verbose_name = _("change of scope")
    verbose_name_plural = _("history of scopes")
    fields = ("when", "change", "record", "by")
    readonly_fields = fields
    ordering = ("-history_date", "-history_id")

    @admin.display(description=_("when"))
    def when(self, row: Any) -> Any:
        return row.history_date

    @admin.display(description=_("change"))
    def change(self, row: Any) -> str:
        granted = row.history_type == "+"
        return str(
            pgettext("scope change", "granted") if granted else pgettext("scope change", "revoked")
        )

    @admin.display(description=_("by"))
    def by(self, row: Any) -> str:
        return str(row.history_user) if row.history_user else "—"

    @admin.display(description=_("City or organisation"))
    def record(self, row: Any) -> str:
        model = row.content_type.model_class() if row.content_type else None
        obj = model._default_manager.filter(pk=row.object_id).first() if model else None
        return str(obj) if obj is not None else f"#{row.object_id}"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Plaza"), {"fields": ("language", "email_notices", "is_demo")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_demo")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "is_demo")
    inlines = [ScopeInline, ScopeHistoryInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Scopes through the service (checked, with their history); other inlines as usual."""
        if formset.model is not Scope:
            super().save_formset(request, form, formset, change)
            return
        user = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.initial_forms:
            if _deleted(inline_form) and inline_form.instance.pk:
                revoke_scope(inline_form.instance, by=request.user)
                formset.deleted_objects.append(inline_form.instance)
        for inline_form in formset.extra_forms:
            if not inline_form.has_changed() or _deleted(inline_form):
                continue
            scope = grant_scope(user, inline_form.cleaned_data["record"], by=request.user)
            formset.new_objects.append(scope)


@admin.register(SentNotice)
class SentNoticeAdmin(ReadOnlyAdmin):
    """What Plaza e-mailed, for support questions ("did I get the reminder?"): read only, and
    not deleted here either (a deleted row would let the same notice be sent twice)."""

    list_display = ("sent_at", "user", "address", "kind", "subject", "language")
    list_filter = ("kind", "language")
    search_fields = ("user__username", "user__email", "address", "subject", "key")
