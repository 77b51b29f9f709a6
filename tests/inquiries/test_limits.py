"""The inquiry limits: per client address (PLAZA_PROXY_COUNT honoured) and per e-mail address,
with Retry-After, on the form and the API, exact under simultaneous posts."""

from __future__ import annotations

import json
import os
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings

from plaza.core.limits import RateLimited
from plaza.inquiries import services
from plaza.inquiries.models import Inquiry
from tests.inquiries.test_form import STUDENT_ES

FORM = "/en/partnering/"


def post_form(client: Client, n: int, **extra: Any) -> Any:
    return client.post(FORM, {**STUDENT_ES, "email": f"s{n}@example.org"}, **extra)


@override_settings(PROXY_COUNT=1, PLAZA_INQUIRY_RATE_LIMIT_PER_HOUR=5)
def test_behind_a_proxy_one_clients_five_requests_do_not_block_another(db: Any) -> None:
    proxy = "10.0.0.2"
    first = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.66")
    second = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert [post_form(first, n).status_code for n in range(5)] == [302] * 5
    refused = post_form(first, 5)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Please try again in" in refused.content.decode()
    assert post_form(second, 6).status_code == 302
    assert Inquiry.objects.count() == 6


@override_settings(PROXY_COUNT=0, PLAZA_INQUIRY_RATE_LIMIT_PER_HOUR=2)
def test_without_a_proxy_a_forged_header_does_not_reset_the_limit(db: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.66")
    statuses = [
        post_form(client, n, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert Client(REMOTE_ADDR="203.0.113.10").post(FORM, STUDENT_ES).status_code == 302


@override_settings(PLAZA_INQUIRY_RATE_LIMIT_PER_HOUR=2)
def test_limit_per_email_address_across_addresses(db: Any) -> None:
    for n in range(2):
        client = Client(REMOTE_ADDR=f"198.51.100.{n}")
        assert client.post(FORM, STUDENT_ES).status_code == 302
    refused = Client(REMOTE_ADDR="198.51.100.9").post(
        FORM, {**STUDENT_ES, "email": "LUCIA@example.org"}
    )
    assert refused.status_code == 429
    assert refused["Retry-After"]
    assert Inquiry.objects.count() == 2


@override_settings(PROXY_COUNT=1, PLAZA_INQUIRY_RATE_LIMIT_PER_HOUR=1)
def test_api_limit_answers_429_with_retry_after(db: Any) -> None:
    def submit(client: Client, email: str) -> Any:
        body = {
            "name": "Kofi",
            "email": email,
            "organisation_kind": "media",
            "request_kinds": ["media"],
            "text": "I am a journalist preparing a radio documentary.",
            "language": "en",
        }
        return client.post("/api/inquiries/", json.dumps(body), content_type="application/json")

    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.66")
    assert submit(client, "a@example.org").status_code == 201
    refused = submit(client, "b@example.org")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Please try again in" in refused.json()["detail"]
    other = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert submit(other, "c@example.org").status_code == 201


def test_a_refused_request_is_not_counted(db: Any) -> None:
    with override_settings(PLAZA_INQUIRY_RATE_LIMIT_PER_HOUR=1):
        client = Client(REMOTE_ADDR="198.51.100.66")
        assert post_form(client, 0).status_code == 302
        for n in range(1, 4):
            assert post_form(client, n).status_code == 429
    with override_settings(PLAZA_INQUIRY_RATE_LIMIT_PER_HOUR=2):
        # Three refusals did not use up the larger allowance: one more is accepted.
        assert post_form(client, 9).status_code == 302


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"),
    reason="concurrent writers need PostgreSQL (SQLite serialises every write)",
)
@pytest.mark.django_db(transaction=True)
@override_settings(PLAZA_INQUIRY_RATE_LIMIT_PER_HOUR=5)
def test_fifty_simultaneous_posts_from_one_address_accept_at_most_the_limit() -> None:
    threads = 50
    barrier = threading.Barrier(threads)
    accepted: list[str] = []
    refused: list[int] = []
    errors: list[BaseException] = []

    def post(n: int) -> None:
        try:
            barrier.wait(timeout=60)
            inquiry = services.submit_inquiry(
                services.InquiryInput(
                    name="Bot",
                    email=f"bot{n}@example.org",
                    organisation_kind="other",
                    request_kinds=["information"],
                    message="Please partner with us.",
                    language="en",
                ),
                address="198.51.100.66",
            )
            accepted.append(inquiry.reference)
        except RateLimited:
            refused.append(n)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=post, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert errors == []
    assert len(accepted) == 5
    assert len(refused) == threads - 5
    assert Inquiry.objects.count() == 5
