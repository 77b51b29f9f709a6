"""The policy case table: every case is screened; accuracy is reported per clause."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pytest
from django.utils import timezone

from plaza.inquiries.models import PolicyRule
from plaza.inquiries.screening import PHRASES_ONLY, Facts, screen
from tests.inquiries.policy_cases import CASES, Case

LANGUAGES = {"en", "es", "fr", "th", "hi"}


def facts_for(case: Case) -> Facts:
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
        topic=case.topic,
    )


def test_the_table_is_broad_enough() -> None:
    assert len(CASES) >= 40
    assert {c.language for c in CASES} == LANGUAGES
    assert len({c.key for c in CASES}) == len(CASES)
    assert sum(1 for c in CASES if len(c.rules) > 1) >= 8  # combinations of clauses


def test_every_clause_is_covered(db: Any) -> None:
    codes = set(PolicyRule.objects.values_list("code", flat=True))
    covered = {code for c in CASES for code in c.rules}
    assert codes == covered, f"clauses without a case: {codes - covered}"


def test_policy_cases_accuracy_per_clause(db: Any, capsys: pytest.CaptureFixture[str]) -> None:
    rules = list(PolicyRule.objects.filter(active=True).order_by("order", "code"))
    per_clause: dict[str, list[bool]] = defaultdict(list)
    failures: list[str] = []
    outcome_hits = 0
    for case in CASES:
        result = screen(facts_for(case), rules, settings=PHRASES_ONLY)
        got = frozenset(result.rule_codes)
        outcome_ok = result.outcome == case.outcome
        outcome_hits += outcome_ok
        for code in case.rules | got:
            per_clause[code].append(outcome_ok and ((code in got) == (code in case.rules)))
        if result.outcome == "decline" and not result.referrals:
            failures.append(f"{case.key}: a decline that points nowhere")
        if got != case.rules or not outcome_ok:
            failures.append(
                f"{case.key}: expected {case.outcome} {sorted(case.rules)}, "
                f"got {result.outcome} {sorted(got)}"
            )
    lines = ["", f"{'clause':32} {'cases':>5} {'right':>5} {'accuracy':>8}"]
    for code in sorted(per_clause):
        hits = per_clause[code]
        lines.append(f"{code:32} {len(hits):5d} {sum(hits):5d} {sum(hits) / len(hits):8.0%}")
    lines.append(
        f"{'overall outcome':32} {len(CASES):5d} {outcome_hits:5d} {outcome_hits / len(CASES):8.0%}"
    )
    with capsys.disabled():
        print("\n".join(lines))
    assert not failures, "\n".join(failures)
