"""Demo users, one per role; all share the documented demo password."""

from __future__ import annotations

from plaza.accounts.models import User
from plaza.accounts.roles import Role
from plaza.accounts.scopes import grant_scope
from plaza.accounts.services import set_roles
from plaza.cities.models import City
from plaza.demo import DemoContext
from plaza.directory.models import Organization

# (username, first, last, language, role, cities, organisations)
DEMO_USERS = [
    ("admin", "Ada", "Admin", "en", Role.ADMINISTRATOR, [], []),
    ("staff", "Sam", "Staff", "en", Role.NETWORK_STAFF, [], []),
    ("librarian", "Lina", "Librarian", "en", Role.LIBRARIAN, [], []),
    ("coordinator-lima", "Rosa", "Quispe", "es", Role.CITY_COORDINATOR, ["lima"], []),
    ("coordinator-accra", "Kofi", "Mensah", "en", Role.CITY_COORDINATOR, ["accra"], []),
    ("coordinator-bangkok", "Somchai", "Srisuk", "th", Role.CITY_COORDINATOR, ["bangkok"], []),
    ("coordinator-delhi", "Priya", "Sharma", "hi", Role.CITY_COORDINATOR, ["delhi"], []),
    ("coordinator-dakar", "Awa", "Diop", "fr", Role.CITY_COORDINATOR, ["dakar"], []),
    (
        "representative",
        "Nora",
        "Vendor",
        "es",
        Role.ORGANISATION_REPRESENTATIVE,
        [],
        ["streetnet-international"],
    ),
]


def load(ctx: DemoContext) -> None:
    for username, first, last, language, role, cities, organisations in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username)
            user.set_password(ctx.password)
        user.first_name, user.last_name, user.language = first, last, language
        user.email = f"{username}@demo.plaza.invalid"
        user.is_demo = True
        user.is_superuser = role == Role.ADMINISTRATOR
        user.save()
        set_roles(user, [role])
        for city in City.objects.filter(slug__in=cities):
            grant_scope(user, city)
        for org in Organization.objects.filter(slug__in=organisations):
            grant_scope(user, org)
    ctx.summary["demo users"] = User.objects.filter(is_demo=True).count()
    ctx.write(
        "Demo users (password for all: "
        f"{ctx.password}): " + ", ".join(username for username, *_ in DEMO_USERS)
    )
