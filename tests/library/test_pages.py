from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from plaza.accounts.models import User
from plaza.core.models import Sector
from plaza.library import services
from plaza.library.models import Resource
from tests.cities.factories import CityFactory
from tests.library.factories import ResourceFactory, resource_with_creators

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(lima: Any) -> dict[str, Resource]:
    public = resource_with_creators(
        ("Roever", "Sally"), "WIEGO", title="Street vendors & cities", year=2016
    )
    public.sectors.set(Sector.objects.filter(code="street-vendors"))
    public.cities.set([lima])
    public.countries = ["PE"]
    public.save()
    return {
        "public": public,
        "members": resource_with_creators(
            ("Dias", "Sonia"), title="Members only paper", visibility="members"
        ),
        "private": resource_with_creators(
            ("Dias", "Sonia"), title="Private paper", visibility="private"
        ),
        "draft": resource_with_creators(("Dias", "Sonia"), title="Draft paper", status="draft"),
        "spanish": resource_with_creators(
            ("Roever", "Sally"), title="Vendedores ambulantes", language="es", edition_of=public
        ),
    }


def test_public_sees_only_published_public(client: Client, catalogue: dict[str, Resource]) -> None:
    page = client.get("/en/library/").content.decode()
    assert "Street vendors &amp; cities" in page
    for hidden in ("Members only paper", "Private paper", "Draft paper"):
        assert hidden not in page
    for key in ("members", "private", "draft"):
        assert client.get(catalogue[key].get_absolute_url()).status_code == 404
    # Browse pages and the A-Z index: a creator known only from hidden records is not there.
    assert client.get("/en/library/creators/dias-sonia/").status_code == 404
    assert "Dias" not in client.get("/en/library/creators/").content.decode()
    assert "Roever, Sally" in client.get("/en/library/creators/").content.decode()


def test_members_see_members_only(
    client: Client, plain_user: User, catalogue: dict[str, Resource]
) -> None:
    client.force_login(plain_user)
    assert client.get(catalogue["members"].get_absolute_url()).status_code == 200
    assert client.get(catalogue["private"].get_absolute_url()).status_code == 404
    page = client.get("/en/library/creators/dias-sonia/").content.decode()
    assert "Members only paper" in page
    assert "Private paper" not in page and "Draft paper" not in page


def test_browse_filters(client: Client, catalogue: dict[str, Resource]) -> None:
    for query in (
        "?city=lima",
        "?sector=street-vendors",
        "?lang=en&year=2016",
        "?type=working-paper&country=PE",
    ):
        page = client.get("/en/library/" + query).content.decode()
        assert "Street vendors &amp; cities" in page, query
        assert "Vendedores ambulantes" not in page, query


def test_resource_page_carries_metadata_versions_and_citations(
    client: Client, catalogue: dict[str, Resource]
) -> None:
    resource = catalogue["public"]
    response = client.get(resource.get_absolute_url())
    page = response.content.decode()
    assert '<meta name="citation_title" content="Street vendors &amp; cities">' in page
    assert '<meta name="citation_author" content="Roever, Sally">' in page
    assert '<meta name="DC.language" content="en">' in page
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match is not None
    data = json.loads(match.group(1))
    assert data["@type"] == "Report" and data["name"] == "Street vendors & cities"
    assert data["author"][0]["familyName"] == "Roever"
    assert "Vendedores ambulantes" in page  # other language version
    assert (
        "Roever, S., &amp; WIEGO. (2016). Street vendors &amp; cities" in page
    )  # APA in the Cite this box
    assert client.get(f"/en/library/{resource.pk}/").status_code == 301


def test_withdrawn_resource_keeps_a_tombstone(
    client: Client, librarian: Any, catalogue: dict[str, Resource]
) -> None:
    resource = catalogue["public"]
    services.withdraw_resource(librarian, resource, "Replaced by the 2018 edition")
    response = client.get(resource.get_absolute_url())
    assert response.status_code == 410
    assert "Replaced by the 2018 edition" in response.content.decode()
    assert "Street vendors &amp; cities" not in client.get("/en/library/").content.decode()


def test_download_checks_visibility_and_content_type(
    client: Client, librarian: Any, catalogue: dict[str, Resource]
) -> None:
    public_file = services.attach_file(
        librarian, catalogue["public"], SimpleUploadedFile("vendors.html", b"<p>Vendors</p>")
    )
    private_file = services.attach_file(
        librarian, catalogue["private"], SimpleUploadedFile("secret.txt", b"secret")
    )
    response = client.get(public_file.get_absolute_url())
    assert response.status_code == 200
    # An uploaded web page is a download, never a page on Plaza's origin.
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="vendors.html"'
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert content == b"<p>Vendors</p>"
    assert client.get(private_file.get_absolute_url()).status_code == 404
    client.force_login(librarian)
    assert client.get(private_file.get_absolute_url()).status_code == 200


