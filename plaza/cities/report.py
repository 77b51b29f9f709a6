"""The PDF report of a focal city for a period, in the active language (fpdf2 + HarfBuzz shaping).

Fonts come from PyPI packages (fontpkg-noto-sans, -thai, -devanagari): Noto Sans for Latin text,
with Noto Sans Thai and Noto Sans Devanagari as fallbacks, so Thai and Hindi text (interface or
content) is shaped and rendered correctly. The figures come from ``stats.dashboard_figures``,
the same function as the dashboard, so the two always agree.
"""

from __future__ import annotations

import datetime
import functools
import os
import re
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from plaza.cities import selectors
from plaza.cities.models import City
from plaza.cities.stats import DashboardFigures, dashboard_figures
from plaza.core.formatting import format_date, format_percent
from plaza.core.types import User

ZERO_WIDTH_SPACE = "\u200b"
THAI_RUN = re.compile(r"[\u0e00-\u0e7f]+")


def thai_breaks(text: str) -> str:
    """Mark where a line may break inside Thai text, which has no spaces between words.

    Each run of Thai letters is cut into words with PyThaiNLP (dictionary segmentation, offline)
    and the words are joined with ZERO WIDTH SPACE, which fpdf2 treats as a break opportunity and
    draws as nothing. Without it a long Thai title is cut wherever the cell ends, inside a word.
    Text without Thai is returned as it is.
    """
    if not THAI_RUN.search(text):
        return text
    from pythainlp.tokenize import word_tokenize

    def segment(match: re.Match[str]) -> str:
        words = word_tokenize(match.group(0), engine="newmm", keep_whitespace=True)
        return ZERO_WIDTH_SPACE.join(w for w in words if w)

    return THAI_RUN.sub(segment, text)


FONT_PACKAGES = {
    "NotoSans": "fontpkg_noto_sans",
    "NotoSansThai": "fontpkg_noto_sans_thai",
    "NotoSansDevanagari": "fontpkg_noto_sans_devanagari",
}


WEIGHTS = {"": 400, "B": 700}


def _variable_font(package: str) -> Path:
    import importlib

    root = Path(importlib.import_module(package).__file__ or "").parent / "files"
    upright = [p for p in sorted(root.glob("*.ttf")) if "Italic" not in p.name]
    if not upright:
        raise RuntimeError(f"No TTF font in {root}: reinstall {package}")
    return upright[0]


@functools.cache
def font_files() -> dict[tuple[str, str], Path]:
    """Static instances (regular, bold) of each variable font, made once and kept on disk in
    PLAZA_DATA_DIR/cache/fonts (instancing Noto Sans takes seconds; loading a static TTF, ms)."""
    from django.conf import settings
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    cache = Path(settings.DATA_DIR) / "cache" / "fonts"
    cache.mkdir(parents=True, exist_ok=True)
    found: dict[tuple[str, str], Path] = {}
    for family, package in FONT_PACKAGES.items():
        source = _variable_font(package)
        stamp = int(source.stat().st_mtime)
        for style, weight in WEIGHTS.items():
            target = cache / f"{family}-{weight}-{source.stat().st_size}-{stamp}.ttf"
            if not target.exists():
                axes = {"wght": weight, "wdth": 100}
                font = instancer.instantiateVariableFont(TTFont(source), axes)
                partial = target.with_suffix(f".{os.getpid()}.tmp")
                font.save(partial)
                partial.replace(target)  # atomic: parallel workers never read half a file
            found[(family, style)] = target
    return found


CHART_COLOURS = ((122, 31, 61), (11, 87, 164), (30, 107, 52), (138, 75, 0), (91, 63, 140))


