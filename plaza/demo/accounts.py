"""Demo users, one per role (data/accounts.yaml); all share the documented demo password."""

from __future__ import annotations

from plaza.accounts.models import User
from plaza.accounts.roles import Role
from plaza.accounts.scopes import grant_scope
from plaza.accounts.services import set_roles
from plaza.cities.models import City
from plaza.demo import DemoContext, read_data
from plaza.directory.models import Organization


def load(ctx: DemoContext) -> None:
    users = read_data("accounts.yaml")
    for entry in users:
        username, role = entry["username"], Role(entry["role"])
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username)
            user.set_password(ctx.password)
        user.first_name, user.last_name = entry["first_name"], entry["last_name"]
        user.language = entry["language"]
        user.email = f"{username}@demo.plaza.invalid"
        user.is_demo = True
        user.is_superuser = role == Role.ADMINISTRATOR
        user.save()
        set_roles(user, [role])
        for city in City.objects.filter(slug__in=entry["cities"]):
            grant_scope(user, city)
        for org in Organization.objects.filter(slug__in=entry["organisations"]):
            grant_scope(user, org)
    ctx.summary["demo users"] = User.objects.filter(is_demo=True).count()
    ctx.write(
        "Demo users (password for all: "
        f"{ctx.password}): " + ", ".join(entry["username"] for entry in users)
    )
