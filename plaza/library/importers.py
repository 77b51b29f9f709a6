"""Bulk import of resources from CSV, BibTeX and RIS: validate everything, then apply all or nothing.

Each record of the file becomes an ImportRow. ``import_rows`` checks every row (metadata
validation, known sectors and cities, duplicates in the library or earlier in the file)
and writes nothing unless every row is valid; duplicates are reported and skipped.

Writing never holds the database for long (SQLite has one writer at a time): the rows are
written in short transactions of ``IMPORT_BATCH_ROWS``, invisible (``import_batch`` set), and
made live together in one short final transaction (``services.publish_import``). An import that
fails or is interrupted leaves nothing visible; its invisible rows are deleted at once, or by
the next import when the process was killed.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django_tasks import task

from plaza.core.middleware import is_lock_timeout
from plaza.core.models import Sector
from plaza.core.types import User
from plaza.library import services
from plaza.library.catalogue import CSV_COLUMNS
from plaza.library.models import Resource, ResourceType

IMPORT_BATCH_ROWS = 50  # rows written per short transaction
# Pause between two batches on SQLite, so a waiting web request gets the write lock.
SQLITE_PAUSE_SECONDS = 0.2
BATCH_ATTEMPTS = 5  # a batch that met a held lock is rolled back whole and written again
STALE_IMPORT = datetime.timedelta(hours=6)  # an unfinished import older than this was killed

LANGUAGE_NAMES = {
    "english": "en",
    "spanish": "es",
    "español": "es",
    "french": "fr",
    "français": "fr",
    "thai": "th",
    "hindi": "hi",
    "portuguese": "pt",
    "wolof": "wo",
}


@dataclass
class ImportRow:
    number: int  # line in the file where the record starts, as people count (first line = 1)
    fields: dict[str, Any]
    creators: list[dict[str, Any]] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # How the reference manager names the record: BibTeX key, RIS ID, the CSV "id" column,
    # a page's file name. Reports name it with the line, so the user finds the record.
    key: str = ""


def row_label(line: int, key: str = "") -> str:
    """How a report names a record: "RIS ID smith2019, line 14", "line 3"."""
    where = f"line {line}" if line else "the file"
    return f"{key}, {where}" if key else where


@dataclass
class ImportReport:
    total: int = 0
    created: list[int] = field(default_factory=list)
    rejected: list[tuple[int, list[str]]] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    applied: bool = False
    keys: dict[int, str] = field(default_factory=dict)  # line -> the record's own name

    def label(self, line: int) -> str:
        return row_label(line, self.keys.get(line, ""))

    def lines(self) -> list[str]:
        out = [
            f"{self.total} record(s) read; {len(self.created)} created; "
            f"{len(self.duplicates)} duplicate(s) skipped; {len(self.rejected)} rejected."
        ]
        if self.rejected:
            out.append(
                "Nothing was imported: correct the rejected records and import the file again."
            )
        out += [f"{self.label(n)}: rejected: {'; '.join(reasons)}" for n, reasons in self.rejected]
        out += [f"{self.label(n)}: duplicate of {what}" for n, what in self.duplicates]
        return out


def language_code(value: str) -> str:
    value = value.strip()
    return LANGUAGE_NAMES.get(value.lower(), value.lower())


def split_cell(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"\s*;\s*", value or "") if part.strip()]


def parse_creator(text: str) -> dict[str, Any]:
    """ "Family, Given" (person), "{Name}" or a name without comma (organisation); "ed: " = editor."""
    text = text.strip()
    role = "author"
    if text.lower().startswith("ed:"):
        role, text = "editor", text[3:].strip()
    if text.startswith("{") and text.endswith("}"):
        return {"kind": "organization", "name": text[1:-1].strip(), "role": role}
    if "," in text:
        family, given = (p.strip() for p in text.split(",", 1))
        return {"kind": "person", "family_name": family, "given_names": given, "role": role}
    return {"kind": "organization", "name": text, "role": role}


# --- CSV ---------------------------------------------------------------------------------


def rows_from_csv(text: str) -> list[ImportRow]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = set(reader.fieldnames or [])
    unknown = columns - set(CSV_COLUMNS) - {"id", "page"}
    missing = {"title", "type", "language"} - columns
    if unknown or missing:
        problems = []
        if missing:
            problems.append(f"missing column(s): {', '.join(sorted(missing))}")
        if unknown:
            problems.append(f"unknown column(s): {', '.join(sorted(unknown))}")
        return [ImportRow(number=1, fields={}, errors=problems)]
    rows = []
    next_line = reader.line_num + 1  # the header may span lines too
    for record in reader:
        number, next_line = next_line, reader.line_num + 1  # a quoted cell may hold newlines
        values = {k: (v or "").strip() for k, v in record.items() if k in CSV_COLUMNS}
        identifier = str(record.get("id") or "").strip()
        row = ImportRow(number=number, fields={}, key=f"id {identifier}" if identifier else "")
        for name in CSV_COLUMNS:
            value = values.get(name, "")
            if name == "creators":
                row.creators = [parse_creator(c) for c in split_cell(value)]
            elif name == "sectors":
                row.sectors = split_cell(value)
            elif name == "cities":
                row.cities = split_cell(value)
            elif name in ("keywords", "countries"):
                items = split_cell(value)
                row.fields[name] = [c.upper() for c in items] if name == "countries" else items
            elif name == "language":
                row.fields[name] = language_code(value)
            elif name == "year":
                if value and not value.isdigit():
                    row.errors.append(f"year: {value!r} is not a year")
                row.fields[name] = int(value) if value.isdigit() else None
            elif name == "edition_of" or value or name in ("title", "type"):
                row.fields[name] = value
        rows.append(row)
    return rows


# --- BibTeX ------------------------------------------------------------------------------

BIBTEX_TYPES = {
    "techreport": ResourceType.WORKING_PAPER,
    "book": ResourceType.PUBLICATION,
    "article": ResourceType.PUBLICATION,
    "incollection": ResourceType.PUBLICATION,
    "inproceedings": ResourceType.PUBLICATION,
    "manual": ResourceType.TOOLKIT,
    "misc": ResourceType.PUBLICATION,
    "dataset": ResourceType.DATASET,
}


def _bibtex_person(name: str) -> dict[str, Any]:
    name = name.strip()
    if name.startswith("{") and name.endswith("}"):
        return {"kind": "organization", "name": name[1:-1]}
    if "," in name:
        return parse_creator(name)
    parts = name.split()
    return {"kind": "person", "family_name": parts[-1], "given_names": " ".join(parts[:-1])}


def _bibtex_key(raw: str) -> str:
    match = re.match(r"\s*@\w+\s*[{(]\s*([^,\s]+)", raw)
    return f"BibTeX key {match.group(1)}" if match else ""


def parse_date(value: str) -> tuple[int | None, datetime.date | None, str]:
    """(year, full date, problem) from RIS/BibTeX dates: "2019/05/14/", "2019-05-14", "2019//"."""
    value = value.strip()
    if not value:
        return None, None, ""
    match = re.fullmatch(r"(\d{4})(?:[/-](\d{0,2})(?:[/-](\d{0,2})(?:[/-].*)?)?)?/?", value)
    if not match:
        return None, None, f"{value!r} is not a date (use YYYY/MM/DD or YYYY)"
    year = int(match.group(1))
    month, day = match.group(2), match.group(3)
    if month and day:
        try:
            return year, datetime.date(year, int(month), int(day)), ""
        except ValueError:
            return year, None, f"{value!r} is not a real date"
    return year, None, ""


def _set_date(row: ImportRow, *values: str) -> None:
    """The first full date among ``values`` (and its year), else the first year."""
    for value in values:
        year, date, problem = parse_date(value or "")
        if problem:
            row.errors.append(f"date: {problem}")
            return
        if date is not None:
            row.fields["date"] = date.isoformat()
            row.fields["year"] = date.year
            return
        if year is not None and "year" not in row.fields:
            row.fields["year"] = year


def rows_from_bibtex(text: str, default_language: str = "en") -> list[ImportRow]:
    import bibtexparser

    library = bibtexparser.parse_string(
        text, append_middleware=[bibtexparser.middlewares.LatexDecodingMiddleware()]
    )
    rows = [
        ImportRow(
            number=(block.start_line or 0) + 1,
            fields={},
            errors=[f"cannot be read as BibTeX: {(block.raw or '')[:60]!r}"],
            key=_bibtex_key(block.raw or ""),
        )
        for block in library.failed_blocks
    ]
    for entry in library.entries:
        number = (entry.start_line or 0) + 1  # bibtexparser counts lines from 0
        f = {k.lower(): str(v.value).strip() for k, v in entry.fields_dict.items()}
        fields: dict[str, Any] = {
            "title": f.get("title", "").strip("{}"),
            "type": f.get("plaza_type")
            or BIBTEX_TYPES.get(entry.entry_type.lower(), "publication"),
            "language": language_code(f.get("language") or default_language),
            "publisher": f.get("publisher") or f.get("institution") or f.get("organization", ""),
            "place": f.get("address", ""),
            "series": f.get("series")
            or (f.get("type", "") if entry.entry_type == "techreport" else ""),
            "series_number": f.get("number", "") if not f.get("journal") else "",
            "edition": f.get("edition", ""),
            "container_title": f.get("journal") or f.get("booktitle", ""),
            "volume": f.get("volume", ""),
            "issue": f.get("number", "") if f.get("journal") else "",
            "pages": f.get("pages", "").replace("--", "-"),
            "abstract": f.get("abstract", ""),
            "keywords": [k.strip() for k in re.split(r"[;,]", f.get("keywords", "")) if k.strip()],
            "doi": f.get("doi", ""),
            "isbn": f.get("isbn", ""),
            "issn": f.get("issn", ""),
            "url": f.get("url", ""),
            "licence": f.get("copyright", ""),
        }
        row = ImportRow(
            number=number,
            fields={k: v for k, v in fields.items() if v != ""},
            key=f"BibTeX key {entry.key}",
        )
        year = f.get("year", "")
        if year:
            if year.isdigit():
                row.fields["year"] = int(year)
            else:
                row.errors.append(f"year: {year!r} is not a year")
        _set_date(row, f.get("date", ""))  # biblatex: date = {2019-05-14}
        authors = [a for a in re.split(r"\s+and\s+", f.get("author", "")) if a.strip()]
        editors = [a for a in re.split(r"\s+and\s+", f.get("editor", "")) if a.strip()]
        row.creators = [_bibtex_person(a) for a in authors]
        row.creators += [{**_bibtex_person(e), "role": "editor"} for e in editors]
        rows.append(row)
    return rows


# --- RIS ---------------------------------------------------------------------------------

RIS_TYPES = {
    "RPRT": ResourceType.WORKING_PAPER,
    "BOOK": ResourceType.PUBLICATION,
    "JOUR": ResourceType.PUBLICATION,
    "CHAP": ResourceType.PUBLICATION,
    "STAT": ResourceType.LAW,
    "BILL": ResourceType.LAW,
    "LEGAL": ResourceType.LAW,
    "DATA": ResourceType.DATASET,
    "VIDEO": ResourceType.MEDIA,
    "ADVS": ResourceType.MEDIA,
}


# RIS types whose T2 is the journal, book or proceedings the item is part of; for every
# other type T2 names the series (RIS: "secondary title").
RIS_CONTAINER_TYPES = frozenset(
    {"JOUR", "JFULL", "MGZN", "NEWS", "EJOUR", "CHAP", "ECHAP", "CONF", "CPAPER", "ENCYC", "DICT"}
)
RIS_START_RE = re.compile(r"^[ \t]*TY  -", re.M)


def rows_from_ris(text: str, default_language: str = "en") -> list[ImportRow]:
    import rispy

    try:
        records = rispy.loads(text)
    except Exception as exc:  # rispy raises plain IOError/ValueError on malformed input
        return [ImportRow(number=1, fields={}, errors=[f"cannot be read as RIS: {exc}"])]
    # rispy keeps no positions: the n-th record starts at the n-th "TY  -" line.
    starts = [text.count("\n", 0, m.start()) + 1 for m in RIS_START_RE.finditer(text)]
    rows = []
    for index, r in enumerate(records):
        number = starts[index] if index < len(starts) else 0
        ris_type = r.get("type_of_reference", "GEN")
        journal = ris_type in ("JOUR", "JFULL", "MGZN", "NEWS", "EJOUR")
        contained = ris_type in RIS_CONTAINER_TYPES
        secondary = r.get("secondary_title", "")
        fields: dict[str, Any] = {
            "title": r.get("title") or r.get("primary_title", ""),
            "type": RIS_TYPES.get(ris_type, ResourceType.PUBLICATION),
            "language": language_code(r.get("language") or default_language),
            "publisher": r.get("publisher", ""),
            "place": r.get("place_published", ""),
            "container_title": (secondary or r.get("journal_name", "")) if contained else "",
            "series": r.get("tertiary_title", "")
            or ("" if contained else secondary)
            or r.get("type_of_work", ""),
            "series_number": "" if journal else r.get("number", ""),
            "issue": r.get("number", "") if journal else "",
            "volume": r.get("volume", ""),
            "edition": r.get("edition", ""),
            "abstract": r.get("abstract", ""),
            "keywords": list(r.get("keywords", [])),
            "doi": r.get("doi", ""),
            "url": (r.get("urls") or [""])[0],
        }
        if r.get("start_page"):
            fields["pages"] = "-".join(p for p in (r.get("start_page"), r.get("end_page")) if p)
        identifier = r.get("issn", "")
        if identifier:
            fields["isbn" if len(re.sub(r"[^0-9Xx]", "", identifier)) in (10, 13) else "issn"] = (
                identifier
            )
        ris_id = str(r.get("id") or "").strip()
        row = ImportRow(
            number=number,
            fields={k: v for k, v in fields.items() if v not in ("", [])},
            key=f"RIS ID {ris_id}" if ris_id else "",
        )
        # DA is the full date; PY and Y1 are "YYYY/MM/DD/other" with any part left empty.
        _set_date(
            row,
            str(r.get("date") or ""),
            str(r.get("year") or ""),
            str(r.get("publication_year") or ""),
        )
        names = list(r.get("authors", [])) + list(r.get("first_authors", []))
        row.creators = [parse_creator(n if "," in n else "{" + n + "}") for n in names]
        rows.append(row)
    return rows


def rows_from_file(name: str, data: bytes, default_language: str = "en") -> list[ImportRow]:
    text = data.decode("utf-8-sig", errors="replace")
    suffix = name.lower().rsplit(".", 1)[-1]
    if suffix == "csv":
        return rows_from_csv(text)
    if suffix in ("bib", "bibtex"):
        return rows_from_bibtex(text, default_language)
    if suffix == "ris":
        return rows_from_ris(text, default_language)
    return [ImportRow(number=0, fields={}, errors=[f"{name}: use a .csv, .bib or .ris file"])]


# --- validate and apply ----------------------------------------------------------------------


def _title_key(title: str, year: Any, language: str) -> tuple[str, str, str]:
    return (re.sub(r"\W+", " ", title).strip().casefold(), str(year or ""), language)


def validate_rows(
    rows: list[ImportRow], report: ImportReport, progress: Callable[[int], None]
) -> list[ImportRow]:
    """Fill each row's errors; return the rows to create (valid, not duplicates)."""
    from plaza.cities.models import City

    sectors = set(Sector.objects.values_list("code", flat=True))
    cities = set(City.objects.values_list("slug", flat=True))
    known_dois = {d.lower() for d in Resource.objects.exclude(doi="").values_list("doi", flat=True)}
    known_titles = {
        _title_key(t, y, lang): pk
        for pk, t, y, lang in Resource.objects.values_list("pk", "title", "year", "language")
    }
    seen_dois: dict[str, int] = {}
    seen_titles: dict[tuple[str, str, str], int] = {}
    to_create = []
    for row in rows:
        progress(1)
        if row.key:
            report.keys[row.number] = row.key
        if row.errors and not row.fields:  # the file itself could not be read
            report.rejected.append((row.number, row.errors))
            continue
        fields = dict(row.fields)
        edition_of = fields.pop("edition_of", "")
        status = fields.pop("status", "") or ""
        if status and status not in ("draft", "review", "published"):
            row.errors.append(f"status: {status!r} is not draft, review or published")
        if edition_of and (
            not str(edition_of).isdigit()
            or not Resource.objects.filter(pk=int(edition_of)).exists()
        ):
            row.errors.append(f"edition_of: there is no resource number {edition_of}")
        if fields.get("type") and fields["type"] not in ResourceType.values:
            row.errors.append(
                f"type: {fields['type']!r} is not one of {', '.join(ResourceType.values)}"
            )
        bad_sectors = [s for s in row.sectors if s not in sectors]
        if bad_sectors:
            row.errors.append(f"sectors: unknown {', '.join(bad_sectors)}")
        bad_cities = [c for c in row.cities if c not in cities]
        if bad_cities:
            row.errors.append(f"cities: unknown {', '.join(bad_cities)}")
        for i, creator in enumerate(row.creators, start=1):
            if creator["kind"] == "person" and not creator.get("family_name"):
                row.errors.append(f"creators: creator {i} has no family name")
        candidate = Resource()
        try:
            services._apply_fields(candidate, fields)
            candidate.full_clean(
                exclude=["edition_of", "type"] if not fields.get("type") else ["edition_of"]
            )
        except ValidationError as exc:
            details = exc.message_dict if hasattr(exc, "error_dict") else {"record": exc.messages}
            for name, messages in details.items():
                row.errors.extend(f"{name}: {m}" for m in messages)
        if not fields.get("type"):
            row.errors.append("type: this field is required")
        if row.errors:
            report.rejected.append((row.number, row.errors))
            continue
        doi = candidate.doi.lower()
        key = _title_key(candidate.title, candidate.year, candidate.language)
        if doi and doi in known_dois:
            report.duplicates.append((row.number, f"DOI {candidate.doi} already in the library"))
        elif doi and doi in seen_dois:
            report.duplicates.append(
                (row.number, f"{report.label(seen_dois[doi])} (same DOI {candidate.doi})")
            )
        elif key in known_titles:
            report.duplicates.append(
                (row.number, f"resource {known_titles[key]} (same title, year and language)")
            )
        elif key in seen_titles:
            report.duplicates.append(
                (row.number, f"{report.label(seen_titles[key])} (same title, year and language)")
            )
        else:
            if doi:
                seen_dois[doi] = row.number
            seen_titles[key] = row.number
            row.fields = {**fields, "status": status, "edition_of": edition_of}
            to_create.append(row)
    return to_create


