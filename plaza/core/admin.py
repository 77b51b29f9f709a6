"""The admin's one write path: every add, change, delete and bulk action calls a service.

``ServiceAdmin`` is the base of every admin that writes. A subclass says which services it
calls by defining ``create_record`` (add), ``update_record`` (change) and ``delete_record``
(delete and "Delete selected"); what it does not define, the admin does not offer (no button,
403 on the URL). The service checks the permission, validates, saves with its history, keeps
the search index and the data versions in step; a ``ValidationError`` or ``PermissionDenied``
it raises is shown on the form (the form comes back with the service's messages on its fields,
nothing written), never as a 500. Nothing here writes through the form or the formsets:
inlines are shown read only (``ReadOnlyInline``), and the history's "revert" is off (a
correction is a change through the form, which goes through the service).

``ReadOnlyAdmin`` is for records no one edits here: written by a service elsewhere (the staff
queue, the pages with their checks, the imports) or by Plaza itself (logs, sent notices).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from plaza.core.models import Sector

_REFUSED = "_plaza_service_errors"


class _Refused(Exception):
    def __init__(self, errors: dict[str | None, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def service_errors(exc: ValidationError | PermissionDenied) -> dict[str | None, list[str]]:
    """A service's refusal as messages per form field (``None``: the form as a whole)."""
    if isinstance(exc, PermissionDenied):
        return {None: [str(exc) or _("You are not allowed to do this.")]}
    if hasattr(exc, "error_dict"):
        return {
            (None if name == NON_FIELD_ERRORS else name): list(found)
            for name, found in exc.message_dict.items()
        }
    return {None: list(exc.messages)}


def _implements(admin_obj: Any, name: str) -> bool:
    return getattr(type(admin_obj), name) is not getattr(ServiceAdmin, name)


class ServiceAdmin(SimpleHistoryAdmin):
    """An admin whose writes are the app's services (see the module's docstring)."""

    # The fields a change may set, handed to ``update_record`` when they changed; the record's
    # other fields are shown read only (None: every form field).
    service_fields: tuple[str, ...] | None = None
    # The fields of the add form, handed to ``create_record`` (None: the admin's usual fields).
    create_fields: tuple[str, ...] | None = None

    # --- the hooks a subclass defines --------------------------------------------------------

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def update_record(
        self, request: HttpRequest, obj: Any, data: dict[str, Any]
    ) -> models.Model | None:
        raise NotImplementedError

    def delete_record(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError

    # --- what is offered ---------------------------------------------------------------------

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _implements(self, "create_record") and bool(
            super().has_add_permission(request, *args)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _implements(self, "update_record") and bool(
            super().has_change_permission(request, obj)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _implements(self, "delete_record") and bool(
            super().has_delete_permission(request, obj)
        )

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> Any:
        if request.method == "POST":  # reverting would write around the service
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None and self.create_fields is not None:
            return list(self.create_fields)
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        shown = list(super().get_readonly_fields(request, obj))
        if obj is None or self.service_fields is None:
            return shown
        hidden = set(self.exclude or ())
        opts = self.model._meta
        for field in [*opts.fields, *opts.many_to_many]:
            name = field.name
            own = field.editable and not field.auto_created and name not in hidden
            if own and name not in self.service_fields and name not in shown:
                shown.append(name)
        return shown

    def get_prepopulated_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        prepopulated = super().get_prepopulated_fields(request, obj)
        shown = set(self.get_readonly_fields(request, obj))
        return {name: source for name, source in prepopulated.items() if name not in shown}

    # --- the writes --------------------------------------------------------------------------

    def _changed(self, form: Any) -> dict[str, Any]:
        allowed = self.service_fields
        return {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in form.cleaned_data and (allowed is None or name in allowed)
        }

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        try:
            if change:
                # The service reads the record as stored (its permission rules look at the
                # stored city or organisation, not at what the form is about to set).
                stored = type(obj)._default_manager.get(pk=obj.pk)
                data = self._changed(form)
                if data:
                    self.update_record(request, stored, data)
            else:
                created = self.create_record(request, dict(form.cleaned_data))
                obj.pk = created.pk
                obj._state.adding = False
        except (ValidationError, PermissionDenied) as exc:
            raise _Refused(service_errors(exc)) from exc

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Nothing: the service set the record's many-to-many fields; inlines are read only."""
        for formset in formsets:  # what the admin's change message reads from a saved formset
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete_queryset(request, [obj])

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        """The "Delete selected" action: through the service, one record at a time."""
        for obj in queryset:
            try:
                self.delete_record(request, obj)
            except (ValidationError, PermissionDenied) as exc:
                reason = "; ".join(m for found in service_errors(exc).values() for m in found)
                self.message_user(request, f"{obj}: {reason}", messages.ERROR)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        refused: dict[str | None, list[str]] = getattr(request, _REFUSED, None) or {}
        if not refused:
            return form

        class RefusedForm(form):  # type: ignore[misc, valid-type]
            """The same form, carrying what the service refused (so nothing is saved)."""

            def clean(self) -> Any:
                cleaned = super().clean()
                for name, found in refused.items():
                    target = name if name in self.fields else None
                    for message in found:
                        self.add_error(target, message)
                return cleaned

        return RefusedForm

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> Any:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Refused as refused:
            # The transaction of the attempt was rolled back; show the form again with the
            # service's messages on its fields.
            setattr(request, _REFUSED, refused.errors)
            return super().changeform_view(request, object_id, form_url, extra_context)


class ReadOnlyMixin:
    """Shown and searchable; written elsewhere, through a service, or by Plaza itself."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """A read-only admin for a record without history."""


class ReadOnlyHistoryAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """A read-only admin for a record with history (its history page stays; no revert)."""

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


class ReadOnlyInline(admin.TabularInline):
    """Related rows shown on a record's admin page; they are written by their own services."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Sector)
class SectorAdmin(ReadOnlyAdmin):
    """The sectors are a fixed vocabulary (``SectorCode``), written by a migration."""

    list_display = ("code", "name")
