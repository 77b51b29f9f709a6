"""Search quality as a user meets it, on the demo library, beside a plain BM25 peer.

    .venv/bin/python bench/search_quality.py [--postgres URL] [--limit N] [--no-write]

What it measures (issue 19), all through ``plaza.search.services.search`` on a scratch
database holding the demo library (its real publications and the UNDP pages from
../shared/data), semantic search on (title + abstract passages embedded, as the demo has
them at start) and off:

* known-item search: for every published record, its exact title and a distinctive
  two-word part of it (the adjacent pair of title words shared by the fewest titles):
  Recall@1 and MRR@10 (a hit with the same title counts: editions share titles);
* no-answer queries: random letter strings, and off-topic queries in en, es, fr, th and
  hi: the share answered with "nothing found" (no hit at all);
* operator correctness: exclusions (``part -word``, ``part NOT word``), exact phrases
  (``"a b"``) and filters (``type:``, a language facet): hits that break them, checked
  against each hit's own text analysed again (not against the index);
* facet counts: for hybrid searches, every facet value clicked; counts that differ from
  the total the click gives.

The peers are BM25 (bm25s, default parameters) over the title, abstract, keywords,
creators and full text of the same records: lower-cased and whitespace-split (what a plain
engine would answer), and stemmed (Snowball per record language, PyThaiNLP for Thai: the
peer of bench/relevance.py). They answer "nothing found" only when no query word occurs
anywhere.

Vectors are cached in var/bench-cache/ (shared with semantic_eval.py). Writes its section
into docs/benchmarks.md between the search_quality markers.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import string
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import plaza_bench
from django.utils import timezone

ROOT = plaza_bench.ROOT
MARKER = "search_quality"
K = 10
SYSTEMS = ("semantic on", "semantic off", "BM25 peer", "stemmed BM25")
SEED = 20261202
OFF_TOPIC = {
    "en": [
        "chocolate cake recipe",
        "quantum chromodynamics lattice",
        "how to tune a guitar",
        "premier league football transfer news",
        "black hole event horizon",
        "best smartphone camera 2024",
    ],
    "es": [
        "receta de pastel de chocolate",
        "cómo afinar una guitarra",
        "agujero negro horizonte de sucesos",
        "fichajes de fútbol de la liga",
        "mejor cámara de teléfono",
        "historia de los dinosaurios",
    ],
    "fr": [
        "recette du gâteau au chocolat",
        "comment accorder une guitare",
        "trou noir horizon des événements",
        "transferts du championnat de football",
        "meilleur appareil photo de téléphone",
        "histoire des dinosaures",
    ],
    "th": [
        "สูตรเค้กช็อกโกแลต",
        "วิธีตั้งสายกีตาร์",
        "หลุมดำ ขอบฟ้าเหตุการณ์",
        "ข่าวย้ายทีมฟุตบอลพรีเมียร์ลีก",
        "กล้องสมาร์ทโฟนที่ดีที่สุด",
        "ประวัติไดโนเสาร์",
    ],
    "hi": [
        "चॉकलेट केक बनाने की विधि",
        "गिटार कैसे ट्यून करें",
        "ब्लैक होल घटना क्षितिज",
        "क्रिकेट मैच का स्कोर",
        "सबसे अच्छा स्मार्टफोन कैमरा",
        "डायनासोर का इतिहास",
    ],
}


# --- the library ---------------------------------------------------------------------------
def load_library(cache: Any) -> None:
    """The demo's library (and what it needs), then vectors for every title + abstract."""
    from django.db import transaction

    from plaza.demo import DemoContext, load_demo
    from plaza.search.semantic import index, storage
    from plaza.search.semantic.models import Passage

    started = time.perf_counter()
    load_demo(DemoContext(write=lambda line: print("  " + line)), ("cities", "accounts", "library"))
    print(f"  demo library loaded in {time.perf_counter() - started:.0f} s", flush=True)
    heads = list(Passage.objects.filter(ordinal=0).order_by("pk"))
    vectors = cache.embed("passage", [embedding_input(p) for p in heads], "demo titles")
    from plaza.search.semantic import encoder

    for passage, vector in zip(heads, vectors, strict=True):
        passage.vector = encoder.to_bytes(vector)
        passage.vector_hash = passage.content_hash
    with transaction.atomic():
        Passage.objects.bulk_update(heads, ["vector", "vector_hash"], batch_size=500)
        storage.bump_version()
    index.forget()


