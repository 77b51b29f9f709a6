from __future__ import annotations

from typing import Any

from django.core import mail

from plaza.demo import DemoContext
from plaza.demo import inquiries as demo
from plaza.inquiries.models import Inquiry


def test_demo_inquiries_are_screened_and_loading_twice_changes_nothing(db: Any) -> None:
    ctx = DemoContext(write=lambda _line: None)
    demo.load(ctx)
    demo.load(ctx)
    inquiries = Inquiry.objects.all()
    assert inquiries.count() == len(demo.demo_inquiries()) == ctx.summary["inquiries"]
    assert all(i.is_demo for i in inquiries)
    assert {i.outcome for i in inquiries} == {"decline", "refer", "staff", "accept"}
    assert {i.language for i in inquiries} == {"en", "es", "fr", "th", "hi"}
    assert all(i.latest_screening is not None for i in inquiries)
    assert not mail.outbox  # demo inquiries send no e-mail
