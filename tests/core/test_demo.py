from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import override_settings

from plaza.accounts.models import User
from plaza.accounts.roles import Role
from plaza.cities.models import Activity, ActivityKind, City
from plaza.demo import DemoContext, load_demo
from plaza.demo.search_index import DemoIndexOutOfStep
from plaza.directory.models import Organization
from tests.demo_snapshot import SNAPSHOT_STEPS

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.mark.usefixtures("demo")
def test_demo_loads_the_seed_facts_and_is_idempotent(tmp_path: Path) -> None:
    # The whole demo is loaded (once per test process, by the fixture); loading every step
    # again on top of it changes no table.
    lines: list[str] = []
    first = counts()
    ctx = DemoContext(write=lines.append, shared_data_dir=tmp_path / "absent")
    with override_settings(SHARED_DATA_DIR=tmp_path / "absent"):
        load_demo(ctx, steps=SNAPSHOT_STEPS)
    assert counts() == first
    # What the demo wrote is in the search index, and the demo's own check said so.
    assert any(line.startswith("search index: in step") for line in lines)
    out = io.StringIO()
    call_command("reindex", "--check", "--no-progress", stdout=out)
    assert out.getvalue().startswith("0 missing, 0 stale, 0 orphaned"), out.getvalue()

    cities = {c.slug: c for c in City.objects.all()}
    assert [c.slug for c in City.objects.order_by("sequence")[:2]] == ["accra", "lima"]
    assert cities["bangkok"].year_joined == cities["delhi"].year_joined == 2016
    for slug in ("dakar", "mexico-city"):
        assert cities[slug].joined_on == datetime.date(2017, 1, 1)
    assert {c.country for c in cities.values()} == {"GH", "PE", "TH", "IN", "SN", "MX"}
    # Each summary says what the city works on (not one sentence for all, nor the "joined" row
    # again), in every interface language; each city's work is written in its platform's
    # language (Lima's coordinator reads Spanish, Dakar's French, Bangkok's Thai).
    assert len({c.summary for c in cities.values()}) == len(cities)
    for city in cities.values():
        assert set(city.summaries) == {"es", "fr", "th", "hi"}, city.slug
    for slug, language in (("lima", "es"), ("dakar", "fr"), ("bangkok", "th"), ("delhi", "hi")):
        work = Activity.objects.filter(city=cities[slug])
        assert set(work.values_list("language", flat=True)) == {language}, slug
        assert cities[slug].name_in(language) in work.get(kind=ActivityKind.RESEARCH).title

    networks = set(Organization.objects.values_list("name", flat=True))
    assert {
        "StreetNet International",
        "HomeNet International",
        "International Domestic Workers Federation",
        "Global Alliance of Waste Pickers",
    } <= networks
    assert not Organization.objects.filter(slug="streetnet-international", is_demo=True).exists()

    demo_users = User.objects.filter(is_demo=True)
    for role in Role:
        assert demo_users.filter(groups__name=role.value).exists(), role
    lima = User.objects.get(username="coordinator-lima")
    assert lima.has_perm("cities.change_city", cities["lima"])
    assert not lima.has_perm("cities.change_city", cities["accra"])
    assert any("plaza-demo" in line for line in lines)


@pytest.mark.usefixtures("demo")
def test_the_index_step_fails_loudly_when_a_loader_left_the_index_out_of_step() -> None:
    org = Organization.objects.get(slug="sewa")
    Organization.objects.filter(pk=org.pk).update(name="Renamed without the services")
    with pytest.raises(DemoIndexOutOfStep, match=rf"stale \[.*directory.organization:{org.pk}\b"):
        load_demo(DemoContext(write=lambda _line: None), steps=("search_index",))
