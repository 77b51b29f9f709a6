"""Collections, reading lists, saved searches and alerts, result lists as data, OAI-PMH sets."""

from __future__ import annotations

import csv
import datetime
import io
import json
import sys
import types
from dataclasses import dataclass
from typing import Any

import bibtexparser
import feedparser
import pytest
import rispy
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from plaza.accounts.models import SentNotice, User
from plaza.library import alerts, list_services, services
from plaza.library.lists import Collection, CollectionItem, ReadingList, SavedSearch
from plaza.library.models import Resource
from plaza.search.services import SearchParams, search
from tests.accounts.factories import make_user
from tests.library.factories import resource_with_creators

pytestmark = pytest.mark.django_db


def publish(librarian: Any, title: str, **fields: Any) -> Resource:
    """A resource published through the service (so it is in the search index)."""
    data = {"title": title, "type": "policy-brief", "language": "en", "year": 2020, **fields}
    return services.create_resource(
        librarian, {**data, "status": "published"}, [{"family_name": "Roever"}]
    )


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- collections --------------------------------------------------------------------------


def test_only_librarians_make_collections_and_every_change_is_in_the_history(
    librarian: Any, plain_user: User
) -> None:
    with pytest.raises(PermissionDenied):
        list_services.create_collection(plain_user, "Street vending laws")
    collection = list_services.create_collection(librarian, "Street vending laws", "Laws.")
    assert collection.slug == "street-vending-laws"
    with pytest.raises(ValidationError) as taken:
        list_services.create_collection(librarian, "Street vending laws")
    assert "short name" in str(taken.value)
    law = publish(librarian, "Street Vendors Act")
    draft = resource_with_creators(("Chen", "Martha"), title="Unfinished", status="draft")
    list_services.add_to_collection(librarian, collection, law, note="The national act")
    with pytest.raises(ValidationError):
        list_services.add_to_collection(librarian, collection, draft)
    with pytest.raises(ValidationError):
        list_services.add_to_collection(librarian, collection, law)  # already in it
    with pytest.raises(PermissionDenied):
        list_services.add_to_collection(plain_user, collection, law)
    list_services.remove_from_collection(librarian, collection, law.pk)
    list_services.update_collection(librarian, collection, "Vending laws", "")
    item_history = CollectionItem.history.filter(collection_id=collection.pk)
    assert sorted(h.history_type for h in item_history) == ["+", "-"]
    assert {h.history_user_id for h in item_history} == {librarian.pk}
    assert collection.history.count() >= 2


def test_collection_page_shows_each_reader_what_they_may_see(
    client: Client, librarian: Any, plain_user: User
) -> None:
    collection = list_services.create_collection(librarian, "Waste pickers")
    public_es = publish(librarian, "Recicladores de Bogotá", language="es")
    public_en = publish(librarian, "Africa waste pickers", language="en")
    members = publish(librarian, "Members-only survey of pickers", visibility="members")
    for resource in (public_es, members, public_en):
        list_services.add_to_collection(librarian, collection, resource)
    url = collection.get_absolute_url()
    html = client.get(url).content.decode()
    assert "Recicladores de Bogotá" in html and "Africa waste pickers" in html
    assert "Members-only survey" not in html  # the public never sees it
    assert "2 resources" in html
    assert html.index("Recicladores") < html.index("Africa waste")  # the chosen order
    by_title = client.get(url, {"sort": "title"}).content.decode()
    assert by_title.index("Africa waste") < by_title.index("Recicladores")
    only_es = client.get(url, {"lang": "es"}).content.decode()
    assert "Recicladores" in only_es and "Africa waste" not in only_es
    member_html = logged_in(plain_user).get(url).content.decode()
    assert "Members-only survey" in member_html and "3 resources" in member_html
    listing = client.get("/en/library/collections/").content.decode()
    assert "Waste pickers" in listing and "2 resources" in listing
    feed = feedparser.parse(client.get(f"/feeds/collections/{collection.slug}.atom").content)
    assert {e.title for e in feed.entries} == {"Recicladores de Bogotá", "Africa waste pickers"}
    assert client.get("/feeds/collections/nothing.atom").status_code == 404
    assert client.get("/en/library/collections/nothing/").status_code == 404
    # Someone without the right cannot edit it through the page either.
    response = logged_in(plain_user).post(url, {"title": "Mine now"})
    assert response.status_code == 404
    collection.refresh_from_db()
    assert collection.title == "Waste pickers"


