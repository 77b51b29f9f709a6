from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client


@pytest.mark.django_db
def test_healthz_reports_database_ok(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(client: Client) -> None:
    def broken_cursor(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection refused")

    with mock.patch("plaza.core.views.connection.cursor", broken_cursor):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_requests_are_logged_as_json(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO", logger="plaza.request"):
        response = client.get("/en/", HTTP_X_REQUEST_ID="abc123")
    assert response["X-Request-ID"] == "abc123"
    record = next(r for r in caplog.records if r.name == "plaza.request")
    assert record.__dict__["status"] == 200
    assert record.__dict__["path"] == "/en/"
    assert record.__dict__["request_id"] == "abc123"
    import json

    from plaza.core.logging import JsonFormatter

    line = json.loads(JsonFormatter().format(record))
    assert line["method"] == "GET" and line["status"] == 200 and "duration_ms" in line
