from __future__ import annotations

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
