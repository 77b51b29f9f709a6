"""The index entries' filter and facet columns in memory, and the set arithmetic on them.

The term index (FTS5 or tsvector) finds the matching entries and scores them; everything
after that (visibility, facet filters, year ranges, facet counts over the whole result set,
the total, sorting and the page) runs here, on NumPy arrays, in a few milliseconds even
when a query matches tens of thousands of documents. Doing it in SQL meant a join from
every match to its facet rows, three times per search: that was the slowest step.

Each process keeps one ``EntryColumns`` and reloads it when the index's version token
(``SearchIndexVersion``, changed by every index write in the writer's transaction) differs
(plaza.search.snapshot). A large index that takes long to load is not reloaded on every
change; until then, entries added since the load are looked up
in the database (so a new record is found at once) and changed facet values show after the
reload. A hit is always shown from its current database row (the caller re-checks its
visibility), never from these columns alone.
"""

# ruff: noqa: S608 -- table names are module constants; every value is a bound parameter.

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from django.db import connection, transaction

from plaza.search.models import SearchIndexVersion
from plaza.search.snapshot import Snapshot

if TYPE_CHECKING:
    from plaza.search.backends.base import BackendResult, SearchRequest

ENTRY = "search_searchentry"
FACET = "search_searchfacet"
VERSION = "search_searchindexversion"

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]


def version_token() -> str:
    """The token of the last index write ("" before the first); read before every search."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {VERSION} WHERE id = 1")
        row = cursor.fetchone()
    return str(row[0]) if row else ""


def bump_version() -> None:
    """Say that the index changed (call inside the writing transaction)."""
    token = uuid.uuid4().hex
    if not SearchIndexVersion.objects.filter(pk=1).update(token=token):
        SearchIndexVersion.objects.update_or_create(pk=1, defaults={"token": token})
    transaction.on_commit(_snapshot.changed_here)


_GROUP_CODES: dict[str, int] = {}


def group_code(group: str, entry_id: int) -> int:
    """A work's number, the same in every table this process loads (so a work is one work in
    the columns and in the entries added since their load); an entry with no group is its own
    work (a negative number no group has)."""
    if not group:
        return -int(entry_id) - 1
    return _GROUP_CODES.setdefault(group, len(_GROUP_CODES))


def distinct_works(codes: Ints, works: Ints) -> tuple[Ints, Ints]:
    """(codes, works) pairs with each pair once: counting a value per work, not per entry."""
    if codes.shape[0] == 0:
        return codes, works
    pairs = np.unique(np.stack([codes, works]), axis=1)
    return pairs[0], pairs[1]


@dataclass
class Facet:
    """One facet's (entry row, value code) pairs and its value names; ``dense`` also holds
    each entry's code (-1: none) when no entry has two values, so counting a selection
    costs the size of the selection, not of the table."""

    rows: Ints
    codes: Ints
    values: list[str]
    dense: Ints | None = None

    def code_of(self, values: list[str]) -> Ints:
        wanted = set(values)
        return np.array([i for i, v in enumerate(self.values) if v in wanted], dtype=np.int64)

    def mask(self, size: int, values: list[str]) -> Mask:
        """Entries having any of ``values``."""
        if self.dense is not None:
            return np.isin(self.dense, self.code_of(values))
        mask = np.zeros(size, dtype=np.bool_)
        mask[self.rows[np.isin(self.codes, self.code_of(values))]] = True
        return mask

    def counts(
        self, selected: Mask, selected_rows: Ints, works: Ints | None = None
    ) -> dict[str, int]:
        """Counts of the values among the selected entries (the mask and its row numbers);
        with ``works`` (each entry's work number), how many works have each value."""
        if self.dense is not None:
            codes = self.dense[selected_rows]
            rows = selected_rows[codes >= 0]
            codes = codes[codes >= 0]
        else:
            keep = selected[self.rows]
            codes, rows = self.codes[keep], self.rows[keep]
        if works is not None:
            codes, _works = distinct_works(codes, works[rows])
        counted = np.bincount(codes, minlength=len(self.values))
        present = np.flatnonzero(counted)
        return dict(zip([self.values[i] for i in present], counted[present].tolist(), strict=True))


@dataclass
class EntryColumns:
    token: str = "<unloaded>"  # noqa: S105 (a version stamp, not a secret)
    ids: Ints = field(default_factory=lambda: np.zeros(0, np.int64))  # ascending
    visibility: Ints = field(default_factory=lambda: np.zeros(0, np.int64))
    visibilities: list[str] = field(default_factory=list)
    year: Ints = field(default_factory=lambda: np.zeros(0, np.int64))  # 0: none
    date: Ints = field(default_factory=lambda: np.zeros(0, np.int64))  # ordinal, 0: none
    work: Ints = field(default_factory=lambda: np.zeros(0, np.int64))  # group_code()
    facets: dict[str, Facet] = field(default_factory=dict)
    newest: Ints = field(default_factory=lambda: np.zeros(0, np.int64))  # rows, newest first
    # Terms in all the entries (SearchEntry.token_count): BM25's average document length is
    # tokens / size. Read with the columns, so it costs no scan of its own and is as fresh
    # as the document count the PostgreSQL backend's idf uses.
    tokens: int = 0
    loaded_at: float = 0.0
    load_seconds: float = 0.0

    @property
    def size(self) -> int:
        return int(self.ids.shape[0])

    def rows_of(self, ids: Ints) -> tuple[Ints, Mask]:
        """Row of each id, and which ids are in the table."""
        rows = np.searchsorted(self.ids, ids)
        rows = np.minimum(rows, max(self.size - 1, 0))
        found = self.ids[rows] == ids if self.size else np.zeros(len(ids), dtype=np.bool_)
        return rows, found


@dataclass
class _Rows:
    entry_rows: list[tuple[int, str, int, int, str, int]]
    facet_rows: list[tuple[int, str, str]]


def _ordinal(value: Any) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, str):
        year, month, day = value[:10].split("-")
        return int(np.datetime64(f"{year}-{month}-{day}", "D").astype(np.int64)) + 719163
    return int(value.toordinal())


