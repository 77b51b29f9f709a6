from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.test import Client

import plaza.statistics

LOCALE = Path(plaza.statistics.__file__).parent / "locale"


@pytest.mark.parametrize("lang", ["es", "fr", "th", "hi"])
def test_statistics_catalogue_is_complete_and_compiled(lang: str) -> None:
    po_path = LOCALE / lang / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    assert len(po) > 100
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    for entry in po:
        if not entry.msgid_plural:
            assert entry.msgstr.count("%(") == entry.msgid.count("%("), entry.msgid
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.stat().st_mtime >= po_path.stat().st_mtime - 1, "run compilemessages"
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(mo_path)) if not e.msgid_plural}
    assert compiled == {e.msgid: e.msgstr for e in po if not e.msgid_plural}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "heading"),
    [("es", "Estadísticas"), ("fr", "Statistiques"), ("th", "สถิติ"), ("hi", "आँकड़े")],
)
def test_index_page_speaks_the_interface_language(client: Client, lang: str, heading: str) -> None:
    html = client.get(f"/{lang}/statistics/").content.decode()
    assert f"<h1>{heading}</h1>" in html
