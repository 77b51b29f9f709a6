from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client

from plaza.accounts.models import User
from plaza.statistics.builtin import ensure_builtin_indicators
from plaza.statistics.models import Indicator, Observation, Sex
from plaza.statistics.selectors import key_figures_for_city
from plaza.statistics.services import record_city_figure
from tests.statistics.factories import IndicatorFactory, ObservationFactory
from tests.statistics.samples import GOOD_ROWS, ilostat_file

pytestmark = pytest.mark.django_db

CITY_CSV_HEADER = "indicator,city,sex,year,period,value,status,source,source_note\n"


@pytest.fixture
def street_vendors() -> Indicator:
    indicator: Indicator = IndicatorFactory.create(
        code="STREET_VENDORS_WOMEN_SHARE",
        names={"en": "Women among street vendors", "es": "Mujeres entre vendedores"},
        source="WIEGO city research",
    )
    return indicator


def figure_form(indicator: Indicator, **overrides: Any) -> dict[str, Any]:
    data = {
        "figure-indicator": indicator.pk,
        "figure-sex": "total",
        "figure-year": "2022",
        "figure-period": "",
        "figure-value": "63.5",
        "figure-status": "estimate",
        "figure-source": "Lima street vendor census 2022",
        "figure-source_note": "",
    }
    data.update(overrides)
    return data


def test_coordinator_enters_a_figure_for_their_city(
    client: Client, lima: Any, lima_coordinator: Any, street_vendors: Indicator
) -> None:
    client.force_login(lima_coordinator)
    response = client.post("/en/statistics/city/lima/figures/", figure_form(street_vendors))
    assert response.status_code == 302
    obs = Observation.objects.get(city=lima)
    assert (obs.value, obs.status, obs.country) == (Decimal("63.5"), "estimate", "")
    assert obs.source == "Lima street vendor census 2022"
    page = client.get("/en/statistics/city/lima/").content.decode()
    assert "Women among street vendors" in page and "63.5" in page
    assert "Lima street vendor census 2022" in page


def test_figure_without_source_is_refused_naming_the_field(
    client: Client, lima: Any, lima_coordinator: Any, street_vendors: Indicator
) -> None:
    client.force_login(lima_coordinator)
    response = client.post(
        "/en/statistics/city/lima/figures/", figure_form(street_vendors, **{"figure-source": ""})
    )
    assert response.status_code == 400
    assert 'id="id_figure-source-errors"' in response.content.decode()
    assert not Observation.objects.exists()


def test_others_cannot_enter_city_figures(
    client: Client,
    lima: Any,
    accra_coordinator: Any,
    plain_user: User,
    street_vendors: Indicator,
) -> None:
    assert client.get("/en/statistics/city/lima/figures/").status_code == 302  # to login
    for user in (accra_coordinator, plain_user):
        client.force_login(user)
        response = client.post("/en/statistics/city/lima/figures/", figure_form(street_vendors))
        assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        record_city_figure(
            plain_user, lima, indicator=street_vendors, sex="total", year=2020,
            value=Decimal(1), source="x",
        )  # fmt: skip
    assert not Observation.objects.exists()


def test_correcting_a_city_figure_keeps_the_old_value_in_history(
    staff_user: User, lima: Any, street_vendors: Indicator
) -> None:
    common: dict[str, Any] = {
        "indicator": street_vendors,
        "sex": "women",
        "year": 2021,
        "source": "Census",
    }
    record_city_figure(staff_user, lima, value=Decimal("60.0"), **common)
    obs = record_city_figure(staff_user, lima, value=Decimal("61.2"), **common)
    assert Observation.objects.filter(city=lima).count() == 1
    assert [h.value for h in obs.history.order_by("history_date")] == [
        Decimal("60.0"),
        Decimal("61.2"),
    ]
    assert obs.history.first().history_user == staff_user


def upload(name: str, text: str) -> dict[str, Any]:
    return {"csv-file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")}


