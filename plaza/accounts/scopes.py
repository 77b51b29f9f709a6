"""Which records a user acts for. Domain apps call these; they never query Scope directly."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from plaza.accounts.models import Scope, User
from plaza.core.types import User as AnyUser

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
def grant_scope(user: User, obj: models.Model) -> Scope:
    scope, _created = Scope.objects.get_or_create(
        user=user, content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    )
    user.__dict__.pop(_CACHE_ATTR, None)
    return scope