def _read(where: str = "", params: list[Any] | None = None) -> _Rows:
    condition = f"WHERE {where}" if where else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT e.id, e.visibility, e.year, e.date, e."group", e.token_count '
            f"FROM {ENTRY} e {condition}",
            params or [],
        )
        entries = [
            (int(i), str(v), int(y or 0), _ordinal(d), str(g or ""), int(t or 0))
            for i, v, y, d, g, t in cursor.fetchall()
        ]
        cursor.execute(
            f"SELECT f.entry_id, f.name, f.value FROM {FACET} f "
            f"JOIN {ENTRY} e ON e.id = f.entry_id {condition}",
            params or [],
        )
        facets = cursor.fetchall()
    return _Rows(entries, facets)


def _build(
    token: str,
    entries: list[tuple[int, str, int, int, str, int]],
    facets: list[tuple[int, str, str]],
) -> EntryColumns:
    entries = sorted(entries)
    ids = np.array([e[0] for e in entries], dtype=np.int64)
    visibilities = sorted({e[1] for e in entries})
    vis_code = {v: i for i, v in enumerate(visibilities)}
    visibility = np.array([vis_code[e[1]] for e in entries], dtype=np.int64)
    year = np.array([e[2] for e in entries], dtype=np.int64)
    date = np.array([e[3] for e in entries], dtype=np.int64)
    work = np.array([group_code(e[4], e[0]) for e in entries], dtype=np.int64)
    table = EntryColumns(
        token=token,
        ids=ids,
        visibility=visibility,
        visibilities=visibilities,
        year=year,
        date=date,
        work=work,
        tokens=sum(e[5] for e in entries),
    )
    by_name: dict[str, tuple[list[int], list[int], dict[str, int]]] = {}
    for entry_id, name, value in facets:
        ids_, codes, values = by_name.setdefault(name, ([], [], {}))
        ids_.append(entry_id)
        codes.append(values.setdefault(value, len(values)))
    for name, (entry_ids, codes, values) in by_name.items():
        rows, found = table.rows_of(np.array(entry_ids, dtype=np.int64))
        facet = Facet(
            rows=rows[found], codes=np.array(codes, dtype=np.int64)[found], values=list(values)
        )
        if np.unique(facet.rows).shape[0] == facet.rows.shape[0]:  # one value at most each
            facet.dense = np.full(table.size, -1, dtype=np.int64)
            facet.dense[facet.rows] = facet.codes
        table.facets[name] = facet
    # Newest first, undated last, then by id: the browse order, computed once per load.
    table.newest = np.lexsort((ids, -date, date == 0)).astype(np.int64)
    return table


