"""Type aliases shared by every app.

``User`` is whoever a request, a service or a selector acts for: a signed-in account or
Django's ``AnonymousUser`` — the type of ``request.user``. ``Account`` is the signed-in half
alone (``settings.AUTH_USER_MODEL``, i.e. ``plaza.accounts.models.User``): what a
``recorded_by``/``author`` foreign key holds. django-stubs' mypy plugin resolves the account
type to the configured user model, so ``core`` names it without importing ``accounts`` (see
the layer contract in pyproject). Functions that also accept "no one" (command-line jobs,
anonymous search) take ``User | None``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import _AnyUser, _User

User: TypeAlias = "_AnyUser"
Account: TypeAlias = "_User"


def signed_in(user: User | None) -> Account | None:
    """The account behind ``user``; None for an anonymous visitor or no one (the command line).

    What a service stores as the author of a write: an anonymous visitor never gets past the
    permission check before it, so None here means "the system"."""
    from django.contrib.auth.base_user import AbstractBaseUser

    if isinstance(user, AbstractBaseUser) and user.is_authenticated:
        return user
    return None


__all__ = ["Account", "User", "signed_in"]
