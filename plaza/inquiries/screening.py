"""The screening engine: which rules an inquiry meets, what the policy answers, and why.

Pure functions over PolicyRule rows and the facts of an inquiry; services.screen_inquiry stores
the result. Rules are read from the database on every screening, so an edit in the admin
applies to the next inquiry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from plaza.inquiries.choices import Outcome
from plaza.inquiries.models import RULE_LANGUAGES, PolicyRule
from plaza.inquiries.text import compile_phrase, prepare


@dataclass(frozen=True)
class Facts:
    """What the screening looks at."""

    organisation_kind: str
    request_kinds: tuple[str, ...]
    text: str
    language: str = "en"
    deadline: dt.date | None = None
    topic: str = ""


@dataclass
class RuleMatch:
    rule: PolicyRule
    reasons: list[str]

    def as_json(self) -> dict[str, object]:
        return {
            "rule": self.rule.code,
            "title": self.rule.title,
            "outcome": self.rule.outcome,
            "binding": self.rule.binding,
            "policy": self.rule.policy_text,
            "reasons": self.reasons,
            "referrals": list(self.rule.referrals),
        }


@dataclass
class ScreeningResult:
    outcome: str
    matches: list[RuleMatch]
    explanation: str
    referrals: list[str] = field(default_factory=list)

    @property
    def rule_codes(self) -> list[str]:
        return [m.rule.code for m in self.matches]


def active_rules() -> list[PolicyRule]:
    return list(PolicyRule.objects.filter(active=True).order_by("order", "code"))


def match_rule(rule: PolicyRule, facts: Facts, normalised: str, unspaced: str) -> RuleMatch | None:
    reasons: list[str] = []
    if rule.organisation_kinds:
        if facts.organisation_kind not in rule.organisation_kinds:
            return None
        reasons.append(f"organisation kind: {facts.organisation_kind}")
    if rule.deadline_within_days is not None:
        if facts.deadline is None:
            return None
        days = (facts.deadline - timezone.localdate()).days
        if days >= rule.deadline_within_days:
            return None
        reasons.append(f"deadline in {days} days (< {rule.deadline_within_days})")
    kinds = [k for k in facts.request_kinds if k in (rule.request_kinds or [])]
    phrases = [
        f"phrase ({lang}): {compiled.source}"
        for lang in RULE_LANGUAGES
        for phrase in rule.phrases(lang)
        if (compiled := compile_phrase(phrase, lang)) is not None
        and compiled.found_in(normalised, unspaced)
    ]
    asks_something = bool(rule.request_kinds) or any(rule.phrases(lang) for lang in RULE_LANGUAGES)
    if asks_something and not (kinds or phrases):
        return None
    reasons.extend(f"request kind: {k}" for k in kinds)
    reasons.extend(phrases)
    return RuleMatch(rule, reasons)


def combine(matches: list[RuleMatch]) -> tuple[str, str]:
    """The overall outcome and a one-line reason for it."""
    outcomes = {m.rule.outcome for m in matches}
    if not matches:
        return Outcome.STAFF, "no rule matched: a person decides"
    binding = [m.rule.code for m in matches if m.rule.binding and m.rule.outcome == Outcome.DECLINE]
    if binding:
        return Outcome.DECLINE, "binding decline: " + ", ".join(binding)
    if Outcome.STAFF in outcomes:
        staff = [m.rule.code for m in matches if m.rule.outcome == Outcome.STAFF]
        return Outcome.STAFF, "a rule asks for a person: " + ", ".join(staff)
    if Outcome.ACCEPT in outcomes and outcomes & {Outcome.DECLINE, Outcome.REFER}:
        return Outcome.STAFF, "the rules disagree (accept and decline/refer): a person decides"
    if Outcome.ACCEPT in outcomes:
        return Outcome.ACCEPT, "within the network's niche: accept for review"
    declined = [m.rule.code for m in matches if m.rule.outcome == Outcome.DECLINE]
    referred = [m.rule.code for m in matches if m.rule.outcome == Outcome.REFER]
    also = f"; referred: {', '.join(referred)}" if referred else ""
    if declined:
        return Outcome.DECLINE, "declined: " + ", ".join(declined) + also
    return Outcome.REFER, "referred: " + ", ".join(referred)


def screen(facts: Facts, rules: Iterable[PolicyRule] | None = None) -> ScreeningResult:
    normalised, unspaced = prepare(f"{facts.topic}\n{facts.text}")
    matches = [
        found
        for rule in (active_rules() if rules is None else rules)
        if (found := match_rule(rule, facts, normalised, unspaced)) is not None
    ]
    outcome, explanation = combine(matches)
    referrals: list[str] = []
    for m in matches:
        for target in m.rule.referrals:
            if target not in referrals:
                referrals.append(target)
    return ScreeningResult(outcome, matches, explanation, referrals)
