"""Submitting the Partnering form on a 360-px phone screen, in a real Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from plaza.inquiries.models import Inquiry


@pytest.mark.browser
def test_submit_form_on_a_phone(live_server: Any, chromium_path: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 360, "height": 740}, java_script_enabled=False)
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
        box = page.locator("button[type=submit]").last.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 360
        page.locator("form.inquiry-form button[type=submit]").click()
        page.wait_for_url("**/es/partnering/received/*/")
        reference = page.inner_text("#reference").strip()
        browser.close()
    inquiry = Inquiry.objects.get(reference=reference)
    assert inquiry.outcome == "decline"
