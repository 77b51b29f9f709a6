"""The search page and the API."""

from __future__ import annotations

import re
from typing import Any


def test_page_shows_results_facets_and_count(client: Any, corpus: Any) -> None:
    response = client.get("/en/search/", {"q": "vendedores ambulantes"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>vendedores</mark>" in html
    assert re.search(r'1 result <span class="search-took">\(\d+ ms\)</span>', html)
    assert 'data-facet="sector"' in html
    assert "semantic search) are off" in html


def test_page_facet_links_toggle(client: Any, corpus: Any) -> None:
    html = client.get("/en/search/", {"q": "", "sector": "waste-pickers"}).content.decode()
    assert 'class="selected"' in html
    assert "3 results" in html
    assert 'data-value="delhi"' in html
    assert 'data-value="lima"' not in html  # cities are counted within the selection
    assert "Street vendors</a>" in html  # other sectors stay selectable (multi-select)


def test_page_without_query_and_in_other_languages(client: Any, corpus: Any) -> None:
    assert client.get("/en/search/").status_code == 200
    response = client.get("/th/search/", {"q": "หาบเร่แผงลอย"})
    assert response.status_code == 200
    assert "<mark>หาบเร่แผงลอย</mark>" in response.content.decode()


def test_page_bad_input_is_not_an_error(client: Any, corpus: Any) -> None:
    for params in [
        {"q": '"' * 3000},
        {"page": "x"},
        {"year": "abc"},
        {"sort": "x"},
        {"per_page": "-5"},
    ]:
        assert client.get("/en/search/", params).status_code == 200


def test_page_links_to_citation_export(client: Any, backend: Any) -> None:
    from plaza.search.registry import SearchDocument

    backend.index(
        SearchDocument(model="library.resource", pk=41, title="Street vendors law", language="en")
    )
    backend.index(
        SearchDocument(
            model="library.resource", pk=42, title="Street vendors survey", language="en"
        )
    )
    html = client.get("/en/search/", {"q": "vendors"}).content.decode()
    # The export repeats the page's own search (the fused list), not a list of ids.
    assert "/en/library/export/results?q=vendors&amp;format=ris" in html
    assert "/en/library/export/results?q=vendors&amp;format=csv" in html
    assert "/feeds/search.atom?q=vendors" in html


def test_api_search(client: Any, corpus: Any) -> None:
    data = client.get(
        "/api/search", {"q": "waste", "sector": "waste-pickers", "semantic": "false"}
    ).json()
    assert data["total"] == 1
    assert data["semantic"] == "off"
    assert [h["pk"] for h in data["hits"]] == [3]
    assert "<mark>" in data["hits"][0]["snippet"]
    assert any(v["selected"] for v in data["facets"]["sector"])


def test_api_suggest_and_openapi(client: Any, corpus: Any) -> None:
    assert "vendors" in client.get("/api/search/suggest", {"q": "vendo"}).json()["suggestions"]
    schema = client.get("/api/openapi.json").json()
    assert "/api/search" in schema["paths"]


def test_page_suggest_endpoint(client: Any, corpus: Any) -> None:
    assert client.get("/en/search/suggest", {"q": "recy"}).json()["suggestions"]
