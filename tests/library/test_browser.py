"""A librarian creates, uploads, reviews, publishes and withdraws a resource in a real browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.accounts.factories import PASSWORD
from tests.conftest import log_in_page, page_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def status_of(response: Any) -> int:
    assert response is not None
    return int(response.status)


def test_librarian_curates_in_the_browser(
    live_server: Any, browser: Any, librarian: Any, lima: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    upload = tmp_path / "vendors.txt"
    upload.write_text("Street vendors in Lima organise for access to public space.")
    staff_context = browser.new_context()
    public_context = browser.new_context()
    try:
        staff = staff_context.new_page()
        log_in_page(staff, live_server, librarian.username, PASSWORD)

        staff.goto(f"{live_server.url}/en/library/new/")
        staff.locator("#id_title").fill("Street vendors in Lima")
        staff.locator("#id_creators").fill("Roever, Sally\nWIEGO")
        staff.locator("#id_type").select_option("policy-brief")
        staff.locator("#id_language").select_option("es")
        staff.locator("#id_year").fill("2030")
        staff.get_by_role("button", name="Save").click()
        expect(staff.get_by_text("is in the future")).to_be_visible()  # a clear message
        staff.locator("#id_year").fill("2019")
        staff.get_by_label("Lima", exact=True).check()
        staff.get_by_role("button", name="Save").click()
        expect(staff.get_by_role("heading", level=1)).to_have_text("Street vendors in Lima")
        url = staff.url

        staff.locator("#id_file").set_input_files(str(upload))
        staff.get_by_role("button", name="Upload").click()
        expect(staff.get_by_role("link", name="vendors.txt")).to_be_visible()

        anonymous = public_context.new_page()
        assert status_of(anonymous.goto(url)) == 404  # a draft is not public

        staff.get_by_role("button", name="Send for review").click()
        expect(staff.get_by_text("Sent for review.")).to_be_visible()
        staff.get_by_role("button", name="Publish").click()
        expect(staff.get_by_text("Published.")).to_be_visible()

        assert status_of(anonymous.goto(url)) == 200
        expect(anonymous.get_by_text("Roever, S.").first).to_be_visible()  # Cite this
        anonymous.goto(f"{live_server.url}/en/library/?city=lima")
        expect(anonymous.get_by_role("link", name="Street vendors in Lima")).to_be_visible()

        staff.get_by_role("link", name="Withdraw").click()
        staff.locator("#id_reason").fill("Replaced by a newer brief")
        staff.get_by_role("button", name="Withdraw").click()
        expect(staff.get_by_text("Withdrawn. The page now shows a notice.")).to_be_visible()

        assert status_of(anonymous.goto(url)) == 410
        expect(anonymous.get_by_text("Replaced by a newer brief")).to_be_visible()
    finally:
        staff_context.close()
        public_context.close()


def test_library_pages_fit_a_phone_in_thai(live_server: Any, phone_page: Any) -> None:
    from tests.library.factories import resource_with_creators

    resource = resource_with_creators(
        title="พระราชบัญญัติคุ้มครองผู้รับงานไปทำที่บ้าน พ.ศ. 2553 " * 3,
        language="th",
        url="https://example.org/" + "a-very-long-address-without-spaces" * 5,
        abstract="https://example.org/" + "a-long-address-in-an-abstract" * 5,
    )
    for path in ("/th/library/", f"/th/library/{resource.pk}/"):
        response = phone_page.goto(f"{live_server.url}{path}")
        assert status_of(response) == 200
        assert page_width(phone_page) <= 360, path


def test_keyword_on_a_resource_page_leads_to_its_subject_page(
    live_server: Any, browser: Any
) -> None:
    """A reader follows a keyword from a resource page and finds the resource on the subject's
    page; the page and the A-Z index fit a 360 px phone, without JavaScript."""
    from playwright.sync_api import expect

    from tests.library.factories import resource_with_creators

    resource = resource_with_creators(
        ("Roever", "Sally"), title="Street vendors and public space", keywords=["public space"]
    )
    resource_with_creators(("Chen", "Martha"), title="Thai street food", keywords=["อาหารริมทาง"])
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}{resource.get_absolute_url()}")
        page.get_by_role("link", name="public space").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Subject: public space")
        expect(page.get_by_role("link", name="Street vendors and public space")).to_be_visible()
        assert page.url.endswith("/en/library/subjects/public-space/")
        assert page_width(page) <= 360
        for path in ("/th/library/subjects/", "/hi/library/creators/", "/es/library/"):
            assert status_of(page.goto(f"{live_server.url}{path}")) == 200
            assert page_width(page) <= 360, path
        page.goto(f"{live_server.url}/th/library/subjects/")
        page.get_by_role("link", name="อาหารริมทาง").click()
        expect(page.get_by_role("link", name="Thai street food")).to_be_visible()
    finally:
        context.close()
