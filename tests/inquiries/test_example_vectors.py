"""The rules' example requests are embedded once and stored for every process (issue 17): a
new server process's first inquiry embeds only its own text."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from io import StringIO
from typing import Any

import numpy as np
import pytest
from django.core.management import call_command
from django.test import override_settings

from plaza.inquiries import meaning, services
from plaza.inquiries.models import ExampleVectors
from plaza.inquiries.screening import active_rules
from plaza.search.semantic import encoder

pytestmark = pytest.mark.django_db


class CountingEncoder:
    """A stand-in model: a fixed unit vector per text, and every text it was asked for."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, texts: list[str]) -> encoder.Matrix:
        self.texts += texts
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
            row = np.random.default_rng(seed).standard_normal(encoder.DIMENSIONS)
            rows.append(row / np.linalg.norm(row))
        return np.asarray(rows, dtype=np.float32)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[CountingEncoder]:
    fake = CountingEncoder()
    monkeypatch.setattr(encoder, "embed_queries", fake)
    monkeypatch.setattr(encoder, "is_installed", lambda: True)
    meaning.clear_cache()
    with override_settings(PLAZA_INQUIRY_SCREENING_BY_MEANING=True):
        yield fake
    meaning.clear_cache()


REQUEST = "Could your staff answer a few questions for my thesis on street vendors?"


def _examples() -> int:
    return sum(len(meaning.examples_of(rule)) for rule in active_rules())


def test_a_fresh_process_embeds_only_the_request(counting: CountingEncoder) -> None:
    rules = active_rules()
    assert _examples() > 20  # the policy's rules and their examples are loaded by migrate
    first = meaning.closest_examples(REQUEST, rules)
    assert len(counting.texts) == _examples() + len(meaning.passages(REQUEST))
    assert ExampleVectors.objects.count() == len([r for r in rules if meaning.examples_of(r)])

    meaning.clear_cache()  # another server process: nothing in its memory
    counting.texts.clear()
    again = meaning.closest_examples(REQUEST, rules)
    assert counting.texts == meaning.passages(REQUEST)  # the request alone
    assert again == first  # the same vectors, read back


def test_an_edited_rule_alone_is_embedded_again(
    counting: CountingEncoder, admin_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    assert call_command("prepare-screening", stdout=StringIO()) is None
    stored = set(ExampleVectors.objects.values_list("key", flat=True))
    assert len(counting.texts) == _examples()
    rule = active_rules()[0]
    rule.examples_en = "Please send us your annual report.\n" + rule.examples_en
    counting.texts.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.save_policy_rule(admin_user, rule)  # the worker's task runs inline in tests
    assert counting.texts == [text for _lang, text in meaning.examples_of(rule)]  # that rule alone
    keys = set(ExampleVectors.objects.values_list("key", flat=True))
    assert len(keys) == len(stored) and len(keys - stored) == 1  # the old vectors dropped

    meaning.clear_cache()
    counting.texts.clear()
    meaning.closest_examples(REQUEST, active_rules())
    assert counting.texts == meaning.passages(REQUEST)


def test_a_first_inquiry_screened_by_a_new_process(counting: CountingEncoder) -> None:
    call_command("prepare-screening", stdout=StringIO())  # the worker did it at start
    meaning.clear_cache()
    counting.texts.clear()
    inquiry = services.submit_inquiry(
        services.InquiryInput(
            name="Ana",
            email="ana@example.org",
            organisation_kind="student",
            request_kinds=["other"],
            topic="Thesis",
            message=REQUEST,
            language="en",
        )
    )
    assert inquiry.screenings.exists()
    assert counting.texts == meaning.passages(f"Thesis\n{REQUEST}")


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_saving_every_rule_queues_one_preparation_not_one_per_rule(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from plaza.inquiries.tasks import prepare_rule_examples

    monkeypatch.setattr(meaning, "is_enabled", lambda: True)
    rules = active_rules()
    assert len(rules) > 3
    for _round in range(2):  # a second save while the first task still waits adds none
        with django_capture_on_commit_callbacks(execute=True):
            for rule in rules:
                rule.save()
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=prepare_rule_examples.module_path
    )
    assert waiting.count() == 1
