"""Country labels to ISO codes, and the ILO's five regions (for the regional comparison).

Labels are matched exactly (case-insensitively) against pycountry's names, common
names and official names; nothing is guessed. ILOSTAT writes a few countries the UN
way (M49), which pycountry spells differently; each such spelling is listed in
ILOSTAT_ALIASES with the reason. A label that matches neither is reported as unmapped.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# ILOSTAT spelling -> ISO 3166-1 alpha-2. Each entry: why pycountry does not find it.
ILOSTAT_ALIASES: dict[str, str] = {
    # UN M49 name; pycountry: "Bolivia, Plurinational State of".
    "Bolivia (Plurinational State of)": "BO",
    # UN style with "of the" inverted; pycountry: "Congo, The Democratic Republic of the".
    "Congo, Democratic Republic of the": "CD",
    # The ILO's name for the area; pycountry (ISO 3166): "Palestine, State of".
    "Occupied Palestinian Territory": "PS",
    # UN M49 name; pycountry: "Korea, Republic of".
    "Republic of Korea": "KR",
    # UN M49 name; pycountry: "Venezuela, Bolivarian Republic of".
    "Venezuela (Bolivarian Republic of)": "VE",
}


@lru_cache(maxsize=4096)
def country_code_for_label(label: str) -> str | None:
    """ISO alpha-2 code for a country label, or None when it is not an exact known name."""
    label = label.strip()
    if not label:
        return None
    if label in ILOSTAT_ALIASES:
        return ILOSTAT_ALIASES[label]
    wanted = label.casefold()
    for country in pycountry.countries:
        names = (
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
        )
        if any(name and name.casefold() == wanted for name in names):
            return str(country.alpha_2)
    return None


# The ILO's regional groupings (as used by ILOSTAT), by ISO alpha-2 code.
def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


ILO_REGIONS: dict[str, tuple[Promise, frozenset[str]]] = {
    "africa": (
        _("Africa"),
        _codes(
            "DZ EG LY MA SD TN EH AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ GQ ER SZ ET GA GM GH "
            "GN GW KE LS LR MG MW ML MR MU YT MZ NA NE NG RE RW ST SN SC SL SO ZA SS TZ TG UG ZM "
            "ZW SH"
        ),
    ),
    "americas": (
        _("Americas"),
        _codes(
            "AG AR BS BB BZ BO BR CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE KN LC "
            "VC SR TT UY VE PR AW CW VG VI KY TC MS AI GF GP MQ SX BQ BL MF FK CA US BM GL PM"
        ),
    ),
    "arab-states": (
        _("Arab States"),
        _codes("BH IQ JO KW LB OM QA SA SY AE YE PS"),
    ),
    "asia-pacific": (
        _("Asia and the Pacific"),
        _codes(
            "CN HK MO JP KP KR MN TW BN KH ID LA MY MM PH SG TH TL VN AU NZ FJ PG SB VU NC PF WS "
            "TO KI FM MH NR PW TV GU MP AS CK NU WF TK PN NF AF BD BT IN IR MV NP PK LK"
        ),
    ),
    "europe-central-asia": (
        _("Europe and Central Asia"),
        _codes(
            "AL AD AT BE BA BG HR CY CZ DK EE FI FR DE GR HU IS IE IT LV LI LT LU MT MC ME NL MK "
            "NO PL PT RO SM RS SK SI ES SE CH GB XK FO GI IM JE GG VA AX SJ BY MD RU UA AM AZ GE "
            "KZ KG TJ TM UZ TR IL"
        ),
    ),
}


def region_of(country: str) -> str | None:
    """The ILO region key of a country, or None when the country is not in the table."""
    code = country.upper()
    for key, (_name, members) in ILO_REGIONS.items():
        if code in members:
            return key
    return None


def region_name(key: str) -> str:
    return str(ILO_REGIONS[key][0]) if key in ILO_REGIONS else key


def region_members(key: str) -> frozenset[str]:
    return ILO_REGIONS[key][1] if key in ILO_REGIONS else frozenset()