class CityReportPDF(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.report_title = title
        for (family, style), path in font_files().items():
            self.add_font(family, style, path)
        self.set_font("NotoSans", size=10)
        self.set_fallback_fonts(["NotoSansThai", "NotoSansDevanagari"], exact_match=False)
        self.set_text_shaping(True)
        self.set_auto_page_break(True, margin=15)
        self.set_title(title)
        self.set_creator("Plaza")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("NotoSans", size=8)
        self.cell(0, 8, f"{self.report_title} · {self.page_no()}", align="C")

    def heading(self, text: str, size: int = 13, keep_with: float = 30) -> None:
        """A heading, moved to the next page when it would stand alone at the foot of this one
        (``keep_with``: millimetres of what follows that must fit under it)."""
        if self.will_page_break(2 + 8 + keep_with):
            self.add_page()
        self.ln(2)
        self.set_font("NotoSans", "B", size)
        self.multi_cell(0, 7, thai_breaks(text))
        self.set_font("NotoSans", size=10)
        self.ln(1)

    def bar_chart(self, title: str, bars: list[tuple[str, int]], *, suffix: str = "") -> None:
        """A horizontal bar chart of the dashboard's figures, drawn with PDF shapes (crisp at any
        size, labels shaped like all text)."""
        if not bars:
            return
        height = 6.0
        needed = 8 + height * len(bars) + 4
        if self.will_page_break(needed):
            self.add_page()
        self.set_font("NotoSans", "B", 10)
        self.multi_cell(0, 6, thai_breaks(title), new_x="LMARGIN", new_y="NEXT")
        self.set_font("NotoSans", size=9)
        label_w, value_w = 60.0, 18.0
        bar_w = self.epw - label_w - value_w
        top = max((v for _l, v in bars), default=0) or 1
        for index, (label, value) in enumerate(bars):
            x, y = self.l_margin, self.get_y()
            self.set_xy(x, y)
            self.cell(label_w - 2, height, thai_breaks(label)[:60], align="R")
            r, g, b = CHART_COLOURS[index % len(CHART_COLOURS)]
            self.set_fill_color(r, g, b)
            width = bar_w * value / top
            if width > 0:
                self.rect(x + label_w, y + 1, width, height - 2, style="F")
            self.set_xy(x + label_w + width + 1, y)
            self.cell(value_w, height, f"{value}{suffix}")
            self.set_xy(x, y + height)
        self.ln(3)
        self.set_font("NotoSans", size=10)

    def para(self, text: str) -> None:
        self.multi_cell(0, 5.5, thai_breaks(text))

    def table_of(self, header: list[str], rows: list[list[Any]], widths: tuple[int, ...]) -> None:
        self.set_font("NotoSans", size=9)
        with self.table(
            col_widths=widths,
            headings_style=FontFace(emphasis="BOLD"),
            line_height=5.5,
            text_align="LEFT",
        ) as table:
            table.row([thai_breaks(str(h)) for h in header])
            for row in rows:
                table.row(["" if v is None else thai_breaks(str(v)) for v in row])
        self.set_font("NotoSans", size=10)
        self.ln(2)


def _date(value: datetime.date | None) -> str:
    return format_date(value, "short") if value else ""  # the reader's locale (Thai: B.E.)


def key_figure_lines(figures: DashboardFigures) -> list[tuple[str, str]]:
    p, c = figures.participation, figures.commitments
    share = f"{p.women_share}%" if p.women_share is not None else "—"
    return [
        (_("Activities"), str(figures.activity_total)),
        (_("Meetings"), str(figures.meetings)),
        (_("Agreements"), str(figures.agreements)),
        (_("Commitments"), str(c.total)),
        (_("Implemented"), format_percent(c.implemented_share)),
        (_("Mean progress"), format_percent(c.mean_progress)),
        (_("Overdue"), str(c.overdue)),
        (_("Participants"), str(p.total)),
        (_("Women"), str(p.women)),
        (_("Men"), str(p.men)),
        (_("Other or not stated"), str(p.others)),
        (_("Women's share"), share),
        (p.leaders_label, str(p.leaders)),
        (_("Campaigns running"), str(len(figures.campaigns_running))),
    ]


def build_city_report(user: User, city: City, start: datetime.date, end: datetime.date) -> bytes:
    """The PDF (bytes) of what ``user`` may see of ``city`` between ``start`` and ``end``."""
    return bytes(render_city_report(user, city, start, end).output())


def render_city_report(
    user: User, city: City, start: datetime.date, end: datetime.date
) -> CityReportPDF:
    """The report as an FPDF document, before output (tests read its fonts and glyphs)."""
    figures = dashboard_figures(user, [city], start=start, end=end)
    title = _("%(city)s: report %(start)s – %(end)s") % {
        "city": city.name_in(),
        "start": _date(start),
        "end": _date(end),
    }
    pdf = CityReportPDF(title)
    pdf.add_page()
    pdf.heading(title, size=16)
    pdf.para(f"{city.country_name} · {', '.join(city.language_names)}")

    pdf.heading(_("Key figures"))
    pdf.table_of(
        [_("Figure"), _("Value")], [list(line) for line in key_figure_lines(figures)], (120, 50)
    )

    pdf.heading(_("Charts"), keep_with=50)
    c = figures.commitments
    pdf.bar_chart(_("Commitments by status"), [(label, n) for _s, label, n in c.by_status])
    part = figures.participation
    pdf.bar_chart(
        _("Participation"),
        [(_("Women"), part.women), (_("Men"), part.men), (_("Other or not stated"), part.others)],
    )
    pdf.bar_chart(
        _("Activities by kind"),
        [
            (label, sum(figures.activities.get((kind, y), 0) for y in figures.years))
            for kind, label in figures.kinds
        ],
    )

    pdf.heading(_("Activities by kind and year"))
    rows = [
        [label, *[figures.activities.get((kind, y), 0) for y in figures.years]]
        for kind, label in figures.kinds
    ]
    if figures.years:
        widths = (70, *([max(12, 100 // len(figures.years))] * len(figures.years)))
        pdf.table_of([_("Kind of work"), *[str(y) for y in figures.years]], rows, widths)

    activities = (
        selectors.activities_visible_to(user, city)
        .filter(start_date__lte=end)
        .exclude(end_date__lt=start)
        .order_by("start_date", "title")
    )
    pdf.heading(_("Activities"))
    pdf.table_of(
        [_("Title"), _("Kind of work"), _("Status"), _("Dates")],
        [
            [
                a.title,
                a.get_kind_display(),
                a.get_status_display(),
                f"{_date(a.start_date)} – {_date(a.end_date)}",
            ]
            for a in activities
        ]
        or [["—", "", "", ""]],
        (70, 45, 25, 40),
    )

    produced = [
        (
            a,
            [
                link.resource
                for group in selectors.activity_resources(user, a)
                for link in group.links
            ],
        )
        for a in activities
    ]
    produced = [(a, resources) for a, resources in produced if resources]
    if produced:
        pdf.heading(_("Knowledge-base resources of each activity"))
        pdf.table_of(
            [_("Activity"), _("Resources")],
            [[a.title, "\n".join(f"{r.title} ({r.language})" for r in rs)] for a, rs in produced],
            (60, 120),
        )

    meetings = (
        selectors.meetings_visible_to(user, city).filter(date__range=(start, end)).order_by("date")
    )
    pdf.heading(_("Meetings"))
    pdf.table_of(
        [_("Date"), _("Platform"), _("Place")],
        [
            [_date(m.date), m.platform.title, m.place or (_("online") if m.is_online else "")]
            for m in meetings
        ]
        or [["—", "", ""]],
        (30, 90, 60),
    )

    agreements = selectors.agreements_visible_to(user, city).filter(reached_on__range=(start, end))
    pdf.heading(_("Agreements and their implementation"))
    for agreement in agreements.order_by("reached_on", "pk"):
        pdf.set_font("NotoSans", "B", 10)
        pdf.para(f"{agreement.title} · {_date(agreement.reached_on)} · {agreement.progress}%")
        pdf.set_font("NotoSans", size=10)
        commitments = list(agreement.commitments.all())
        if commitments:
            pdf.table_of(
                [_("Who"), _("What"), _("By when"), _("Status"), _("Progress (%)")],
                [
                    [
                        c.responsible,
                        c.action,
                        _date(c.due_date),
                        c.get_status_display(),
                        f"{c.progress}%",
                    ]
                    for c in commitments
                ],
                (38, 67, 25, 30, 20),
            )
    if not agreements.exists():
        pdf.para("—")

    p = figures.participation
    pdf.heading(_("Participation by gender"))
    # Attendance by organisation only for the city's team; everyone else reads the totals.
    by_org = user.has_perm("cities.view_private_fields", city)
    pdf.table_of(
        [_("Organisation"), _("Women"), _("Men"), _("Other or not stated"), p.leaders_label],
        (
            [[name or _("Not stated"), w, m, o, n] for name, w, m, o, n in p.table_rows]
            if by_org
            else []
        )
        + [[_("Total"), p.women, p.men, p.others, p.leaders]],
        (70, 25, 25, 30, 30),
    )
    if p.women_share is not None:
        pdf.para(_("Women's share of participants: %(share)s%%") % {"share": p.women_share})
    return pdf