def embedding_input(passage: Any) -> str:
    from plaza.search.semantic.chunking import PassageText

    return PassageText(
        passage.ordinal, passage.text, passage.context, passage.language
    ).embedding_input


def records() -> list[dict[str, Any]]:
    from plaza.library.models import Resource
    from plaza.search import registry

    rows = []
    for resource in Resource.objects.filter(status="published", visibility="public").order_by("pk"):
        document = registry.build_document(resource)
        rows.append(
            {
                "key": document.key,
                "title": document.title,
                "language": document.language,
                "type": resource.type,
                "document": document,
            }
        )
    return rows


_WORD = re.compile(r"\w+", re.UNICODE)


def title_words(title: str) -> list[str]:
    """Title words as Plaza splits them (Thai segmented), stop words and short words out."""
    from plaza.search.analysis import words
    from plaza.search.analysis.languages import stop_words
    from plaza.search.analysis.normalize import script_of

    stops = stop_words("en") | stop_words("es") | stop_words("fr") | stop_words("hi")
    from pythainlp.corpus import thai_stopwords

    stops |= frozenset(thai_stopwords())  # the bench's choice of words (Plaza has no Thai list)
    found = [w for w, _s, _e in words(title, expand_compounds=False)]
    return [
        w
        for w in found
        if w not in stops and (len(w) >= 3 or (script_of(w) in ("Thai", "Deva") and len(w) >= 2))
    ]


def two_word_parts(rows: list[dict[str, Any]]) -> dict[str, str]:
    """Each record's adjacent pair of title words that the fewest titles contain."""
    pairs_of: dict[str, list[tuple[str, str]]] = {}
    frequency: Counter[tuple[str, str]] = Counter()
    for row in rows:
        words = title_words(row["title"])
        pairs = list(dict.fromkeys(itertools.pairwise(words)))
        pairs_of[row["key"]] = pairs
        titles = set(title_words(row["title"]))
        frequency.update({p for p in pairs if p[0] in titles and p[1] in titles})
    parts = {}
    for key, pairs in pairs_of.items():
        if pairs:
            best = min(pairs, key=lambda p: (frequency[p], pairs.index(p)))
            parts[key] = f"{best[0]} {best[1]}"
    return parts


# --- systems -----------------------------------------------------------------------------------
def plaza(q: str, semantic: bool, **kwargs: Any) -> Any:
    from plaza.search.services import SearchParams, search

    kwargs.setdefault("per_page", K)
    return search(SearchParams(q=q, semantic=semantic, snippets=False, **kwargs), None)


