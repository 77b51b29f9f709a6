"""Compressed responses and conditional GET (issue 17): less to send, nothing to send twice."""

from __future__ import annotations

import gzip

import feedparser
import pytest
from django.test import Client

from tests.library.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_pages_are_gzipped_only_when_the_client_asks(client: Client) -> None:
    ResourceFactory.create_batch(3)
    plain = client.get("/en/library/")
    assert plain.status_code == 200
    assert "Content-Encoding" not in plain
    squeezed = client.get("/en/library/", headers={"accept-encoding": "gzip, br"})
    assert squeezed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in squeezed["Vary"]
    html = gzip.decompress(squeezed.content).decode()
    assert "Informal work study" in html
    assert len(squeezed.content) < len(plain.content) / 2


def test_feeds_are_gzipped_and_still_parse(client: Client) -> None:
    ResourceFactory.create_batch(3)
    response = client.get("/feeds/library.atom", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    feed = feedparser.parse(gzip.decompress(response.content))
    assert not feed.bozo
    assert len(feed.entries) == 3


def test_a_page_not_changed_since_answers_304(client: Client) -> None:
    ResourceFactory.create_batch(2)
    first = client.get("/en/library/")
    etag = first["ETag"]
    again = client.get("/en/library/", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    # The same with compression: the weak ETag of the gzipped page still matches.
    zipped = client.get("/en/library/", headers={"accept-encoding": "gzip"})
    assert zipped["ETag"].startswith("W/")
    assert (
        client.get(
            "/en/library/",
            headers={"accept-encoding": "gzip", "if-none-match": zipped["ETag"]},
        ).status_code
        == 304
    )


def test_a_changed_page_is_sent_again(client: Client) -> None:
    ResourceFactory.create_batch(2)
    etag = client.get("/en/library/")["ETag"]
    ResourceFactory(title="A brand new working paper")
    changed = client.get("/en/library/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "A brand new working paper" in changed.content.decode()


def test_feeds_answer_304_on_etag_and_last_modified(client: Client) -> None:
    ResourceFactory.create_batch(2)
    first = client.get("/feeds/library.atom")
    assert first["Last-Modified"]
    by_etag = client.get("/feeds/library.atom", headers={"if-none-match": first["ETag"]})
    assert by_etag.status_code == 304
    by_date = client.get(
        "/feeds/library.atom", headers={"if-modified-since": first["Last-Modified"]}
    )
    assert by_date.status_code == 304


def test_file_downloads_and_binary_answers_are_not_recompressed(client: Client) -> None:
    # A streamed static-like file answer: never gzipped by the app (ranges and lengths kept).
    response = client.get("/robots.txt", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    body = (
        gzip.decompress(response.content)
        if response.get("Content-Encoding") == "gzip"
        else response.content
    )
    assert b"User-agent" in body
