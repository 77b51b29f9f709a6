"""The policy file (policy.yaml) and the checks every rule passes before it is saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plaza.inquiries.choices import OrganisationKind, Outcome, Referral, RequestKind
from plaza.inquiries.models import RULE_LANGUAGES, PolicyRule
from plaza.inquiries.text import compile_phrase

POLICY_FILE = Path(__file__).with_name("policy.yaml")


def read_policy(path: Path = POLICY_FILE) -> list[dict[str, Any]]:
    """The rules of a policy file, as field values of PolicyRule."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules: list[dict[str, Any]] = []
    for entry in data["rules"]:
        when = entry.get("when", {})
        phrases = when.get("phrases", {})
        examples = when.get("examples", {})
        translations = entry.get("policy_translations", {})
        values: dict[str, Any] = {
            "code": entry["id"],
            "title": entry["title"],
            "policy_text": entry["policy"].strip(),
            "order": entry.get("order", 100),
            "active": entry.get("active", True),
            "organisation_kinds": list(when.get("organisation_kinds", [])),
            "request_kinds": list(when.get("request_kinds", [])),
            "deadline_within_days": when.get("deadline_within_days"),
            "outcome": entry["outcome"],
            "binding": bool(entry.get("binding", False)),
            "referrals": list(entry.get("refer_to", [])),
        }
        for lang in RULE_LANGUAGES:
            values[f"phrases_{lang}"] = "\n".join(phrases.get(lang, []))
            values[f"reply_{lang}"] = entry.get("reply", {}).get(lang, "").strip()
            values[f"examples_{lang}"] = "\n".join(
                " ".join(str(e).split()) for e in examples.get(lang, [])
            )
            if lang != "en":
                values[f"policy_text_{lang}"] = str(translations.get(lang, "")).strip()
        rules.append(values)
    return rules


def rule_errors(rule: PolicyRule) -> dict[str, list[str]]:
    """What is wrong with a rule, by field; empty when it can be saved."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    kinds = set(OrganisationKind.values)
    for kind in rule.organisation_kinds or []:
        if kind not in kinds:
            add("organisation_kinds", _("Unknown kind of organisation: %(kind)s.") % {"kind": kind})
    for kind in rule.request_kinds or []:
        if kind not in RequestKind.values:
            add("request_kinds", _("Unknown request kind: %(kind)s.") % {"kind": kind})
    for target in rule.referrals or []:
        if target not in Referral.values:
            add("referrals", _("Unknown referral target: %(target)s.") % {"target": target})
    if rule.outcome not in Outcome.values:
        add("outcome", _("Choose an outcome."))
    if rule.binding and rule.outcome != Outcome.DECLINE:
        add("binding", _("Only a decline can be binding."))
    if rule.outcome == Outcome.DECLINE and not rule.referrals:
        add("referrals", _("A decline must point somewhere useful: choose at least one referral."))
    if rule.deadline_within_days is not None and rule.deadline_within_days < 1:
        add("deadline_within_days", _("The deadline condition needs at least one day."))

    phrase_langs = [lang for lang in RULE_LANGUAGES if rule.phrases(lang)]
    for lang in phrase_langs:
        for phrase in rule.phrases(lang):
            if compile_phrase(phrase, lang) is None:
                add(
                    f"phrases_{lang}",
                    _("The phrase “%(phrase)s” has no letters left to match.") % {"phrase": phrase},
                )
    if phrase_langs and len(phrase_langs) < len(RULE_LANGUAGES):
        for lang in RULE_LANGUAGES:
            if lang not in phrase_langs:
                add(
                    f"phrases_{lang}",
                    _("Phrases are given for some languages but not this one: add at least one."),
                )
    for lang in RULE_LANGUAGES:
        if not rule.reply(lang):
            add(f"reply_{lang}", _("The reply is missing in this language."))

    has_examples = any(rule.examples(lang) for lang in RULE_LANGUAGES)
    has_condition = bool(
        rule.organisation_kinds
        or rule.request_kinds
        or phrase_langs
        or has_examples
        or rule.deadline_within_days is not None
    )
    if not has_condition:
        add("__all__", _("This rule has no condition, so it cannot tell inquiries apart."))
    elif rule.organisation_kinds and not (set(rule.organisation_kinds) & kinds):
        add(
            "organisation_kinds", _("No known kind of organisation is left: the rule cannot match.")
        )
    elif (
        not rule.request_kinds
        and not has_examples
        and phrase_langs
        and not any(compile_phrase(p, lang) for lang in phrase_langs for p in rule.phrases(lang))
    ):
        add("__all__", _("None of the phrases can match: the rule cannot match."))
    return errors


def validate_rule(rule: PolicyRule) -> None:
    errors = rule_errors(rule)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def load_policy(path: Path = POLICY_FILE, *, replace: bool = True) -> tuple[int, int]:
    """Create or update the rules from the policy file; returns (created, updated).

    With replace=False only rules missing from the database are created (used after migrate,
    so staff edits survive). Every change is recorded in the rule history.
    """
    created = updated = 0
    for values in read_policy(path):
        rule = PolicyRule.objects.filter(code=values["code"]).first()
        if rule is not None and not replace:
            # Keep staff edits; only fill the example requests and clause translations a
            # rule loaded by an older Plaza does not have yet.
            blank = [
                key
                for key, value in values.items()
                if key.startswith(("examples_", "policy_text_"))
                and value
                and not getattr(rule, key)
            ]
            if blank:
                for key in blank:
                    setattr(rule, key, values[key])
                rule._change_reason = "examples and translations from policy.yaml"  # type: ignore[attr-defined]
                rule.save()
                updated += 1
            continue
        if rule is None:
            rule = PolicyRule(**values)
            created += 1
        else:
            changed = [k for k, v in values.items() if getattr(rule, k) != v]
            if not changed:
                continue
            for key, value in values.items():
                setattr(rule, key, value)
            updated += 1
        validate_rule(rule)
        rule._change_reason = "loaded from policy.yaml"  # type: ignore[attr-defined]
        rule.save()
    return created, updated