def import_rows(
    user: User,
    rows: list[ImportRow],
    publish: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] = lambda n: None,
    extra_fields: dict[str, Any] | None = None,
) -> ImportReport:
    from plaza.cities.models import City

    if not user.has_perm("library.import_resources"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Only librarians and staff import resources.")
    report = ImportReport(total=len(rows))
    to_create = validate_rows(rows, report, progress)
    if report.rejected or dry_run:
        return report
    city_ids = dict(City.objects.values_list("slug", "pk"))
    services.discard_import("", older_than=timezone.now() - STALE_IMPORT)
    batch = uuid.uuid4().hex
    try:
        for number, chunk in enumerate(iter_chunks(to_create, IMPORT_BATCH_ROWS)):
            if number and connection.vendor == "sqlite" and not connection.in_atomic_block:
                time.sleep(SQLITE_PAUSE_SECONDS)
            _write_batch(user, chunk, publish, city_ids, extra_fields, batch)
            progress(len(chunk))  # after the commit: the lock is free again
        report.created = services.publish_import(user, batch)
    except BaseException:
        services.discard_import(batch)
        raise
    report.applied = True
    return report


def _write_batch(
    user: User,
    chunk: list[ImportRow],
    publish: bool,
    city_ids: dict[str, int],
    extra_fields: dict[str, Any] | None,
    batch: str,
) -> None:
    """One short transaction; tried again when another writer held the lock too long."""
    for attempt in range(BATCH_ATTEMPTS):
        try:
            with transaction.atomic():
                for row in chunk:
                    _write_row(user, row, publish, city_ids, extra_fields, batch)
            return
        except OperationalError as exc:
            if not is_lock_timeout(exc) or attempt == BATCH_ATTEMPTS - 1:
                raise
            time.sleep(SQLITE_PAUSE_SECONDS * (attempt + 1))


def _write_row(
    user: User,
    row: ImportRow,
    publish: bool,
    city_ids: dict[str, int],
    extra_fields: dict[str, Any] | None,
    batch: str,
) -> None:
    fields = dict(row.fields)
    edition_of = fields.pop("edition_of", "")
    status = fields.pop("status", "") or ("published" if publish else "draft")
    fields.update(extra_fields or {})
    if edition_of:
        fields["edition_of"] = Resource.objects.get(pk=int(edition_of))
    services.create_resource(
        user,
        {**fields, "status": status},
        row.creators,
        sectors=row.sectors,
        cities=[city_ids[slug] for slug in row.cities],
        import_batch=batch,
    )


def import_file(user: User, name: str, data: bytes, **kwargs: Any) -> ImportReport:
    default_language = kwargs.pop("default_language", "en")
    return import_rows(user, rows_from_file(name, data, default_language), **kwargs)


def iter_chunks(items: Iterable[Any], size: int) -> Iterable[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@task()
def import_resources_file(
    user_id: int, name: str, data_b64: str, publish: bool, default_language: str
) -> list[str]:
    """The admin's import, out of the web request: the report's lines are the task's result.

    (Here rather than in tasks.py: services import tasks, and this needs the importers.)
    """
    import base64

    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=user_id)
    report = import_file(
        user,
        name,
        base64.b64decode(data_b64),
        publish=publish,
        default_language=default_language,
    )
    return report.lines()
