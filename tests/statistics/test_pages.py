from __future__ import annotations

import gzip
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from plaza.demo import DemoContext, read_data
from plaza.demo import statistics as demo
from plaza.statistics.builtin import INFORMAL_EMPLOYMENT_RATE
from plaza.statistics.models import Indicator, Observation, Sex
from plaza.statistics.templatetags.statistics_tags import figure
from tests.statistics.factories import ObservationFactory

LANGUAGES = ("en", "es", "fr", "th", "hi")
SOURCE_NAME = "ILOSTAT, International Labour Organization"


@pytest.fixture
def sample_statistics(demo: Any) -> None:
    """The demo's embedded sample (real ILOSTAT figures), as without ../shared."""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_focal_country_pages_show_latest_rates_chart_and_table(
    client: Client, sample_statistics: None, lang: str
) -> None:
    indicator = Indicator.objects.get(code=INFORMAL_EMPLOYMENT_RATE)
    for country in (city["country"] for city in read_data("cities.yaml")):
        response = client.get(f"/{lang}/statistics/country/{country.lower()}/")
        assert response.status_code == 200
        html = response.content.decode()
        latest_year = max(
            Observation.objects.filter(country=country).values_list("year", flat=True)
        )
        with translation.override(lang):
            for sex in (Sex.WOMEN, Sex.MEN):
                obs = Observation.objects.get(country=country, sex=sex, year=latest_year)
                assert f"{figure(obs.value, 1)} %" in html, (country, sex, lang)
                assert str(Sex(sex).label) in html
            assert indicator.name_in(lang) in html
        assert str(latest_year) in html
        assert SOURCE_NAME in html
        assert "<svg" in html and 'role="img"' in html
        assert "<table>" in html
        assert f"/statistics/cite/{INFORMAL_EMPLOYMENT_RATE}/{country.lower()}/csl-json/" in html


def test_sample_has_the_figures_the_issue_quotes(sample_statistics: None) -> None:
    def total(country: str, year: int) -> str:
        obs = Observation.objects.get(country=country, sex=Sex.TOTAL, year=year)
        return figure(obs.value, 1)

    with translation.override("en"):
        assert total("IN", 2023) == "88.8"
        assert total("MX", 2023) == "56.3"
        assert total("TH", 2018) == "65.0"


def test_demo_loader_is_idempotent(sample_statistics: None, tmp_path: Any) -> None:
    count, history = Observation.objects.count(), Observation.history.count()
    demo.load(DemoContext(write=lambda line: None, shared_data_dir=tmp_path / "absent"))
    assert (Observation.objects.count(), Observation.history.count()) == (count, history)


def test_unknown_country_is_404_and_uppercase_redirects(
    client: Client, sample_statistics: None
) -> None:
    assert client.get("/en/statistics/country/xx/").status_code == 404
    response = client.get("/en/statistics/country/GH/")
    assert response.status_code == 302 and response["Location"].endswith("/country/gh/")


def test_index_and_city_pages(client: Client, sample_statistics: None) -> None:
    index = client.get("/es/statistics/")
    assert index.status_code == 200
    assert "/es/statistics/country/gh/" in index.content.decode()
    city = client.get("/fr/statistics/city/dakar/")
    assert city.status_code == 200
    html = city.content.decode()
    assert "Sénégal" in html and "<svg" in html


def test_country_page_is_light_and_makes_no_third_party_requests(
    client: Client, sample_statistics: None
) -> None:
    html = client.get("/en/statistics/country/mx/").content
    assert len(gzip.compress(html)) < 30 * 1024
    for attr in re.findall(rb'(?:src|xlink:href)="([^"]+)"', html):
        assert not attr.startswith((b"http://", b"https://", b"//")), attr
    assert b"<script" not in html.split(b"<svg", 1)[1].split(b"</svg>", 1)[0]


def test_country_lists_sort_alphabetically_ignoring_accents(client: Client, db: Any) -> None:
    for country in ("BI", "BW", "BJ"):  # Burundi, Botswana, Bénin
        ObservationFactory(indicator__code=INFORMAL_EMPLOYMENT_RATE, country=country)
    html = client.get("/fr/statistics/").content.decode()
    start = html.index('class="small countries"')
    positions = [html.index(f">{name}</a>", start) for name in ("Bénin", "Botswana", "Burundi")]
    assert positions == sorted(positions)


def test_country_figures_are_computed_once_per_statistics_change(
    client: Client, sample_statistics: None, django_assert_max_num_queries: Any
) -> None:
    """The country page's figures, chart and citation come from the per-process cache until
    a service (or an admin save) changes the statistics; then the new figure shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plaza.core import versions
    from plaza.statistics import services

    def page() -> str:  # without what differs on every response (CSRF token, CSP nonce)
        html = client.get(url).content.decode()
        return re.sub(r'(nonce|value|content)="[A-Za-z0-9+/=_-]{20,}"', "", html)

    url = "/en/statistics/country/pe/"
    with CaptureQueriesContext(connection) as first:
        before = page()
    with django_assert_max_num_queries(len(first) - 4):  # figures read from the cache
        assert page() == before
    latest = Observation.objects.filter(country="PE", sex=Sex.TOTAL).order_by("-year").first()
    assert latest is not None
    latest.value = latest.value + 1  # an admin edit: a plain save
    latest.save()
    with translation.override("en"):
        changed = page()
        assert f"{figure(latest.value, 1)} %" in changed and changed != before
    token = versions.token(services.DATA_VERSION)
    client.get(url)
    assert versions.token(services.DATA_VERSION) == token  # reading changes nothing
