"""Demo library: the hand-picked real publications, laws and statistics on the informal economy of
data/library.yaml (a few with a small file from data/files that Plaza may ship), and the UNDP
Accelerator Labs pages from ../shared/data when present (hundreds of searchable documents).

Everything is written through plaza.library.services (create, update, attach a file), which keep
the search index in step; an attached file is extracted by the worker like any upload.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF

from plaza.accounts.models import User
from plaza.cities.models import City
from plaza.demo import DATA_DIR, DemoContext, changed, read_data
from plaza.demo.accounts import demo_actor
from plaza.library import importers, services, undp
from plaza.library.models import Resource

FILES_DIR = DATA_DIR / "files"
# Keys of a record in library.yaml that are not Resource fields.
NOT_FIELDS = ("key", "creators", "sectors", "cities", "edition_of", "file")


def library_records() -> list[dict[str, Any]]:
    """Each record of library.yaml as key, fields, creators, sectors, cities, edition_of, file."""
    records = []
    for entry in read_data("library.yaml"):
        fields = {name: value for name, value in entry.items() if name not in NOT_FIELDS}
        fields.setdefault("keywords", [])
        fields.setdefault("countries", [])
        if fields.get("date"):
            fields["date"] = datetime.date.fromisoformat(str(fields["date"]))
        records.append(
            {
                "key": entry["key"],
                "fields": fields,
                "creators": entry["creators"],
                "sectors": entry.get("sectors", []),
                "cities": entry.get("cities", []),
                "edition_of": entry.get("edition_of", ""),
                "file": entry.get("file", ""),
            }
        )
    return records


def shipped_file(name: str) -> bytes:
    """A file of data/files; a PDF is rendered from the plain text of the same name (no binary
    in the repository), so the demo also has a PDF for the extractor and the previews."""
    path = FILES_DIR / name
    if path.suffix == ".pdf" and not path.exists():
        return text_to_pdf(path.with_suffix(".txt").read_text(encoding="utf-8"))
    return path.read_bytes()


def text_to_pdf(text: str) -> bytes:
    """A plain A4 PDF of a Latin-1 text: the first line as the title, paragraphs separated by
    blank lines and reflowed, "- " items kept on their own lines (fpdf2's core Helvetica: no
    font files needed)."""
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    title, _, body = text.partition("\n")
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, title.strip())
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    for paragraph in body.strip().split("\n\n"):
        lines: list[str] = []
        for line in paragraph.splitlines():
            if lines and not line.startswith("- "):
                lines[-1] += " " + line.strip()
            else:
                lines.append(line.strip())
        pdf.multi_cell(0, 5.5, "\n".join(lines))
        pdf.ln(3)
    return bytes(pdf.output())


def _attach(user: User, resource: Resource, name: str) -> bool:
    """Attach the record's shipped file unless the resource already has it (idempotent)."""
    if not name or resource.files.filter(original_name=name).exists():
        return False
    upload = SimpleUploadedFile(name, shipped_file(name))
    services.attach_file(user, resource, upload)
    return True


def load(ctx: DemoContext) -> None:
    user = demo_actor()
    records = library_records()
    cities = dict(City.objects.values_list("slug", "pk"))
    created: dict[str, Resource] = {}
    new = updated = files = 0
    for entry in records:
        fields: dict[str, Any] = dict(entry["fields"])
        existing = Resource.objects.filter(
            title=fields["title"], language=fields["language"], year=fields["year"]
        ).first()
        if existing is not None:
            difference = changed(existing, fields)
            if difference:
                services.update_resource(user, existing, difference)
                updated += 1
            resource = existing
        else:
            if entry["edition_of"]:
                fields["edition_of"] = created[entry["edition_of"]]
            resource = services.create_resource(
                user,
                {**fields, "status": "published", "visibility": "public"},
                [importers.parse_creator(c) for c in entry["creators"]],
                sectors=entry["sectors"],
                cities=[cities[slug] for slug in entry["cities"] if slug in cities],
            )
            new += 1
        created[entry["key"]] = resource
        files += _attach(user, resource, entry["file"])
    ctx.write(
        f"library: {new} real resources added, {updated} updated, {files} files attached "
        f"({len(records)} in the demo list)"
    )
    folder = undp.default_folder()
    if folder.is_dir():
        started = time.perf_counter()
        rows = undp.rows_from_directory(folder)
        cleaned = undp.refresh_imported(user, folder, rows)  # a demo loaded before issue 18
        if cleaned:
            ctx.write(f"library: {cleaned} UNDP pages imported earlier cleaned in place")
        report = importers.import_rows(user, rows, publish=True)
        seconds = time.perf_counter() - started
        ctx.write(
            f"library: UNDP Accelerator Labs pages: {len(report.created)} imported, "
            f"{len(report.duplicates)} duplicates or already there ({seconds:.1f} s)"
        )
    ctx.summary["library.resources"] = Resource.objects.count()