def load(token: str) -> EntryColumns:
    started = time.monotonic()
    rows = _read()
    table = _build(token, rows.entry_rows, rows.facet_rows)
    table.loaded_at = time.monotonic()
    table.load_seconds = table.loaded_at - started
    return table


# This process's columns (plaza.search.snapshot: reloaded when the index changes, at most
# every 20 x their load time, 5 s minimum, once loading them is slow).
_snapshot = Snapshot(EntryColumns, lambda token: load(token), version_token, min_interval=5.0)


def forget() -> None:
    """Drop this process's columns (they are loaded again on the next search)."""
    _snapshot.forget()


def current() -> EntryColumns:
    """This process's columns, reloaded first when the index changed since the load."""
    return _snapshot.current()


# --- evaluation --------------------------------------------------------------------------

UNDATED = 1 << 40


@dataclass
class _Partial:
    total: int
    facets: dict[str, dict[str, int]]
    ids: Ints  # the best offset+limit candidates, in no particular order
    scores: Floats
    dates: Ints


def evaluate(request: SearchRequest, match: tuple[Ints, Floats] | None) -> BackendResult:
    """Filter, count, facet, sort and page ``match`` ((entry ids, scores); None: every entry)."""
    from plaza.search.backends.base import BackendResult

    table = current()
    if match is None:
        partials = [_evaluate(table, request, None)]
    else:
        ids, scores = match
        rows, found = table.rows_of(ids)
        partials = [_evaluate(table, request, (rows[found], scores[found]))]
        if not found.all():  # entries added since a large table's last load
            added = _build(table.token, *_read_rows(ids[~found]))
            extra_rows, extra_found = added.rows_of(ids[~found])
            partials.append(
                _evaluate(added, request, (extra_rows[extra_found], scores[~found][extra_found]))
            )
    facets: dict[str, dict[str, int]] = {name: {} for name in request.facets}
    for partial in partials:
        for name, counts in partial.facets.items():
            for value, count in counts.items():
                facets[name][value] = facets[name].get(value, 0) + count
    for name, counts in facets.items():
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        facets[name] = dict(top if name == "year" else top[: request.facet_limit])
    ids = np.concatenate([p.ids for p in partials])
    scores = np.concatenate([p.scores for p in partials])
    dates = np.concatenate([p.dates for p in partials])
    order = _order(request.sort, ids, scores, dates)[
        request.offset : request.offset + request.limit
    ]
    return BackendResult(
        total=sum(p.total for p in partials),
        hits=[(int(ids[i]), float(scores[i])) for i in order],
        facets=facets,
    )


def _read_rows(
    ids: Ints,
) -> tuple[list[tuple[int, str, int, int, str, int]], list[tuple[int, str, str]]]:
    wanted = [int(i) for i in ids]
    rows = _read(f"e.id IN ({', '.join(['%s'] * len(wanted))})", wanted)
    return rows.entry_rows, rows.facet_rows


def _order(sort: str, ids: Ints, scores: Floats, dates: Ints) -> Ints:
    undated = dates == 0
    if sort == "newest":
        return np.lexsort((ids, -scores, -dates, undated)).astype(np.int64)
    return np.lexsort((ids, -dates, undated, -scores)).astype(np.int64)