class Peer:
    """Plain BM25 (bm25s) over whitespace-split, lower-cased text."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        import bm25s  # type: ignore[import-untyped]

        self.keys = [r["key"] for r in rows]
        self.titles = {r["key"]: r["title"].lower() for r in rows}
        texts = []
        for r in rows:
            d = r["document"]
            text = " ".join([d.title, d.subtitle, d.abstract, *d.keywords, *d.creators, d.body])
            texts.append(self.document_tokens(text, r["language"]))
        self.retriever = bm25s.BM25()
        self.retriever.index(texts, show_progress=False)
        self.vocabulary = self.retriever.vocab_dict

    def document_tokens(self, text: str, language: str) -> list[str]:
        return text.lower().split()

    def query_tokens(self, q: str) -> list[str]:
        return q.lower().split()

    def search(self, q: str) -> list[str]:
        tokens = [t for t in self.query_tokens(q) if t in self.vocabulary]
        if not tokens:
            return []
        docs, scores = self.retriever.retrieve(
            [tokens], k=min(K, len(self.keys)), show_progress=False
        )
        return [self.keys[int(d)] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


class StemmedPeer(Peer):
    """BM25 (bm25s) over stemmed words, the peer of bench/relevance.py: each record's words
    stemmed by the Snowball stemmer of its language (PyThaiNLP words for Thai), a query's
    words by the stemmer of every language of the library (a multilingual engine indexes
    one field per language and searches them all; it cannot know a query's language)."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.languages = sorted({r["language"] for r in rows if r["language"]})
        super().__init__(rows)

    def document_tokens(self, text: str, language: str) -> list[str]:
        from relevance import stemmed

        return stemmed(text, language)

    def query_tokens(self, q: str) -> list[str]:
        from relevance import stemmed

        return sorted({t for language in self.languages for t in stemmed(q, language)})


# --- measures --------------------------------------------------------------------------------------
def rank_of(keys: list[str], titles: dict[str, str], target: str) -> int | None:
    wanted = titles[target]
    for position, key in enumerate(keys[:K], 1):
        if key == target or titles.get(key) == wanted:
            return position
    return None


def known_item(
    rows: list[dict[str, Any]], peers: dict[str, Peer], limit: int | None
) -> dict[tuple[str, str], Any]:
    titles = {r["key"]: r["title"].lower() for r in rows}
    parts = two_word_parts(rows)
    chosen = rows[:limit] if limit else rows
    results: dict[tuple[str, str], Any] = {}
    for kind in ("exact title", "two-word part"):
        queries = [
            (r["key"], r["title"] if kind == "exact title" else parts.get(r["key"], ""))
            for r in chosen
        ]
        queries = [(k, q) for k, q in queries if q]
        for system in SYSTEMS:
            ranks: list[int | None] = []
            misses: list[tuple[str, int | None]] = []
            for key, q in queries:
                if system in peers:
                    keys = peers[system].search(q)
                else:
                    keys = [h.key for h in plaza(q, system == "semantic on").hits]
                rank = rank_of(keys, titles, key)
                ranks.append(rank)
                if rank != 1 and len(misses) < 5:
                    misses.append((q, rank))
            n = len(ranks)
            results[kind, system] = (
                sum(1 for r in ranks if r == 1) / n,
                sum(1 / r for r in ranks if r) / n,
                n,
                misses,
            )
            print(f"  known item, {kind}, {system}: R@1 {results[kind, system][0]:.3f}", flush=True)
    return results


def random_strings(count: int) -> list[str]:
    rng = random.Random(SEED)
    found = []
    for i in range(count):
        words = 1 if i % 3 else 2
        found.append(
            " ".join(
                "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 10)))
                for _ in range(words)
            )
        )
    return found


def no_answer(peers: dict[str, Peer]) -> dict[tuple[str, str], Any]:
    sets = {"random letters": random_strings(60)}
    for language, queries in OFF_TOPIC.items():
        sets[f"off-topic ({language})"] = queries
    results: dict[tuple[str, str], Any] = {}
    for name, queries in sets.items():
        for system in SYSTEMS:
            answered_nothing = 0
            leaks: list[str] = []
            for q in queries:
                if system in peers:
                    empty = not peers[system].search(q)
                else:
                    empty = plaza(q, system == "semantic on").total == 0
                answered_nothing += empty
                if not empty and len(leaks) < 3:
                    leaks.append(q)
            results[name, system] = (answered_nothing / len(queries), len(queries), leaks)
    return results


def analysed_terms(document: Any, language: str) -> list[list[str]]:
    """Each field's analysed terms (what the index holds), from the record's own text."""
    from plaza.search.analysis import terms

    fields = [
        f"{document.title}\n{document.subtitle}",
        "\n".join([document.abstract, *document.keywords, *document.creators]),
        document.body,
    ]
    return [terms(text, language) for text in fields]


def sequence_variants(text: str) -> list[tuple[str, ...]]:
    from plaza.search.analysis import term_for, words

    found = [w for w, _s, _e in words(text)]
    variants = set()
    for lang in ("en", "es", "fr"):
        sequence = tuple(t for t in (term_for(w, lang) for w in found) if t)
        if sequence:
            variants.add(sequence)
    return sorted(variants)


def contains_sequence(fields: list[list[str]], sequence: tuple[str, ...]) -> bool:
    n = len(sequence)
    return any(
        tuple(terms[i : i + n]) == sequence for terms in fields for i in range(len(terms) - n + 1)
    )


def other_document(key: str) -> Any:
    """The search document of any indexed record, from its own table (not the index)."""
    from django.apps import apps

    from plaza.search import registry

    model, _sep, pk = key.rpartition(":")
    return registry.build_document(apps.get_model(model).objects.get(pk=int(pk)))


def operators(rows: list[dict[str, Any]], limit: int | None) -> dict[str, Any]:
    """Hits breaking an exclusion, a phrase or a filter (semantic on, the default)."""
    from plaza.search.analysis import term_for

    by_key = {r["key"]: r for r in rows}
    parts = two_word_parts(rows)
    rng = random.Random(SEED)
    sample = [r for r in rows if r["key"] in parts]
    rng.shuffle(sample)
    sample = sample[: limit or 60]
    checks = {
        "exclusion (-word)": [0, 0],
        "exclusion (NOT word)": [0, 0],
        "phrase": [0, 0],
        "type: filter": [0, 0],
        "language facet": [0, 0],
    }
    fields_cache: dict[str, list[list[str]]] = {}

    def fields(key: str) -> list[list[str]]:
        if key not in fields_cache:
            if key in by_key:
                document, language = by_key[key]["document"], by_key[key]["language"]
            else:  # another kind of record (an organisation, a city activity ...)
                document = other_document(key)
                language = document.language
            fields_cache[key] = analysed_terms(document, language)
        return fields_cache[key]

    for row in sample:
        part = parts[row["key"]]
        first = part.split()[0]
        # Exclusion: the part's first word, minus a word of the record's abstract.
        words = [w for w in title_words(row["document"].abstract) if w not in part.split()]
        if words:
            excluded = words[0]
            for name, q in (
                ("exclusion (-word)", f"{first} -{excluded}"),
                ("exclusion (NOT word)", f"{first} NOT {excluded}"),
            ):
                result = plaza(q, True, per_page=50)
                stems = {term_for(excluded, lang) for lang in ("en", "es", "fr")} - {None}
                for hit in result.hits:
                    checks[name][0] += 1
                    if any(s in t for t in fields(hit.key) for s in stems):
                        checks[name][1] += 1
        # Phrase: the two words in their title order.
        result = plaza(f'"{part}"', True, per_page=50)
        variants = sequence_variants(part)
        for hit in result.hits:
            checks["phrase"][0] += 1
            if not any(contains_sequence(fields(hit.key), v) for v in variants):
                checks["phrase"][1] += 1
        # Filters: the record's own type, and its language as a facet.
        result = plaza(f"{first} type:{row['type']}", True, per_page=50)
        for hit in result.hits:
            checks["type: filter"][0] += 1
            checks["type: filter"][1] += (
                by_key[hit.key]["type"] != row["type"] if hit.key in by_key else 1
            )
        result = plaza(first, True, per_page=50, filters={"lang": [row["language"]]})
        for hit in result.hits:
            checks["language facet"][0] += 1
            checks["language facet"][1] += hit.language != row["language"]
    return {name: (hits, violations, len(sample)) for name, (hits, violations) in checks.items()}


def facet_counts(rows: list[dict[str, Any]], limit: int | None) -> tuple[int, int, int]:
    """(queries, facet values clicked, counts that differ from the click's total)."""
    parts = two_word_parts(rows)
    rng = random.Random(SEED + 1)
    queries = sorted({p.split()[0] for p in parts.values()})
    rng.shuffle(queries)
    queries = ["street vendors", "waste pickers", "domestic workers", *queries[: (limit or 20)]]
    clicked = wrong = 0
    for q in queries:
        result = plaza(q, True)
        for name, values in result.facets.items():
            for value in values:
                if name == "year":
                    start, _sep, end = value.value.partition("..")
                    click = plaza(q, True, year_from=int(start), year_to=int(end))
                else:
                    click = plaza(q, True, filters={name: [value.value]})
                clicked += 1
                wrong += click.total != value.count
    return len(queries), clicked, wrong


def pre_embed(cache: Any, rows: list[dict[str, Any]], limit: int | None) -> None:
    """Embed every query text the run will search, in batches (one at a time is slow)."""
    from plaza.search.query import parse
    from plaza.search.services import free_text

    parts = two_word_parts(rows)
    chosen = rows[:limit] if limit else rows
    planned = [r["title"] for r in chosen] + list(parts.values())
    planned += [p.split()[0] for p in parts.values()]
    planned += random_strings(60) + [q for queries in OFF_TOPIC.values() for q in queries]
    planned += ["street vendors", "waste pickers", "domestic workers"]
    texts = sorted({free_text(parse(q)) for q in planned} - {""})
    cache.embed("query", texts, "planned queries")


# --- report ------------------------------------------------------------------------------------------
def report(
    known: dict[tuple[str, str], Any],
    nothing: dict[tuple[str, str], Any],
    ops: dict[str, Any],
    facets: tuple[int, int, int],
    backend: str,
    command: str,
    count: int,
) -> str:
    systems = SYSTEMS
    lines = [
        "### Search quality on the demo library (bench/search_quality.py)",
        "",
        f"Command: `{command}` ({backend}, run {timezone.localdate().isoformat()}), {count} "
        "published demo records (title + abstract passages embedded). *Semantic on* is the "
        "default search; *BM25 peer*: bm25s over lower-cased whitespace-split text; "
        "*stemmed BM25*: bm25s over Snowball-stemmed words (PyThaiNLP words for Thai), each "
        "record in its language, the query stemmed for every language of the library.",
        "",
        "| measure | queries | Plaza, semantic on | Plaza, semantic off | BM25 peer "
        "| stemmed BM25 | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for kind in ("exact title", "two-word part"):
        n = known[kind, "semantic on"][2]
        lines.append(
            f"| known item, {kind}: Recall@1 | {n} | "
            + " | ".join(f"{known[kind, s][0]:.3f}" for s in systems)
            + " | ≥ 0.95 (semantic on) |"
        )
        lines.append(
            f"| known item, {kind}: MRR@10 | {n} | "
            + " | ".join(f"{known[kind, s][1]:.3f}" for s in systems)
            + " | |"
        )
    for name in sorted({n for n, _s in nothing}, key=lambda n: (n != "random letters", n)):
        n = nothing[name, "semantic on"][1]
        target = "100 %" if name == "random letters" else ""
        lines.append(
            f'| {name}: share answered "nothing found" | {n} | '
            + " | ".join(f"{nothing[name, s][0]:.0%}" for s in systems)
            + f" | {target} |"
        )
    for name, (hits, violations, queries) in ops.items():
        lines.append(
            f"| {name}: hits breaking it (of hits checked) | {queries} | {violations} of {hits} | | | | 0 |"
        )
    queries, clicked, wrong = facets
    lines.append(
        f"| facet values whose count differs from the click's total | {queries} queries, {clicked} clicks | {wrong} | | | | 0 |"
    )
    misses = [
        f"{kind} ({system}): "
        + "; ".join(f"“{q}” → {r or 'not in the top 10'}" for q, r in known[kind, system][3])
        for kind in ("exact title", "two-word part")
        for system in ("semantic on",)
        if known[kind, system][3]
    ]
    leaks = [
        f"{name}: " + ", ".join(f"“{q}”" for q in nothing[name, "semantic on"][2])
        for name in sorted({n for n, _s in nothing})
        if nothing[name, "semantic on"][2]
    ]
    if misses or leaks:
        lines += [
            "",
            "Examples (semantic on) of known items not first and no-answer queries answered:",
            "",
        ]
        lines += [f"- {m}" for m in misses + leaks]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default="", help="PostgreSQL URL of a scratch database")
    parser.add_argument("--limit", type=int, default=0, help="records per measure (quick run)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    started = time.perf_counter()
    plaza_bench.setup_django(args.postgres)
    import semantic_eval
    from django.db import connection

    semantic_eval.enc().use_threads(0)
    cache = semantic_eval.VectorCache(semantic_eval.cache_path())
    backend = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite FTS5"
    load_library(cache)
    rows = records()
    limit = args.limit or None
    peers = {"BM25 peer": Peer(rows), "stemmed BM25": StemmedPeer(rows)}
    with semantic_eval.cached_queries(cache):
        pre_embed(cache, rows, limit)
        known = known_item(rows, peers, limit)
        nothing = no_answer(peers)
        ops = operators(rows, limit)
        facets = facet_counts(rows, limit)
    command = (
        ".venv/bin/python bench/search_quality.py"
        + (" --postgres URL" if args.postgres else "")
        + (f" --limit {args.limit}" if args.limit else "")
    )
    text = report(known, nothing, ops, facets, backend, command, len(rows))
    print(text)
    print(f"({time.perf_counter() - started:.0f} s)")
    if not args.no_write and not args.limit:
        plaza_bench.write_section(MARKER + ("-postgres" if args.postgres else ""), text)
        print("written to docs/benchmarks.md")


if __name__ == "__main__":
    main()
