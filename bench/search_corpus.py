"""A deterministic multilingual corpus of any size, built from the real texts in ../shared/data:
UNDP Accelerator Labs pages (mostly English, some Spanish/French), XQuAD-R paragraphs (en, es,
hi, th) and wisesight Thai social-media posts."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

import plaza_bench

TYPES = ("report", "working-paper", "law", "statistics", "training")
SECTORS = (
    "street-vendors",
    "waste-pickers",
    "domestic-workers",
    "home-based-workers",
    "market-porters",
)
CITIES = {
    "lima": "PE",
    "mexico-city": "MX",
    "accra": "GH",
    "dakar": "SN",
    "bangkok": "TH",
    "delhi": "IN",
    "durban": "ZA",
    "ahmedabad": "IN",
}


@dataclass
class BenchDocument:
    pk: int
    title: str
    abstract: str
    language: str  # "" = let the engine detect it (UNDP pages)
    facets: dict[str, list[str]]
    date: datetime.date


def _title(text: str, rng: random.Random, thai: bool) -> str:
    if thai:
        start = rng.randrange(0, max(1, len(text) - 40))
        return text[start : start + 40].strip() or text[:40]
    words = text.split()
    start = rng.randrange(0, max(1, len(words) - 10))
    return " ".join(words[start : start + rng.randint(4, 10)])


def pools() -> list[tuple[str, str]]:
    """(language, text) pairs: every real text the generator draws from."""
    texts: list[tuple[str, str]] = [("", chunk) for _title, chunk in plaza_bench.undp_paragraphs()]
    for language in ("en", "es", "hi", "th"):
        paragraphs, _questions = plaza_bench.xquad(language)
        texts += [(language, p) for p in paragraphs]
    texts += [("th", post[:1500]) for post in plaza_bench.thai_posts()]
    return texts


def generate(size: int, seed: int = 7) -> list[BenchDocument]:
    """``size`` documents: each an abstract-length real text with a title from another text
    of the same pool and random facets (type, sector, city/country, year 2000-2024)."""
    rng = random.Random(seed)
    pool = pools()
    undp = [t for t in pool if t[0] == ""]
    xquad = [t for t in pool if t[0] and len(t[1]) > 300]
    thai = [t for t in pool if t[0] == "th" and len(t[1]) <= 300]
    by_language: dict[str, list[tuple[str, str]]] = {}
    for item in pool:
        by_language.setdefault(item[0], []).append(item)
    documents: list[BenchDocument] = []
    for pk in range(1, size + 1):
        draw = rng.random()
        source = undp if draw < 0.5 else xquad if draw < 0.7 else thai
        language, text = rng.choice(source)
        _l, title_source = rng.choice(by_language[language])
        city = rng.choice(list(CITIES))
        documents.append(
            BenchDocument(
                pk=pk,
                title=_title(title_source, rng, language == "th"),
                abstract=text,
                language=language,
                facets={
                    "type": [rng.choice(TYPES)],
                    "sector": [rng.choice(SECTORS)],
                    "city": [city],
                    "country": [CITIES[city]],
                },
                date=datetime.date(rng.randint(2000, 2024), rng.randint(1, 12), 1),
            )
        )
    return documents
