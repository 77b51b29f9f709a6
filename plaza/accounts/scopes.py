"""Which records a user acts for. Domain apps call these; they never query Scope directly.

Scopes are granted and revoked here only (the admin's user page, the demo, tests): the
record must be of a kind a domain app registered as scopable (``register_scope_kind``: the
cities for a coordinator, the organisations for a representative) and must exist, the actor
must hold the model permission, and each grant and revocation is kept in the scope's
history with who did it (shown on the user's admin page).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from plaza.accounts.models import Scope, User
from plaza.core.types import User as AnyUser

# label_lower -> model, filled by the domain apps' ready() (accounts imports none of them).
_KINDS: dict[str, type[models.Model]] = {}


def register_scope_kind(model: type[models.Model]) -> None:
    """Let users be scoped to records of ``model`` (an app's ``ready()`` calls this)."""
    _KINDS[model._meta.label_lower] = model


def scope_choice(obj: models.Model) -> str:
    """The form value naming ``obj``: ``cities.city:3``."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def granted_choices(user: User) -> set[str]:
    """The form values of the records ``user`` is scoped to (read without loading them)."""
    return {
        f"{app_label}.{model}:{object_id}"
        for app_label, model, object_id in Scope.objects.filter(user=user).values_list(
            "content_type__app_label", "content_type__model", "object_id"
        )
    }


def scope_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every record a user may be scoped to, grouped by kind (a select's option groups)."""
    groups = []
    for model in _KINDS.values():
        records = sorted(model._default_manager.all(), key=str)
        groups.append(
            (
                str(model._meta.verbose_name_plural).capitalize(),
                [(scope_choice(obj), str(obj)) for obj in records],
            )
        )
    return groups


def record_for_choice(value: str) -> models.Model:
    """The record a form value names, or a ValidationError saying what is wrong with it."""
    label, _sep, pk = (value or "").partition(":")
    model = _KINDS.get(label)
    if model is None or not pk.isdigit():
        raise ValidationError(
            _("Choose a city or an organisation: “%(value)s” is not one.") % {"value": value}
        )
    obj = model._default_manager.filter(pk=int(pk)).first()
    if obj is None:
        raise ValidationError(_("That city or organisation does not exist (any more)."))
    return obj


def _check_actor(by: AnyUser | None, permission: str) -> None:
    """``by`` None: Plaza itself (the demo, tests); otherwise the model permission."""
    if by is not None and not by.has_perm(permission):
        raise PermissionDenied(_("You are not allowed to change who acts for which record."))


_CACHE_ATTR = "_plaza_scope_cache"


def scoped_ids(user: AnyUser | None, model: type[models.Model]) -> frozenset[int]:
    """Primary keys of the ``model`` records ``user`` is scoped to (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cache: dict[str, frozenset[int]] = user.__dict__.setdefault(_CACHE_ATTR, {})
    key = model._meta.label_lower
    if key not in cache:
        ct = ContentType.objects.get_for_model(model)
        cache[key] = frozenset(
            Scope.objects.filter(user_id=user.pk, content_type=ct).values_list(
                "object_id", flat=True
            )
        )
    return cache[key]


def users_scoped_to(obj: models.Model) -> models.QuerySet[User]:
    ct = ContentType.objects.get_for_model(type(obj))
    return User.objects.filter(scopes__content_type=ct, scopes__object_id=obj.pk)


@transaction.atomic
def grant_scope(user: User, obj: models.Model, *, by: AnyUser | None = None) -> Scope:
    """Let ``user`` act for ``obj``; granting a scope the user already has changes nothing."""
    _check_actor(by, "accounts.add_scope")
    if obj._meta.label_lower not in _KINDS:
        raise ValidationError(_("A user can act only for a city or an organisation."))
    if obj.pk is None or not type(obj)._default_manager.filter(pk=obj.pk).exists():
        raise ValidationError(_("That city or organisation does not exist (any more)."))
    content_type = ContentType.objects.get_for_model(type(obj))
    scope = Scope.objects.filter(user=user, content_type=content_type, object_id=obj.pk).first()
    if scope is None:
        scope = Scope(user=user, content_type=content_type, object_id=obj.pk)
        scope._history_user = by  # type: ignore[attr-defined]
        scope.save()
    user.__dict__.pop(_CACHE_ATTR, None)
    return scope


@transaction.atomic
def revoke_scope(scope: Scope, *, by: AnyUser | None = None) -> None:
    """``scope``'s user no longer acts for its record (the history keeps who revoked it)."""
    _check_actor(by, "accounts.delete_scope")
    user = scope.user
    scope._history_user = by  # type: ignore[attr-defined]
    scope.delete()
    user.__dict__.pop(_CACHE_ATTR, None)