def test_export_of_a_result_list(client: Client, catalogue: dict[str, Resource]) -> None:
    ids = ",".join(str(catalogue[k].pk) for k in ("public", "private", "spanish"))
    response = client.get(f"/en/library/export?ids={ids}&format=ris")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("TY  - ") == 2  # the private one is left out
    assert client.get("/en/library/export?ids=1,x&format=ris").status_code == 400
    assert client.get(f"/en/library/export?ids={ids}&format=word").status_code == 400


def test_catalogue_exports(client: Client, catalogue: dict[str, Resource]) -> None:
    csv_text = client.get("/en/library/catalogue.csv").content.decode()
    assert "Street vendors & cities" in csv_text and "Private paper" not in csv_text
    data = json.loads(client.get("/en/library/catalogue.json").content)
    assert {row["title"] for row in data} == {"Street vendors & cities", "Vendedores ambulantes"}


def test_invalid_form_gets_400_with_the_message(client: Client, librarian: Any) -> None:
    client.force_login(librarian)
    response = client.post(
        "/en/library/new/",
        {
            "title": "X",
            "type": "publication",
            "language": "en",
            "doi": "nonsense",
            "visibility": "public",
        },
    )
    assert response.status_code == 400
    assert "is not a DOI" in response.content.decode()
    assert not Resource.objects.exists()


def test_forbidden_actions(
    client: Client, plain_user: User, catalogue: dict[str, Resource]
) -> None:
    client.force_login(plain_user)
    assert client.get("/en/library/new/").status_code == 403
    assert client.post(f"/en/library/{catalogue['draft'].pk}/publish/").status_code == 403


def test_curators_see_who_changed_what(client: Client, librarian: Any) -> None:
    resource = services.create_resource(
        librarian, {"title": "Draft one", "type": "publication", "language": "en"}
    )
    services.update_resource(librarian, resource, {"title": "Draft two", "year": 2020})
    client.force_login(librarian)
    page = client.get(resource.get_absolute_url()).content.decode()
    history = page[page.find("History") :]
    assert librarian.username in history or str(librarian) in history
    assert "title, year" in history or "year, title" in history


def test_selectors_for_city_and_country_pages(catalogue: dict[str, Resource], lima: Any) -> None:
    from plaza.library.selectors import resources_about_place, resources_linked_to

    assert resources_about_place(city_slug="lima") == [catalogue["public"]]
    assert resources_about_place(country="pe") == [catalogue["public"]]
    assert resources_about_place(country="GH") == []
    assert resources_linked_to(lima) == [catalogue["public"]]
    assert resources_linked_to(Sector.objects.get(code="street-vendors")) == [catalogue["public"]]


@pytest.mark.parametrize("language", ["es", "fr", "th", "hi"])
def test_pages_in_every_interface_language(
    client: Client, librarian: Any, catalogue: dict[str, Resource], language: str
) -> None:
    client.force_login(librarian)
    resource = catalogue["public"]
    for path in (
        f"/{language}/library/",
        f"/{language}/library/{resource.pk}/{resource.slug}/",
        f"/{language}/library/new/",
        f"/{language}/library/{resource.pk}/edit/",
        f"/{language}/library/{resource.pk}/withdraw/",
        f"/{language}/library/curation/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'lang="{language}"' in response.content.decode()
    cite_this = {
        "es": "Citar este recurso",
        "fr": "Citer cette ressource",
        "th": "อ้างอิงรายการนี้",
        "hi": "इसका उद्धरण दें",
    }
    page = client.get(f"/{language}/library/{resource.pk}/{resource.slug}/").content.decode()
    assert cite_this[language] in page


def test_resources_about_a_country_read_only_the_rows_about_it(
    django_assert_max_num_queries: Any,
) -> None:
    """The statistics country page lists the newest resources about the country: narrowed in
    SQL, so a library of hundreds of resources about other places is not read row by row
    (it was: 21 queries and most of the page's 400 ms on the demo)."""
    from plaza.library.selectors import resources_about_place

    Resource.objects.bulk_create(
        ResourceFactory.build_batch(260, year=2024, countries=["GH", "KE"])
    )
    peru = ResourceFactory.create(year=2001, countries=["GH", "PE"])
    lima = CityFactory.create(slug="lima", country="PE")
    in_lima = ResourceFactory.create(year=2000, countries=[])
    in_lima.cities.add(lima)
    with django_assert_max_num_queries(5):  # the rows, then creators, sectors, cities, files
        assert resources_about_place(country="PE") == [peru, in_lima]
    assert resources_about_place(country="ZZ") == []
