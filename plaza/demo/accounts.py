"""Demo users, one per role (data/accounts.yaml); all share the documented demo password.

The first step of the demo: its administrator (``demo_actor``) is the user every other loader
writes as, through the apps' services. The users' scopes point to cities and organisations,
which do not exist yet: the ``scopes`` step grants them once the directory is loaded.
"""

from __future__ import annotations

from typing import Any

from plaza.accounts.models import User
from plaza.accounts.roles import Role
from plaza.accounts.services import set_roles
from plaza.demo import DemoContext, read_data


def demo_users() -> list[dict[str, Any]]:
    return list(read_data("accounts.yaml"))


def demo_actor() -> User:
    """The demo's administrator: the acting user of every demo loader (its history rows name
    it). The ``accounts`` step, the first of the demo, creates it."""
    username = next(u["username"] for u in demo_users() if u["role"] == Role.ADMINISTRATOR)
    user = User.objects.filter(username=username, is_demo=True, is_active=True).first()
    if user is None:
        raise RuntimeError(f"the demo writes as its administrator {username!r}: load 'accounts'")
    return user


def load(ctx: DemoContext) -> None:
    users = demo_users()
    for entry in users:
        username, role = entry["username"], Role(entry["role"])
        user = User.objects.filter(username=username).first()
        created = user is None
        if user is None:
            user = User(username=username)
            user.set_password(ctx.password)
        values = {
            "first_name": entry["first_name"],
            "last_name": entry["last_name"],
            "language": entry["language"],
            "email": f"{username}@demo.plaza.invalid",
            "is_demo": True,
            "is_superuser": role == Role.ADMINISTRATOR,
        }
        if created or any(getattr(user, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(user, name, value)
            user.save()
        if set(user.groups.values_list("name", flat=True)) != {role.value}:
            set_roles(user, [role])
    ctx.summary["demo users"] = User.objects.filter(is_demo=True).count()
    ctx.write(
        "Demo users (password for all: "
        f"{ctx.password}): " + ", ".join(entry["username"] for entry in users)
    )
