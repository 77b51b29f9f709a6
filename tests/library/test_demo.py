from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from plaza.demo import DemoContext, load_demo
from plaza.library.models import ExtractionStatus, Resource
from plaza.search.services import SearchParams, search

pytestmark = pytest.mark.django_db

NORMLEX = "https://www.ilo.org/dyn/normlex/{}/f?p=NORMLEXPUB:12100:0::NO::P12100_ILO_CODE:{}"


@pytest.mark.usefixtures("demo")
def test_demo_library_is_real_linked_and_idempotent(settings: Any, tmp_path: Path) -> None:
    settings.SHARED_DATA_DIR = tmp_path / "absent"  # the UNDP pages are tested in test_imports
    ctx = DemoContext(write=lambda line: None, shared_data_dir=tmp_path / "absent")
    count = Resource.objects.count()
    assert count >= 30
    assert set(Resource.objects.values_list("language", flat=True)) >= {
        "en",
        "es",
        "fr",
        "th",
        "hi",
    }
    third = Resource.objects.get(
        title="Women and Men in the Informal Economy: A Statistical Picture", year=2018
    )
    assert {v.language for v in third.language_versions()} == {"es", "fr"}
    assert not Resource.objects.filter(is_demo=True).exists()  # real bibliographic facts
    history = Resource.history.count()
    load_demo(ctx, steps=("library",))
    assert Resource.objects.count() == count
    assert Resource.history.count() == history  # nothing saved again


@pytest.mark.usefixtures("demo")
def test_hand_picked_records_carry_their_public_identifiers() -> None:
    r204 = Resource.objects.get(title__startswith="Recomendación sobre la transición")
    assert r204.url == NORMLEX.format("es", "R204")
    c189 = Resource.objects.get(title="Domestic Workers Convention, 2011 (No. 189)")
    assert c189.url == NORMLEX.format("en", "C189")
    hart = Resource.objects.get(title="Informal Income Opportunities and Urban Employment in Ghana")
    assert hart.doi == "10.1017/S0022278X00008089"
    # A record without a certain identifier keeps none rather than a guessed one.
    assert (
        Resource.objects.get(
            title="We Are Poor but So Many: The Story of Self-Employed Women in India"
        ).url
        == ""
    )


@pytest.mark.usefixtures("demo")
def test_documents_written_for_plaza_ship_as_files_read_and_indexed(client: Any) -> None:
    guide = Resource.objects.get(title__startswith="Counting informal work")
    assert guide.licence == "CC BY 4.0"
    pdf = guide.files.get()
    assert pdf.content_type == "application/pdf"
    assert 1_000 < pdf.size < 100_000
    assert pdf.extraction_status == ExtractionStatus.DONE
    assert "Seventeenth ICLS" in pdf.text
    guia = Resource.objects.get(title__startswith="La Recomendación 204 de la OIT")
    text_file = guia.files.get()
    assert text_file.content_type == "text/plain"
    assert "libertad sindical" in text_file.text.lower()
    # Words found only in the files' text find the records.
    hits = search(SearchParams(q="contributing family workers", semantic=False))
    assert ("library.resource", guide.pk) in {(hit.model, hit.pk) for hit in hits.hits}
    page = client.get(guide.get_absolute_url())
    assert b"No files." not in page.content
    assert pdf.original_name.encode() in page.content
