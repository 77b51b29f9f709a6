"""The demo users' scopes (data/accounts.yaml): the cities and organisations each works for.

Runs after the cities and the directory (which the scopes point to); the users themselves come
first (the ``accounts`` step). Idempotent: a scope already granted is left as it is.
"""

from __future__ import annotations

from plaza.accounts.models import User
from plaza.accounts.scopes import grant_scope
from plaza.cities.models import City
from plaza.demo import DemoContext
from plaza.demo.accounts import demo_actor, demo_users
from plaza.directory.models import Organization


def load(ctx: DemoContext) -> None:
    actor = demo_actor()
    for entry in demo_users():
        user = User.objects.filter(username=entry["username"], is_demo=True).first()
        if user is None:
            continue
        for city in City.objects.filter(slug__in=entry["cities"]):
            grant_scope(user, city, by=actor)
        for org in Organization.objects.filter(slug__in=entry["organisations"]):
            grant_scope(user, org, by=actor)