def test_only_the_curator_sees_the_remove_buttons_of_a_collection(
    client: Client, librarian: Any, plain_user: User
) -> None:
    collection = list_services.create_collection(librarian, "Street vending")
    first = publish(librarian, "Vending zones in Accra")
    second = publish(librarian, "Market fees in Lima")
    for resource in (second, first):
        list_services.add_to_collection(librarian, collection, resource)
    url = collection.get_absolute_url()
    remove = f"/en/library/collections/{collection.slug}/remove"
    for reader in (client, logged_in(plain_user)):
        html = reader.get(url).content.decode()
        assert "Market fees in Lima" in html and remove not in html
        assert "Remove from the collection" not in html
    staff = logged_in(librarian)
    html = staff.get(url).content.decode()
    assert html.count("Remove from the collection") == 2
    assert html.index("Market fees in Lima") < html.index("Vending zones in Accra")  # curated
    assert html.count(f'action="{remove}"') == 2
    assert f'name="resource" value="{second.pk}"' in html
    assert logged_in(plain_user).post(remove, {"resource": second.pk}).status_code == 403
    assert collection.resources.count() == 2
    assert staff.post(remove, {"resource": second.pk}).status_code == 302
    assert list(collection.resources.all()) == [first]


def test_librarian_curates_a_collection_from_the_pages(librarian: Any) -> None:
    staff = logged_in(librarian)
    response = staff.post("/en/library/collections/", {"title": "Home-based work", "slug": ""})
    assert response.status_code == 302
    collection = Collection.objects.get(slug="home-based-work")
    resource = publish(librarian, "Homeworkers Protection Act")
    page = staff.get(resource.get_absolute_url()).content.decode()
    assert 'name="collection"' in page  # the "add to a collection" form
    staff.post(
        "/en/library/collections/add", {"collection": collection.pk, "resource": resource.pk}
    )
    assert list(collection.resources.all()) == [resource]
    page = staff.get(resource.get_absolute_url()).content.decode()
    assert "Home-based work</a>" in page  # "In the collections"
    history = staff.get(collection.get_absolute_url()).content.decode()
    assert "Resource: Homeworkers Protection Act" in history
    bad = staff.post("/en/library/collections/", {"title": ""})
    assert bad.status_code == 400 and "required" in bad.content.decode()


# --- reading lists ------------------------------------------------------------------------


def test_reading_list_is_private_and_exports_in_every_format(
    librarian: Any, plain_user: User
) -> None:
    first = publish(librarian, "Street vendors in Lima", year=2019)
    second = publish(librarian, "Waste pickers in Pune", year=2021, visibility="members")
    owner = logged_in(plain_user)
    for resource in (first, second):
        response = owner.post(
            "/en/library/lists/add", {"resource": resource.pk, "next": "/en/library/"}
        )
        assert response.status_code == 302 and response["Location"] == "/en/library/"
    owner.post("/en/library/lists/add", {"resource": first.pk})  # twice: still one entry
    reading_list = ReadingList.objects.get(owner=plain_user)
    assert reading_list.items.count() == 2
    base = reading_list.get_absolute_url()
    page = owner.get(base).content.decode()
    assert "Street vendors in Lima" in page and "Waste pickers in Pune" in page

    entries = rispy.loads(owner.get(f"{base}export/ris").content.decode())
    assert [e["title"] for e in entries] == ["Street vendors in Lima", "Waste pickers in Pune"]
    bib = bibtexparser.parse_string(owner.get(f"{base}export/bibtex").content.decode())
    assert len(bib.entries) == 2
    items = json.loads(owner.get(f"{base}export/csl-json").content)
    assert [i["title"] for i in items] == ["Street vendors in Lima", "Waste pickers in Pune"]
    assert "Roever" in owner.get(f"{base}export/apa").content.decode()
    assert "Roever" in owner.get(f"{base}export/chicago").content.decode()
    rows = list(
        csv.DictReader(io.StringIO(owner.get(f"{base}export/csv").content.decode("utf-8-sig")))
    )
    assert [r["title"] for r in rows] == ["Street vendors in Lima", "Waste pickers in Pune"]
    refused = owner.get(f"{base}export/marc")
    assert (
        refused.status_code == 400
        and "bibtex, ris, csl-json, apa, chicago, csv" in refused.content.decode()
    )

    # Nobody else sees it or exports it (not even that it exists).
    stranger = logged_in(make_user(username="stranger"))
    assert stranger.get(base).status_code == 404
    assert stranger.get(f"{base}export/ris").status_code == 404
    assert Client().get(base).status_code == 404
    response = stranger.post(f"{base}remove", {"resource": first.pk})
    assert response.status_code == 404 and reading_list.items.count() == 2


