"""Control characters: cleaned at the boundary, and never written into XML or a spreadsheet.

XML 1.0 (Atom feeds, OAI-PMH, the XML inside an XLSX file) cannot hold most C0 control
characters, and PostgreSQL cannot store NUL. ``clean_control`` is what every write keeps of a
string (tab, line feed and carriage return stay); ``xml_safe`` is what every XML writer
emits, so a value that slipped past the boundary (an old row, a bulk load) still gives a
well-formed document."""

from __future__ import annotations

import re
from typing import Any

# C0 controls other than tab, LF and CR; DEL; lone surrogates; the two non-characters.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def has_control(text: str) -> bool:
    return bool(_ILLEGAL.search(text))


def clean_control(text: str) -> str:
    """``text`` without the characters XML 1.0 and the databases cannot hold."""
    return _ILLEGAL.sub("", text) if _ILLEGAL.search(text) else text


def xml_safe(value: Any) -> Any:
    """``value`` ready for an XML writer: strings cleaned, lists and dicts cleaned inside,
    anything else as it is."""
    if isinstance(value, str):
        return clean_control(value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(v) for v in value)
    if isinstance(value, dict):
        return {k: xml_safe(v) for k, v in value.items()}
    return value
