"""Login lockout by (account, client address) and password reset limits, with and without a
reverse proxy in front (PLAZA_PROXY_COUNT 0 and 1)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings

from tests.accounts.factories import PASSWORD, UserFactory, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"


def fail_five_times(client: Client, username: str, **headers: Any) -> None:
    statuses = [
        client.post(LOGIN, {"username": username, "password": "guess"}, **headers).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks this pair


@override_settings(PROXY_COUNT=0)
def test_a_strangers_failures_never_lock_out_the_owner_from_another_address() -> None:
    UserFactory(username="admin-owner")
    stranger = Client(REMOTE_ADDR="198.51.100.66")
    fail_five_times(stranger, "admin-owner")
    locked = stranger.post(LOGIN, {"username": "admin-owner", "password": PASSWORD})
    assert locked.status_code == 429
    assert 0 < int(locked["Retry-After"]) <= 15 * 60
    owner = Client(REMOTE_ADDR="203.0.113.10")
    response = owner.post(LOGIN, {"username": "admin-owner", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in owner.session


@override_settings(PROXY_COUNT=0)
def test_without_a_proxy_a_forged_forwarded_header_neither_hides_nor_frames() -> None:
    UserFactory(username="kofi")
    stranger = Client(REMOTE_ADDR="198.51.100.66")
    # Rotating a forged X-Forwarded-For does not give the stranger fresh attempts...
    for n in range(5):
        stranger.post(
            LOGIN,
            {"username": "kofi", "password": "guess"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    response = stranger.post(
        LOGIN, {"username": "kofi", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="192.0.2.99"
    )
    assert response.status_code == 429
    # ...and claiming the owner's address does not lock the owner.
    owner = Client(REMOTE_ADDR="203.0.113.10")
    assert owner.post(LOGIN, {"username": "kofi", "password": PASSWORD}).status_code == 302


@override_settings(PROXY_COUNT=1)
def test_behind_one_proxy_two_clients_do_not_lock_each_other() -> None:
    UserFactory(username="ama")
    proxy = "10.0.0.2"  # every request reaches Plaza from the proxy's address
    stranger = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.66")
    fail_five_times(stranger, "ama")
    assert stranger.post(LOGIN, {"username": "ama", "password": PASSWORD}).status_code == 429
    owner = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.10")
    response = owner.post(LOGIN, {"username": "ama", "password": PASSWORD})
    assert response.status_code == 302
    # The stranger cannot escape by writing another address in front of the proxy's entry.
    escaped = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.66")
    assert escaped.post(LOGIN, {"username": "ama", "password": PASSWORD}).status_code == 429


def test_lockout_logs_ids_not_names_or_addresses(caplog: pytest.LogCaptureFixture) -> None:
    user = make_user(username="lakshmi.iyer")
    client = Client(REMOTE_ADDR="198.51.100.66")
    with caplog.at_level(logging.INFO):
        fail_five_times(client, "lakshmi.iyer")
        client.post(LOGIN, {"username": "lakshmi.iyer", "password": "guess"})
    text = caplog.text + json.dumps([vars(r) for r in caplog.records], default=str)
    assert "lakshmi" not in text
    assert "198.51.100.66" not in text
    assert any(getattr(r, "user_id", None) == user.pk for r in caplog.records)


RESET = "/en/accounts/password/reset/"


@override_settings(
    PROXY_COUNT=0,
    PASSWORD_RESET_PER_ACCOUNT_PER_HOUR=3,
    PASSWORD_RESET_PER_ADDRESS_PER_HOUR=10,
)
def test_password_reset_is_limited_per_account() -> None:
    UserFactory(username="kofi", email="kofi@example.org")
    attacker = Client(REMOTE_ADDR="198.51.100.66")
    for _ in range(3):
        assert attacker.post(RESET, {"email": "kofi@example.org"}).status_code == 302
    refused = attacker.post(RESET, {"email": "KOFI@example.org"})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Too many password reset requests" in refused.content.decode()
    # From another address too: the account's limit protects the mailbox.
    other = Client(REMOTE_ADDR="203.0.113.10")
    assert other.post(RESET, {"email": "kofi@example.org"}).status_code == 429
    assert len(mail.outbox) == 3


@override_settings(
    PROXY_COUNT=1,
    PASSWORD_RESET_PER_ACCOUNT_PER_HOUR=3,
    PASSWORD_RESET_PER_ADDRESS_PER_HOUR=4,
)
def test_password_reset_is_limited_per_address_behind_a_proxy() -> None:
    proxy = "10.0.0.2"
    attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.66")
    for n in range(4):
        assert attacker.post(RESET, {"email": f"p{n}@example.org"}).status_code == 302
    assert attacker.post(RESET, {"email": "p9@example.org"}).status_code == 429
    # Another client behind the same proxy is not affected.
    UserFactory(username="ama", email="ama@example.org")
    owner = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert owner.post(RESET, {"email": "ama@example.org"}).status_code == 302
    assert len(mail.outbox) == 1


def test_reset_links_never_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    import re

    UserFactory(username="kofi", email="kofi@example.org")
    client = Client()
    with caplog.at_level(logging.INFO):
        client.post(RESET, {"email": "kofi@example.org"})
        link = re.search(r"https?://\S+/reset/(\S+)/(\S+)/", str(mail.outbox[0].body))
        assert link is not None
        response = client.get(f"/en/accounts/password/reset/{link[1]}/{link[2]}/")
        assert response.status_code == 302
    text = caplog.text + json.dumps([vars(r) for r in caplog.records], default=str)
    assert link[2] not in text
    assert "kofi@example.org" not in text
    assert any(
        getattr(r, "path", "") == "/en/accounts/password/reset/<uidb64>/<token>/"
        for r in caplog.records
    )


@override_settings(EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend")
def test_the_default_outbox_is_a_folder_of_files(settings: Any, tmp_path: Any) -> None:
    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")
    UserFactory(username="kofi", email="kofi@example.org")
    Client().post(RESET, {"email": "kofi@example.org"})
    files = list((tmp_path / "outbox").iterdir())
    assert len(files) == 1
    assert "kofi@example.org" in files[0].read_text()
