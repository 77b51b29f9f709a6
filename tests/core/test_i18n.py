from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.accounts.factories import make_user


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es", "fr", "th", "hi"])
def test_home_page_renders_in_each_language(client: Client, language: str) -> None:
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert 'charset="utf-8"' in html
    for other, _name in settings.LANGUAGES:
        if other != language:
            assert f'hreflang="{other}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "fr", "th", "hi"])
def test_interface_text_is_translated(client: Client, language: str) -> None:
    with translation.override(language):
        translated = gettext("Knowledge base")
    assert translated != "Knowledge base"
    html = client.get(f"/{language}/").content.decode()
    assert translated in html
    assert "Knowledge base" not in html


@pytest.mark.django_db
def test_root_redirects_to_the_browser_language(client: Client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="th,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/th/"


@pytest.mark.django_db
def test_switcher_remembers_the_choice_for_a_logged_in_user(client: Client) -> None:
    user = make_user(username="rosa")
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/en/cities/"})
    assert response.status_code == 302
    assert response["Location"] == "/es/cities/"
    user.refresh_from_db()
    assert user.language == "es"


@pytest.mark.django_db
def test_preferred_language_follows_the_user_to_a_new_device(client: Client) -> None:
    user = make_user(username="somchai", language="th")
    client.force_login(user)
    client.get("/en/")  # any page sets the cookie from the profile
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "th"
    response = client.get("/")
    assert response["Location"] == "/th/"


@pytest.mark.django_db
def test_switcher_rejects_an_unknown_language(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/en/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
