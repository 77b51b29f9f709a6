from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import factory
from django.db import models

from plaza.accounts.models import User
from plaza.accounts.roles import Role
from plaza.accounts.scopes import grant_scope
from plaza.accounts.services import set_roles

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.django.Password(PASSWORD)


def make_user(**kwargs: Any) -> User:
    """A user without a role (factory_boy's call is untyped: this one says what it returns)."""
    return cast(User, UserFactory(**kwargs))


def user_with_role(role: Role, scopes: Iterable[models.Model] = (), **kwargs: Any) -> User:
    user = make_user(**kwargs)
    set_roles(user, [role])
    for obj in scopes:
        grant_scope(user, obj)
    return user
