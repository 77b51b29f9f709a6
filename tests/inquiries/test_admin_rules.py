"""Policy rules edited in the admin: validated, versioned, and used by the next screening."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from plaza.accounts.models import User
from plaza.inquiries.models import PolicyRule
from plaza.inquiries.policy import POLICY_FILE, load_policy, read_policy, rule_errors
from tests.inquiries.factories import make_inquiry


def admin_form_data(rule: PolicyRule, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": rule.code,
        "title": rule.title,
        "policy_text": rule.policy_text,
        "order": rule.order,
        "active": "on" if rule.active else "",
        "organisation_kinds": rule.organisation_kinds,
        "request_kinds": rule.request_kinds,
        "deadline_within_days": rule.deadline_within_days or "",
        "outcome": rule.outcome,
        "binding": "on" if rule.binding else "",
        "referrals": rule.referrals,
    }
    for lang in ("en", "es", "fr", "th", "hi"):
        data[f"phrases_{lang}"] = getattr(rule, f"phrases_{lang}")
        data[f"reply_{lang}"] = getattr(rule, f"reply_{lang}")
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_editing_a_rule_changes_the_next_screening_and_is_in_history(
    client: Client, staff_user: User
) -> None:
    before = make_inquiry(email="a@example.org")
    assert before.latest_screening is not None
    assert before.latest_screening.outcome == "decline"

    rule = PolicyRule.objects.get(code="research-assistance")
    client.force_login(staff_user)
    url = reverse("admin:inquiries_policyrule_change", args=[rule.pk])
    response = client.post(url, admin_form_data(rule, outcome="staff"))
    assert response.status_code == 302, response.content.decode()[:3000]

    after = make_inquiry(email="b@example.org")
    assert after.latest_screening is not None
    matched = {m["rule"]: m["outcome"] for m in after.latest_screening.matches}
    assert matched["research-assistance"] == "staff"
    assert after.latest_screening.outcome == "staff"

    history = rule.history.order_by("-history_date")
    assert history[0].outcome == "staff"
    assert history[0].history_user == staff_user
    assert history[1].outcome == "decline"
    assert (
        client.get(reverse("admin:inquiries_policyrule_history", args=[rule.pk])).status_code == 200
    )


def test_admin_rejects_a_rule_that_cannot_match_or_misses_a_language(
    client: Client, staff_user: User
) -> None:
    rule = PolicyRule.objects.get(code="internship")
    client.force_login(staff_user)
    url = reverse("admin:inquiries_policyrule_change", args=[rule.pk])
    response = client.post(url, admin_form_data(rule, phrases_th="", reply_hi=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Phrases are given for some languages but not this one" in body
    assert "The reply is missing in this language" in body
    response = client.post(
        url,
        admin_form_data(
            rule,
            request_kinds=[],
            **{f"phrases_{lang}": "" for lang in ("en", "es", "fr", "th", "hi")},
        ),
    )
    assert "This rule has no condition" in response.content.decode()
    response = client.post(url, admin_form_data(rule, outcome="decline", referrals=[]))
    assert "A decline must point somewhere useful" in response.content.decode()
    rule.refresh_from_db()
    assert rule.phrases("th") and rule.reply("hi")


def test_phrases_that_normalise_to_nothing_are_rejected(db: Any) -> None:
    rule = PolicyRule.objects.get(code="speaker")
    rule.phrases_en = "!!!\nspeaker*"
    assert "phrases_en" in rule_errors(rule)


def test_load_policy_restores_the_file_and_keeps_history(db: Any) -> None:
    rule = PolicyRule.objects.get(code="speaker")
    rule.outcome = "decline"
    rule.save()
    created, updated = load_policy(POLICY_FILE)
    assert (created, updated) == (0, 1)
    rule.refresh_from_db()
    assert rule.outcome == "staff"
    assert rule.history.first().history_change_reason == "loaded from policy.yaml"
    assert len(read_policy()) == PolicyRule.objects.count()
