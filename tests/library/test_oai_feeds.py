from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import feedparser
import pytest
from django.test import Client
from sickle import Sickle
from sickle.oaiexceptions import (
    BadArgument,
    BadResumptionToken,
    CannotDisseminateFormat,
    IdDoesNotExist,
    NoRecordsMatch,
)

from plaza.library import services
from plaza.library.models import Resource
from tests.library.factories import resource_with_creators

OAI = "{http://www.openarchives.org/OAI/2.0/}"


def make_catalogue() -> list[Resource]:
    resources = [
        resource_with_creators(
            ("Chen", "Martha Alter"),
            title=f"Informal economy paper {n}",
            language="es" if n % 3 == 0 else "en",
            type="policy-brief" if n % 2 else "working-paper",
            abstract=f"Abstract {n}",
            published_at="2024-01-01T00:00:00Z",
        )
        for n in range(12)
    ]
    resource_with_creators(("Hidden", "Draft"), title="A draft", status="draft")
    return resources


@pytest.mark.django_db(transaction=True)
def test_harvest_everything_over_several_pages_with_sickle(
    live_server: Any, settings: Any, librarian: Any
) -> None:
    settings.LIBRARY_OAI_PAGE_SIZE = 5
    resources = make_catalogue()
    services.withdraw_resource(librarian, resources[0], "Duplicate")
    sickle = Sickle(f"{live_server.url}/oai")
    identify = sickle.Identify()
    assert identify.deletedRecord == "persistent"
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
    records = list(sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    assert len(records) == 12  # the draft is not in the repository; 3 pages of 5, 5, 2
    deleted = [r for r in records if r.deleted]
    assert [r.header.identifier for r in deleted] == [records[-1].header.identifier]
    assert deleted[0].header.identifier.endswith(f"library/{resources[0].pk}")
    live = [r for r in records if not r.deleted]
    titles = {r.metadata["title"][0] for r in live}
    assert titles == {f"Informal economy paper {n}" for n in range(1, 12)}
    assert live[0].metadata["creator"] == ["Chen, Martha Alter"]
    identifiers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="lang:es"))
    assert len(identifiers) == 4
    sets = {s.setSpec for s in sickle.ListSets()}
    assert {"type:working-paper", "lang:th", "lang"} <= sets
    record = sickle.GetRecord(identifier=live[0].header.identifier, metadataPrefix="oai_dc")
    assert record.metadata["language"] == [record.metadata["language"][0]]
    assert [f.metadataPrefix for f in sickle.ListMetadataFormats()] == ["oai_dc"]
    with pytest.raises(CannotDisseminateFormat):
        list(sickle.ListRecords(metadataPrefix="marc21"))
    with pytest.raises(IdDoesNotExist):
        sickle.GetRecord(identifier="oai:elsewhere:1", metadataPrefix="oai_dc")
    with pytest.raises(NoRecordsMatch):
        list(sickle.ListRecords(metadataPrefix="oai_dc", **{"from": "2999-01-01"}))
    with pytest.raises(BadResumptionToken):
        list(sickle.ListRecords(resumptionToken="forged"))
    with pytest.raises(BadArgument):
        list(sickle.ListRecords(metadataPrefix="oai_dc", **{"from": "yesterday"}))


@pytest.mark.django_db
def test_protocol_errors_without_a_client_library(client: Client) -> None:
    def error_code(query: str) -> str:
        root = ET.fromstring(client.get(f"/oai?{query}").content)  # noqa: S314 - our own output
        error = root.find(f"{OAI}error")
        assert error is not None, query
        return str(error.get("code"))

    assert error_code("") == "badVerb"
    assert error_code("verb=Harvest") == "badVerb"
    assert error_code("verb=Identify&verb=Identify") == "badVerb"
    assert error_code("verb=GetRecord&metadataPrefix=oai_dc") == "badArgument"
    assert error_code("verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x") == "badArgument"
    assert error_code("verb=ListRecords&metadataPrefix=oai_dc") == "noRecordsMatch"
    assert (
        error_code(
            "verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2021-01-01T00:00:00Z"
        )
        == "badArgument"
    )


@pytest.mark.django_db
def test_atom_feeds_read_with_feedparser(client: Client, librarian: Any) -> None:
    resources = make_catalogue()
    services.withdraw_resource(librarian, resources[1], "Withdrawn")
    feed = feedparser.parse(client.get("/feeds/library.atom").content)
    assert not feed.bozo
    titles = {entry.title for entry in feed.entries}
    assert "Informal economy paper 2" in titles
    assert "Informal economy paper 1" not in titles  # withdrawn
    assert "A draft" not in titles
    spanish = feedparser.parse(client.get("/feeds/library/lang/es.atom").content)
    assert {e.title for e in spanish.entries} == {
        "Informal economy paper 0",
        "Informal economy paper 3",
        "Informal economy paper 6",
        "Informal economy paper 9",
    }
    by_type = feedparser.parse(client.get("/feeds/library/type/policy-brief.atom").content)
    assert len(by_type.entries) == 5  # 1 of the 6 policy briefs is withdrawn
    assert client.get("/feeds/library/type/novel.atom").status_code == 404


@pytest.mark.django_db
def test_sitemap_and_robots(client: Client) -> None:
    resources = make_catalogue()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert resources[2].get_absolute_url() in sitemap
    assert "A draft" not in sitemap
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: " in robots and "/sitemap.xml" in robots
