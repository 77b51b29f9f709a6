"""The screening engine: which rules an inquiry meets, what the policy answers, and why.

Pure functions over PolicyRule rows and the facts of an inquiry; services.screen_inquiry stores
the result. Rules are read from the database on every screening, so an edit in the admin
applies to the next inquiry.

A rule that asks for something (request kinds, phrases, example requests) matches when the
sender ticked one of its request kinds, when one of its phrases occurs in the text, or, when
the model is installed, when the request means the same as one of its examples (similarity at
least PLAZA_INQUIRY_MEANING_THRESHOLD, see meaning.py). Its structured conditions (kind of organisation,
deadline) must hold in every case. Each match keeps its evidence. A binding rule met only by
meaning binds only when its score reaches PLAZA_INQUIRY_MEANING_BINDING_THRESHOLD; below
that it counts as an ordinary decline, so a person looks at it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from plaza.inquiries import meaning
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
    evidence: list[dict[str, object]] = field(default_factory=list)
    binding: bool | None = None  # None: the rule's own setting

    @property
    def is_binding(self) -> bool:
        return self.rule.binding if self.binding is None else self.binding

    def as_json(self) -> dict[str, object]:
        return {
            "rule": self.rule.code,
            "title": self.rule.title,
            "outcome": self.rule.outcome,
            "binding": self.is_binding,
            "policy": self.rule.policy_text,
            "reasons": self.reasons,
            "evidence": self.evidence,
            "referrals": list(self.rule.referrals),
        }


@dataclass(frozen=True)
class MeaningSettings:
    """Whether and how the screening compares meanings (None: the settings)."""

    enabled: bool
    threshold: float
    binding_threshold: float

    @classmethod
    def current(cls) -> MeaningSettings:
        return cls(meaning.is_available(), meaning.threshold(), meaning.binding_threshold())


PHRASES_ONLY = MeaningSettings(False, 99.0, 99.0)


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


def match_rule(
    rule: PolicyRule,
    facts: Facts,
    normalised: str,
    unspaced: str,
    closest: meaning.Closest | None = None,
    settings: MeaningSettings = PHRASES_ONLY,
) -> RuleMatch | None:
    reasons: list[str] = []
    evidence: list[dict[str, object]] = []
    if rule.organisation_kinds:
        if facts.organisation_kind not in rule.organisation_kinds:
            return None
        reasons.append(f"organisation kind: {facts.organisation_kind}")
        evidence.append({"by": "organisation-kind", "value": facts.organisation_kind})
    if rule.deadline_within_days is not None:
        if facts.deadline is None:
            return None
        days = (facts.deadline - timezone.localdate()).days
        if days >= rule.deadline_within_days:
            return None
        reasons.append(f"deadline in {days} days (< {rule.deadline_within_days})")
        evidence.append({"by": "deadline", "days": days, "within": rule.deadline_within_days})
    kinds = [k for k in facts.request_kinds if k in (rule.request_kinds or [])]
    phrases = [
        (lang, compiled.source)
        for lang in RULE_LANGUAGES
        for phrase in rule.phrases(lang)
        if (compiled := compile_phrase(phrase, lang)) is not None
        and compiled.found_in(normalised, unspaced)
    ]
    has_examples = any(rule.examples(lang) for lang in RULE_LANGUAGES)
    by_meaning = settings.enabled and closest is not None and closest.score >= settings.threshold
    asks_something = (
        bool(rule.request_kinds)
        or any(rule.phrases(lang) for lang in RULE_LANGUAGES)
        or has_examples
    )
    if asks_something and not (kinds or phrases or by_meaning):
        return None
    reasons.extend(f"request kind: {k}" for k in kinds)
    evidence.extend({"by": "request-kind", "value": k} for k in kinds)
    reasons.extend(f"phrase ({lang}): {source}" for lang, source in phrases)
    evidence.extend(
        {"by": "phrase", "phrase": source, "language": lang} for lang, source in phrases
    )
    binding: bool | None = None
    if by_meaning and closest is not None:
        reasons.append(
            f"meaning: stands out by {closest.score:.1f} (similarity {closest.similarity:.2f} "
            f"to the example ({closest.example_language}) “{closest.example}”)"
        )
        evidence.append(closest.as_json())
        if rule.binding and not (kinds or phrases) and closest.score < settings.binding_threshold:
            binding = False  # met by meaning alone, not close enough to bind: a person decides
            reasons.append("not binding: met by meaning alone, below the binding score")
    return RuleMatch(rule, reasons, evidence, binding)


def combine(matches: list[RuleMatch]) -> tuple[str, str]:
    """The overall outcome and a one-line reason for it."""
    outcomes = {m.rule.outcome for m in matches}
    if not matches:
        return Outcome.STAFF, "no rule matched: a person decides"
    binding = [m.rule.code for m in matches if m.is_binding and m.rule.outcome == Outcome.DECLINE]
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


def screen(
    facts: Facts,
    rules: Iterable[PolicyRule] | None = None,
    *,
    settings: MeaningSettings | None = None,
    closest: dict[str, meaning.Closest] | None = None,
) -> ScreeningResult:
    """Screen the facts against the rules (default: the active rules in the database).

    ``settings`` overrides whether and how meaning is used; ``closest`` passes similarities
    already computed (the benchmark reuses them while it tries thresholds).
    """
    rule_list = active_rules() if rules is None else list(rules)
    settings = MeaningSettings.current() if settings is None else settings
    text = f"{facts.topic}\n{facts.text}"
    if settings.enabled and closest is None:
        closest = meaning.closest_examples(text.strip(), rule_list)
    normalised, unspaced = prepare(text)
    matches = [
        found
        for rule in rule_list
        if (
            found := match_rule(
                rule, facts, normalised, unspaced, (closest or {}).get(rule.code), settings
            )
        )
        is not None
    ]
    outcome, explanation = combine(matches)
    referrals: list[str] = []
    for m in matches:
        for target in m.rule.referrals:
            if target not in referrals:
                referrals.append(target)
    return ScreeningResult(outcome, matches, explanation, referrals)


def warm_up() -> None:
    """Load the screening rules' example vectors (the comparison by meaning) once per process,
    so that the first request a process screens embeds only its own text."""
    if meaning.is_available():
        meaning.closest_examples("warm-up", active_rules())
