"""Submitting the Partnering form on a 360-px phone screen, in a real Chromium, without JS."""

from __future__ import annotations

from typing import Any

import pytest

from plaza.inquiries.models import Inquiry


@pytest.mark.browser
def test_submit_form_on_a_phone_without_javascript(live_server: Any, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/es/partnering/")
        page.fill("#id_name", "Lucía Quispe")
        page.fill("#id_email", "lucia@example.org")
        page.select_option("#id_organisation_kind", "student")
        page.check("input[name=request_kinds][value=research-help]")
        page.check("input[name=request_kinds][value=worker-access]")
        page.fill("#id_topic", "vendedores ambulantes")
        page.fill(
            "#id_message",
            "Escribo mi tesis sobre vendedores ambulantes y quisiera entrevistas con vendedoras.",
        )
        page.select_option("#id_language", "es")
        send = page.locator("form.inquiry-form button[type=submit]")
        box = send.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 360  # fits the phone screen
        send.click()
        page.wait_for_url("**/es/partnering/received/*/")
        reference = page.inner_text("#reference").strip()
        links = page.locator("main a").evaluate_all("els => els.map(e => e.href)")
    finally:
        context.close()
    inquiry = Inquiry.objects.get(reference=reference)
    assert inquiry.outcome == "decline"
    assert any("/es/search/?q=vendedores+ambulantes" in href for href in links)
