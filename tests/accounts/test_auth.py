from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.test import Client, override_settings

from plaza.accounts.models import User
from tests.accounts.factories import PASSWORD, UserFactory, make_user

pytestmark = pytest.mark.django_db


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_passwords_are_hashed_with_argon2() -> None:
    user = User(username="ama")
    user.set_password("a long pass phrase")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_login_and_logout(client: Client) -> None:
    UserFactory(username="kofi", language="en")
    response = client.post("/en/accounts/login/", {"username": "kofi", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    assert client.get("/en/accounts/profile/").status_code == 200
    assert client.post("/en/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_lands_in_the_users_language(client: Client) -> None:
    UserFactory(username="awa", language="fr")
    response = client.post(
        "/en/accounts/login/", {"username": "awa", "password": PASSWORD, "next": "/en/cities/"}
    )
    assert response["Location"] == "/fr/cities/"


def test_wrong_password_is_a_clear_error(client: Client) -> None:
    UserFactory(username="kofi")
    response = client.post("/es/accounts/login/", {"username": "kofi", "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'role="alert"' in response.content.decode()


def test_login_is_throttled_after_repeated_failures(client: Client) -> None:
    UserFactory(username="target")
    for _ in range(5):
        client.post("/en/accounts/login/", {"username": "target", "password": "guess"})
    response = client.post("/en/accounts/login/", {"username": "target", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked out.
    UserFactory(username="bystander")
    ok = client.post("/en/accounts/login/", {"username": "bystander", "password": PASSWORD})
    assert ok.status_code == 302


def test_password_change(client: Client) -> None:
    user = make_user(username="priya")
    client.force_login(user)
    response = client.post(
        "/en/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a new and long pass phrase",
            "new_password2": "a new and long pass phrase",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a new and long pass phrase")


def test_password_reset_by_email(client: Client) -> None:
    user = make_user(username="rosa", email="rosa@example.org")
    response = client.post("/es/accounts/password/reset/", {"email": "rosa@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/\S+)", str(mail.outbox[0].body))
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand new pass phrase", "new_password2": "brand new pass phrase"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand new pass phrase")


def test_password_reset_for_unknown_address_reveals_nothing(client: Client) -> None:
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_profile_needs_login(client: Client) -> None:
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