def test_reading_list_entries_that_change_visibility(librarian: Any, plain_user: User) -> None:
    kept = publish(librarian, "Still public")
    withdrawn = publish(librarian, "Soon withdrawn")
    hidden = publish(librarian, "Soon private")
    for resource in (kept, withdrawn, hidden):
        list_services.add_to_reading_list(plain_user, resource)
    services.withdraw_resource(librarian, withdrawn, "Replaced")
    services.update_resource(librarian, hidden, {"visibility": "private"})
    members = publish(librarian, "Now members only")
    list_services.add_to_reading_list(plain_user, members)
    services.update_resource(librarian, members, {"visibility": "members"})
    owner = logged_in(plain_user)
    reading_list = ReadingList.objects.get(owner=plain_user)
    page = owner.get(reading_list.get_absolute_url()).content.decode()
    assert "Still public" in page
    assert "Soon withdrawn" in page and "Withdrawn" in page
    assert "Soon private" not in page and "A resource you can no longer see" in page
    assert "Now members only</a>" in page and "Members only</span>" in page  # shown as such
    entries = rispy.loads(
        owner.get(f"{reading_list.get_absolute_url()}export/ris").content.decode()
    )
    assert [e["title"] for e in entries] == ["Still public", "Now members only"]


def test_only_what_one_may_see_goes_in_a_reading_list(
    client: Client, librarian: Any, plain_user: User
) -> None:
    draft = resource_with_creators(("Chen", "Martha"), title="Unfinished", status="draft")
    response = logged_in(plain_user).post("/en/library/lists/add", {"resource": draft.pk})
    assert response.status_code == 400
    assert "no such resource" in response.content.decode()
    assert not ReadingList.objects.filter(owner=plain_user, items__isnull=False).exists()
    public = publish(librarian, "Public paper")
    anonymous = client.post("/en/library/lists/add", {"resource": public.pk})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    other = ReadingList.objects.create(owner=librarian, title="Librarian's")
    response = logged_in(plain_user).post(
        "/en/library/lists/add", {"resource": public.pk, "list": other.pk}
    )
    assert response.status_code == 404 and not other.items.exists()


# --- saved searches and alerts --------------------------------------------------------------


def test_saved_search_sends_one_digest_of_new_visible_matches(
    librarian: Any, plain_user: User
) -> None:
    publish(librarian, "Street vendors before the search was saved")
    client = logged_in(plain_user)
    response = client.post(
        "/en/library/alerts/save",
        {"query": "q=street+vendors&page=3&type=policy-brief", "frequency": "daily"},
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=plain_user)
    assert saved.query == "q=street+vendors&type=policy-brief"  # no page number
    assert saved.title == "street vendors"
    assert alerts.send_alerts() == 0  # nothing new yet
    publish(librarian, "Street vendors and the city")
    publish(librarian, "Street vendors, members only", visibility="members")
    publish(librarian, "Street vendors, private", visibility="private")
    publish(librarian, "Waste pickers in Accra")  # does not match
    publish(librarian, "Street vendors working paper", type="working-paper")  # filtered out
    assert alerts.send_alerts() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Street vendors and the city" in body
    assert "Street vendors, members only" in body  # the member may see it
    assert "private" not in body and "Waste pickers" not in body
    assert "working paper" not in body and "before the search" not in body
    assert "/en/search/?q=street+vendors" in body
    assert alerts.send_alerts() == 0  # once per day
    assert SentNotice.objects.get(user=plain_user).kind == "library-alert-daily"
    saved.refresh_from_db()
    assert saved.last_sent_at is not None


