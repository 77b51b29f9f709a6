"""Writes on users and roles."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from plaza.accounts.models import User
from plaza.accounts.roles import ADMIN_SITE_ROLES, Role


def ensure_role_groups() -> dict[Role, Group]:
    return {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}


@transaction.atomic
def set_roles(user: User, roles: Iterable[Role]) -> None:
    roles = set(roles)
    groups = ensure_role_groups()
    user.groups.set([groups[r] for r in roles])
    user.is_staff = bool(roles & ADMIN_SITE_ROLES) or user.is_superuser
    user.save(update_fields=["is_staff"])
    user.__dict__.pop("_plaza_role_names", None)


@transaction.atomic
def set_language_preference(user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def roles_of(user: User) -> list[Role]:
    names = set(user.groups.values_list("name", flat=True))
    return [role for role in Role if role.value in names]


@transaction.atomic
def new_feed_token(user: User) -> str:
    """A new secret for the user's private calendar feeds; the previous address stops working."""
    import secrets

    user.feed_token = secrets.token_urlsafe(32)
    user.save(update_fields=["feed_token"])
    return user.feed_token


@transaction.atomic
def revoke_feed_token(user: User) -> None:
    user.feed_token = ""
    user.save(update_fields=["feed_token"])


def user_for_feed_token(token: str) -> User | None:
    """The active user whose private feed this is, or None."""
    if not token or len(token) < 20:
        return None
    return User.objects.filter(feed_token=token, is_active=True).first()
