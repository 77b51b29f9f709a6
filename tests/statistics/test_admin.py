from __future__ import annotations

import json

import pytest
from django.test import Client

from plaza.accounts.models import User
from plaza.statistics.models import Observation
from plaza.statistics.services import import_statistics
from tests.statistics.samples import GOOD_ROWS, ilostat_file

pytestmark = pytest.mark.django_db


def test_admin_lists_observations_links_the_import_and_shows_history(
    client: Client, admin_user: User
) -> None:
    import_statistics(None, ilostat_file(*GOOD_ROWS), "sample.csv")
    client.force_login(admin_user)
    response = client.get("/admin/statistics/observation/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/en/statistics/import/" in html
    assert "sample.csv" in html
    obs = Observation.objects.first()
    assert obs is not None
    history = client.get(f"/admin/statistics/observation/{obs.pk}/history/")
    assert history.status_code == 200
    assert client.get("/admin/statistics/indicator/").status_code == 200


def test_an_indicator_corrected_in_the_admin_is_in_its_history_and_in_search(
    client: Client, admin_user: User
) -> None:
    from plaza.core import versions
    from plaza.search import indexer
    from plaza.search.models import SearchEntry
    from plaza.statistics.models import Indicator
    from plaza.statistics.services import DATA_VERSION
    from tests.admin_pages import post_form

    import_statistics(None, ilostat_file(*GOOD_ROWS), "sample.csv")
    indicator = Indicator.objects.filter(observations__isnull=False).first()
    assert indicator is not None
    client.force_login(admin_user)
    before = versions.token(DATA_VERSION)
    names = {**indicator.names, "th": "สัดส่วนแรงงานนอกระบบ"}
    url = f"/admin/statistics/indicator/{indicator.pk}/change/"
    assert post_form(client, url, names=json.dumps(names, ensure_ascii=False)).status_code == 302
    indicator.refresh_from_db()
    assert indicator.names["th"] == "สัดส่วนแรงงานนอกระบบ"
    assert indicator.history.latest().history_user == admin_user, [
        (h.history_date, h.history_user, h.names) for h in indicator.history.all()
    ]
    # indexed again: the Thai name is among the document's keywords (else the entry is stale)
    assert SearchEntry.objects.filter(key=f"statistics.indicator:{indicator.pk}").exists()
    report = indexer.check(["statistics.indicator"])
    assert not (report.missing or report.stale or report.orphaned)
    assert versions.token(DATA_VERSION) != before
    # Figures come through the import (which replaces a figure by its key): not edited here.
    obs = Observation.objects.first()
    assert obs is not None
    response = client.post(f"/admin/statistics/observation/{obs.pk}/change/", {"value": "1"})
    assert response.status_code == 403
    assert client.post(f"/admin/statistics/observation/{obs.pk}/delete/").status_code == 403