def test_digest_is_in_the_users_language_and_weekly_once_a_week(
    librarian: Any, plain_user: User
) -> None:
    plain_user.language = "es"
    plain_user.save()
    collection = list_services.create_collection(librarian, "Mercados")
    list_services.follow_collection(plain_user, collection, "weekly")
    resource = publish(librarian, "Mercados de Lima", language="es")
    list_services.add_to_collection(librarian, collection, resource)
    now = timezone.now()
    assert alerts.send_alerts(now) == 1
    message = mail.outbox[0]
    assert "semana" in message.subject  # Spanish
    assert "Mercados de Lima" in message.body and "/es/library/" in message.body
    list_services.add_to_collection(librarian, collection, publish(librarian, "Otro mercado"))
    assert alerts.send_alerts(now) == 0  # the same week
    assert alerts.send_alerts(now + datetime.timedelta(days=7)) == 1


def test_no_alert_to_a_user_who_turned_notices_off(librarian: Any, plain_user: User) -> None:
    list_services.save_search(plain_user, "q=vendors", frequency="daily")
    plain_user.email_notices = False
    plain_user.save()
    publish(librarian, "Vendors everywhere")
    assert alerts.send_alerts() == 0 and mail.outbox == []


def test_saved_searches_are_managed_by_their_owner(librarian: Any, plain_user: User) -> None:
    saved = list_services.save_search(plain_user, "?q=vendors")
    collection = list_services.create_collection(librarian, "Markets")
    list_services.follow_collection(plain_user, collection)
    owner = logged_in(plain_user)
    page = owner.get("/en/library/alerts/").content.decode()
    assert "vendors" in page and "Markets" in page
    assert "/en/library/alerts/" in owner.get("/en/accounts/profile/").content.decode()
    owner.post(f"/en/library/alerts/{saved.pk}/", {"frequency": "daily"})
    saved.refresh_from_db()
    assert saved.frequency == "daily"
    bad = owner.post(f"/en/library/alerts/{saved.pk}/", {"frequency": "hourly"})
    assert bad.status_code == 400 and "daily, weekly" in bad.content.decode()
    stranger = logged_in(make_user(username="stranger"))
    assert stranger.post(f"/en/library/alerts/{saved.pk}/", {"action": "delete"}).status_code == 404
    owner.post(f"/en/library/alerts/{saved.pk}/", {"action": "delete"})
    assert list(SavedSearch.objects.filter(user=plain_user)) == [
        SavedSearch.objects.get(collection=collection)
    ]
    with pytest.raises(ValidationError):
        list_services.save_search(plain_user, "")


# --- feeds and result lists as data ---------------------------------------------------------


def test_search_feed_has_public_records_only(client: Client, librarian: Any) -> None:
    publish(librarian, "Street vendors in Lima")
    publish(librarian, "Street vendors, members only", visibility="members")
    publish(librarian, "Waste pickers in Pune")
    response = client.get("/feeds/search.atom", {"q": "street vendors"})
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert [e.title for e in feed.entries] == ["Street vendors in Lima"]


@dataclass
class PassageHit:
    model: str
    pk: int
    passage: str
    language: str
    score: float