def test_city_csv_one_bad_row_imports_nothing_and_names_the_line(
    client: Client, lima: Any, lima_coordinator: Any, street_vendors: Indicator
) -> None:
    client.force_login(lima_coordinator)
    text = (
        CITY_CSV_HEADER
        + "STREET_VENDORS_WOMEN_SHARE,lima,women,2021,,61.2,,Census,\n"
        + "STREET_VENDORS_WOMEN_SHARE,lima,women,2022,,lots,,Census,\n"
    )
    response = client.post("/en/statistics/city/lima/figures/", upload("lima.csv", text))
    assert response.status_code == 400
    html = response.content.decode()
    assert "line 3, value" in html and "lots" in html
    assert not Observation.objects.exists()
    good = text.replace("lots", "62.0")
    response = client.post("/en/statistics/city/lima/figures/", upload("lima.csv", good))
    assert response.status_code == 302
    assert Observation.objects.filter(city=lima).count() == 2


def test_city_csv_rows_for_another_city_or_without_source_are_refused(
    client: Client, lima: Any, accra: Any, lima_coordinator: Any, street_vendors: Indicator
) -> None:
    client.force_login(lima_coordinator)
    text = CITY_CSV_HEADER + "STREET_VENDORS_WOMEN_SHARE,accra,women,2021,,61.2,,Census,\n"
    response = client.post("/en/statistics/city/lima/figures/", upload("x.csv", text))
    assert response.status_code == 400 and "line 2, city" in response.content.decode()
    text = CITY_CSV_HEADER + "STREET_VENDORS_WOMEN_SHARE,lima,women,2021,,61.2,,,\n"
    response = client.post("/en/statistics/city/lima/figures/", upload("x.csv", text))
    assert response.status_code == 400 and "line 2, source" in response.content.decode()
    assert not Observation.objects.exists()


def test_key_figures_for_city_and_its_include(lima: Any, street_vendors: Indicator) -> None:
    ensure_builtin_indicators()
    national = Indicator.objects.get(code="EMP_NIFL_SEX_RT_A")
    ObservationFactory(indicator=national, country="PE", sex=Sex.WOMEN, year=2023,
                       value=Decimal("74.299"), source="LFS")  # fmt: skip
    ObservationFactory(indicator=street_vendors, country="", city=lima, sex=Sex.TOTAL,
                       year=2022, value=Decimal("63.5"), source="Census")  # fmt: skip
    figures = key_figures_for_city(lima)
    assert [s.indicator.code for s in figures.series_list] == [
        "STREET_VENDORS_WOMEN_SHARE",
        "EMP_NIFL_SEX_RT_A",
    ]
    html = render_to_string("statistics/_city_key_figures.html", {"key_figures": figures})
    assert "74.3 %" in html and "63.5 %" in html
    assert "Census" in html and "/statistics/city/lima/" in html
    tag = Template("{% load statistics_tags %}{% city_key_figures city %}")
    assert tag.render(Context({"city": lima})) == html


def test_staff_import_page(client: Client, staff_user: User, plain_user: User) -> None:
    client.force_login(plain_user)
    assert client.get("/en/statistics/import/").status_code == 403
    client.force_login(staff_user)
    assert client.get("/en/statistics/import/").status_code == 200
    bad = ilostat_file(*GOOD_ROWS[:2]).decode().replace("75.1", "7,5.1")
    response = client.post(
        "/es/statistics/import/",
        {"file": SimpleUploadedFile("bad.csv", bad.encode(), content_type="text/csv")},
    )
    assert response.status_code == 400
    assert "línea 3, obs_status.label" in response.content.decode()  # in the user's language
    assert not Observation.objects.exists()
    check = client.post(
        "/en/statistics/import/",
        {
            "file": SimpleUploadedFile("ok.csv", ilostat_file(*GOOD_ROWS), content_type="text/csv"),
            "dry_run": "on",
        },
    )
    assert check.status_code == 200 and "5 figures would be added" in check.content.decode()
    assert not Observation.objects.exists()
    response = client.post(
        "/en/statistics/import/",
        {"file": SimpleUploadedFile("ok.csv", ilostat_file(*GOOD_ROWS), content_type="text/csv")},
    )
    assert response.status_code == 200
    assert "5 figures added" in response.content.decode()
    assert Observation.objects.count() == 5
    assert Observation.history.filter(history_user=staff_user).count() == 5


def test_city_figure_accepts_a_decimal_comma_in_spanish(
    client: Client, lima: Any, lima_coordinator: Any, street_vendors: Indicator
) -> None:
    client.force_login(lima_coordinator)
    data = figure_form(street_vendors, **{"figure-value": "63,5"})
    assert client.post("/es/statistics/city/lima/figures/", data).status_code == 302
    assert Observation.objects.get(city=lima).value == Decimal("63.5")