def _evaluate(
    table: EntryColumns, request: SearchRequest, match: tuple[Ints, Floats] | None
) -> _Partial:
    size = table.size
    if match is None:
        matched = np.ones(size, dtype=np.bool_)
    else:
        matched = np.zeros(size, dtype=np.bool_)
        matched[match[0]] = True
    wanted = [table.visibilities.index(v) for v in request.visibilities if v in table.visibilities]
    base = matched & np.isin(table.visibility, np.array(wanted, dtype=np.int64))
    filters: dict[str, Mask] = {}
    for name, values in request.filters.items():
        if values:
            facet = table.facets.get(name)
            filters[name] = facet.mask(size, values) if facet else np.zeros(size, dtype=np.bool_)
    if request.year_from is not None or request.year_to is not None:
        low = request.year_from if request.year_from is not None else -(1 << 30)
        high = request.year_to if request.year_to is not None else 1 << 30
        filters["year"] = (table.year != 0) & (table.year >= low) & (table.year <= high)
    final = base.copy()
    for mask in filters.values():
        final &= mask
    counts: dict[str, dict[str, int]] = {}
    works = table.work if request.collapse_language is not None else None
    final_rows = np.flatnonzero(final) if request.facets else np.zeros(0, np.int64)
    for name in request.facets:
        facet = table.facets.get(name)
        if facet is None:
            counts[name] = {}
            continue
        selection, rows = final, final_rows
        if name in filters:  # multi-select: a facet is counted without its own selection
            selection = base.copy()
            for other, mask in filters.items():
                if other != name:
                    selection &= mask
            rows = np.flatnonzero(selection)
        counts[name] = facet.counts(selection, rows, works)
    need = request.offset + request.limit
    if match is None:
        rows = table.newest[final[table.newest]]
        scores = np.zeros(rows.shape[0], dtype=np.float64)
        if works is not None:
            rows, scores = _one_per_work(table, rows, scores, request.collapse_language or "")
        total = int(rows.shape[0])
        rows, scores = rows[:need], scores[:need]
    else:
        keep = final[match[0]]
        rows, scores = match[0][keep], match[1][keep]
        if works is not None:
            rows, scores = _one_per_work(table, rows, scores, request.collapse_language or "")
        total = int(rows.shape[0])
        rows, scores = _preselect(request.sort, rows, scores, table.date[rows], need)
    return _Partial(total, counts, table.ids[rows], scores, table.date[rows])


def _one_per_work(
    table: EntryColumns, rows: Ints, scores: Floats, language: str
) -> tuple[Ints, Floats]:
    """One row per work, in the order of ``rows``: the version in ``language`` when the work
    has one among ``rows``, else its first; it takes the work's best score and the place of
    the work's first row (so a work ranks as its best version)."""
    if rows.shape[0] == 0:
        return rows, scores
    works = table.work[rows]
    lang = table.facets.get("lang")
    wanted = np.zeros(rows.shape[0], dtype=np.bool_)
    if language and lang is not None and lang.dense is not None:
        wanted = np.isin(lang.dense[rows], lang.code_of([language]))
    position = np.arange(rows.shape[0])
    # The first row of each work (its place), the chosen row (reader's language first).
    _w, first = np.unique(works, return_index=True)
    chosen_order = np.lexsort((position, ~wanted, works))
    chosen_works, chosen_at = np.unique(works[chosen_order], return_index=True)
    chosen = chosen_order[chosen_at]
    best = np.full(chosen_works.shape[0], -np.inf)
    np.maximum.at(best, np.searchsorted(chosen_works, works), scores)
    place = np.argsort(first, kind="stable")
    return rows[chosen][place], best[place].astype(np.float64)


def _preselect(
    sort: str, rows: Ints, scores: Floats, dates: Ints, need: int
) -> tuple[Ints, Floats]:
    """The rows that can be among the first ``need`` (ties at the boundary kept)."""
    if need <= 0:
        return rows[:0], scores[:0]
    if rows.shape[0] <= need:
        return rows, scores
    primary = np.where(dates == 0, UNDATED, -dates) if sort == "newest" else -scores
    threshold = np.partition(primary, need - 1)[need - 1]
    keep = primary <= threshold
    return rows[keep], scores[keep]