@pytest.fixture
def meaning_finds(monkeypatch: pytest.MonkeyPatch) -> list[PassageHit]:
    """A stand-in for the meaning search (the real one needs the model): it returns these."""
    passages: list[PassageHit] = []
    module = types.ModuleType("plaza.search.semantic.services")
    module.is_available = lambda: True  # type: ignore[attr-defined]
    module.search_passages = lambda query, *, limit, languages=None: list(passages)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "plaza.search.semantic.services", module)
    return passages


def test_result_export_is_the_fused_list_the_page_shows(
    client: Client, librarian: Any, meaning_finds: list[PassageHit], settings: Any
) -> None:
    settings.SEARCH_PAGE_SIZE = 2
    by_words = [publish(librarian, f"Street vendors study {n}") for n in range(3)]
    by_meaning = publish(librarian, "Comercio ambulante en Lima", language="es")
    meaning_finds.append(PassageHit("library.resource", by_meaning.pk, "comercio", "es", 0.9))
    shown: list[int] = []
    for page in (1, 2):
        result = search(SearchParams(q="street vendors", page=page), None)
        shown += [h.pk for h in result.hits]
    assert by_meaning.pk in shown and set(shown) == {r.pk for r in [*by_words, by_meaning]}
    response = client.get("/en/library/export/results", {"q": "street vendors", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [int(r["id"]) for r in rows] == shown  # every result, in the page's order
    ris = rispy.loads(
        client.get(
            "/en/library/export/results", {"q": "street vendors", "format": "ris"}
        ).content.decode()
    )
    assert len(ris) == 4
    words_only = client.get(
        "/en/library/export/results",
        {"q": "street vendors", "semantic": "off", "format": "csl-json"},
    ).json()
    assert len(words_only) == 3


def test_resource_page_has_a_copy_citation_box_without_inline_script(
    client: Client, librarian: Any
) -> None:
    resource = publish(librarian, "Street vendors in Lima")
    html = client.get(resource.get_absolute_url()).content.decode()
    assert '<textarea id="cite-apa" class="citation" rows="3" readonly' in html
    assert "Roever" in html.split('id="cite-apa"')[1].split("</textarea>")[0]
    assert "library/copy.js" in html
    assert "<script>" not in html  # CSP: scripts only from files
    assert "Log in to keep reading lists" in html


# --- OAI-PMH sets -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_oai_sets_by_type_sector_city_and_collection_with_sickle(
    live_server: Any, librarian: Any, lima: Any
) -> None:
    from sickle import Sickle
    from sickle.oaiexceptions import BadArgument

    from plaza.core.models import Sector

    vendors, _created = Sector.objects.get_or_create(code="street-vendors")
    in_lima = services.create_resource(
        librarian,
        {"title": "Vendors of Lima", "type": "law", "language": "es", "status": "published"},
        [{"family_name": "Roever"}],
        sectors=[vendors],
        cities=[lima],
    )
    elsewhere = publish(librarian, "Pickers of Pune")
    members = publish(librarian, "Members only", visibility="members")
    collection = list_services.create_collection(librarian, "Key laws")
    for resource in (in_lima, elsewhere, members):
        list_services.add_to_collection(librarian, collection, resource)
    sickle = Sickle(f"{live_server.url}/oai")
    sets = {s.setSpec for s in sickle.ListSets()}
    assert {"sector:street-vendors", "city:lima", "collection:key-laws", "type:law"} <= sets

    def ids(set_spec: str) -> set[str]:
        return {
            h.identifier.rsplit("/", 1)[1]
            for h in sickle.ListIdentifiers(metadataPrefix="oai_dc", set=set_spec)
        }

    assert ids("collection:key-laws") == {str(in_lima.pk), str(elsewhere.pk)}  # public only
    assert ids("city:lima") == {str(in_lima.pk)}
    assert ids("sector:street-vendors") == {str(in_lima.pk)}
    assert ids("type:law") == {str(in_lima.pk)}
    assert ids("collection") == {str(in_lima.pk), str(elsewhere.pk)}
    assert ids("city") == {str(in_lima.pk)}
    records = list(sickle.ListRecords(metadataPrefix="oai_dc", set="city:lima"))
    assert set(records[0].header.setSpecs) >= {"city:lima", "collection:key-laws"}
    with pytest.raises(BadArgument):
        list(sickle.ListRecords(metadataPrefix="oai_dc", set="city:atlantis"))


# --- the API --------------------------------------------------------------------------------


def test_api_collections_reading_lists_and_saved_searches(
    client: Client, librarian: Any, plain_user: User
) -> None:
    collection = list_services.create_collection(librarian, "Markets")
    public = publish(librarian, "Market vendors")
    members = publish(librarian, "Members' market survey", visibility="members")
    for resource in (public, members):
        list_services.add_to_collection(librarian, collection, resource)
    assert client.get("/api/library/collections").json()[0]["size"] == 1
    assert client.get("/api/library/collections/markets").json()["resources"] == [public.pk]
    assert client.get("/api/library/collections/nothing").status_code == 404
    assert client.get("/api/library/reading-lists").status_code == 401

    owner = logged_in(plain_user)
    assert owner.get("/api/library/collections/markets").json()["resources"] == [
        public.pk,
        members.pk,
    ]
    made = owner.post(
        "/api/library/reading-lists", {"title": "Thesis"}, content_type="application/json"
    )
    assert made.status_code == 201
    pk = made.json()["id"]
    added = owner.post(
        f"/api/library/reading-lists/{pk}/resources",
        {"resource": public.pk},
        content_type="application/json",
    )
    assert added.json()["resources"] == [public.pk]
    draft = resource_with_creators(("Chen", "Martha"), title="Unfinished", status="draft")
    refused = owner.post(
        f"/api/library/reading-lists/{pk}/resources",
        {"resource": draft.pk},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "resource" in refused.json()["errors"]
    stranger = logged_in(make_user(username="stranger"))
    assert (
        stranger.post(
            f"/api/library/reading-lists/{pk}/resources",
            {"resource": public.pk},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        owner.delete(f"/api/library/reading-lists/{pk}/resources/{public.pk}").json()["resources"]
        == []
    )

    saved = owner.post(
        "/api/library/saved-searches",
        {"query": "q=market&page=2", "frequency": "daily"},
        content_type="application/json",
    )
    assert saved.status_code == 201 and saved.json()["query"] == "q=market"
    followed = owner.post(
        "/api/library/saved-searches",
        {"collection": "markets"},
        content_type="application/json",
    ).json()
    assert followed["collection"] == "markets" and followed["frequency"] == "weekly"
    bad = owner.post(
        "/api/library/saved-searches",
        {"query": "q=x", "frequency": "hourly"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "frequency" in bad.json()["errors"]
    assert len(owner.get("/api/library/saved-searches").json()) == 2
    assert stranger.delete(f"/api/library/saved-searches/{followed['id']}").status_code == 404
    assert owner.delete(f"/api/library/saved-searches/{followed['id']}").status_code == 204
    assert [s["query"] for s in owner.get("/api/library/saved-searches").json()] == ["q=market"]


def test_demo_collections_are_made_once_by_the_demo_librarian(librarian: Any) -> None:
    from plaza.demo import DemoContext, load_demo
    from plaza.demo.library import library_records
    from plaza.demo.library_lists import collections
    from tests.library.factories import ResourceFactory

    wanted = {key for entry in collections() for key in entry["records"]}
    for entry in library_records():  # the demo library's records the collections name (only those)
        if entry["key"] in wanted:
            fields = entry["fields"]
            ResourceFactory(
                **{k: fields[k] for k in ("title", "language", "year", "type")},
                visibility="public",
            )
    ctx = DemoContext(write=lambda line: None)
    load_demo(ctx, steps=("library_lists",))
    laws = Collection.objects.get(slug="laws-for-informal-workers")
    assert laws.is_demo and laws.items.count() == 9
    assert {r.type for r in laws.resources.all()} == {"law"}
    assert CollectionItem.history.filter(history_user=librarian).count() == len(wanted)
    load_demo(ctx, steps=("library_lists",))
    assert CollectionItem.history.count() == len(wanted)  # nothing added twice
