"""Base pages: landmarks, labels, no third-party requests, light enough for a slow phone."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "plaza" / "static"


def test_home_page_has_landmarks_and_navigation(client: Client) -> None:
    html = client.get("/en/").content.decode()
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    assert 'href="/en/library/"' in html
    assert 'href="/en/cities/"' in html
    assert 'href="/en/partnering/"' in html
    assert '<label for="language-select"' in html
    assert 'class="skip" href="#content"' in html


def test_home_page_makes_no_third_party_requests(client: Client) -> None:
    html = client.get("/en/").content.decode()
    for attr in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not attr.startswith(("http://", "https://", "//")), attr


def test_home_page_weighs_under_60_kb_transferred(client: Client) -> None:
    html = client.get("/en/").content
    assets = re.findall(rb'(?:src|href)="/static/([^"]+)"', html)
    total = len(gzip.compress(html))
    for asset in assets:
        total += len(gzip.compress((STATIC / asset.decode()).read_bytes()))
    assert total < 60 * 1024, f"home page weighs {total} bytes gzipped"


def test_unknown_page_is_a_translated_404(client: Client) -> None:
    response = client.get("/fr/nowhere/")
    assert response.status_code == 404
    assert '<html lang="fr"' in response.content.decode()


def test_api_docs_and_schema(client: Client) -> None:
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert client.get("/api/languages").json()[0]["code"] == "en"
