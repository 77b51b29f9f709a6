"""Small files in ILOSTAT's bulk layout, written the way ILOSTAT writes them."""

from __future__ import annotations

HEADER = (
    '\ufeff"ref_area.label","source.label","indicator.label","sex.label","time","obs_value",'
    '"obs_status.label","note_indicator.label","note_source.label"\n'
)
LABEL = "Informal employment rate by sex (%)"


def ilostat_row(
    area: str, sex: str, year: str, value: str, status: str = "", source: str = "LFS - Survey"
) -> str:
    source = source.replace('"', '""')
    return (
        f'"{area}","{source}","{LABEL}","Sex: {sex}","{year}",{value},'
        f'{f"{chr(34)}{status}{chr(34)}" if status else ""},,"Repository: test"\n'
    )


def ilostat_file(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode("utf-8")


GOOD_ROWS = (
    ilostat_row("Peru", "Total", "2022", "72.5"),
    ilostat_row("Peru", "Female", "2022", "75.1"),
    ilostat_row("Peru", "Male", "2022", "70.2", status="Break in series"),
    ilostat_row("Peru", "Female", "2021", "76.0"),
    ilostat_row("Bolivia (Plurinational State of)", "Total", "2021", "84.9"),
)
