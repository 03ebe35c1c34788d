"""Journey 5: a check-in with a warning sign shows the alert of its tier, linked
to the guide; an emergency answer, on a phone, is the first thing on screen and
stays on top of the dashboard until the person says they have read it."""

from collections.abc import Iterator

import pytest
from django.urls import reverse

from exercises.selectors import seek_help_url
from journal.models import CheckIn

from .browser import PHONE, CheckedPage
from .conftest import AUDIT, log_in


def test_numbness_shows_the_soon_alert_with_a_link_to_the_guide(web, member):
    log_in(web, member)
    web.goto(reverse("journal:check-in"))
    page = web.page

    page.get_by_label("3", exact=True).check()
    page.get_by_label("Numbness or tingling in the hip or leg").check()
    web.click(page.get_by_role("button", name="Save check-in"))

    alert = page.get_by_role("alert")
    assert "Book an appointment soon" in alert.inner_text()
    assert "numbness or tingling in the hip or leg" in alert.inner_text().lower()
    entry = CheckIn.objects.get(user=member)
    assert entry.numbness_or_tingling and entry.pain_score == 3

    web.click(alert.get_by_role("link", name="Read when to seek medical attention"))
    assert page.url.endswith(seek_help_url())
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.lower() == "when to seek medical attention"

    # The dashboard carries the same alert while the sign is recent.
    web.goto(reverse("journal:dashboard"))
    assert "numbness or tingling" in page.get_by_role("alert").inner_text().lower()


@pytest.fixture
def phone(browser, live_server) -> Iterator[CheckedPage]:
    """A 375 x 812 phone, checked like every journey's page."""
    context = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id="UTC")
    context.set_default_timeout(15_000)
    checked = CheckedPage(context.new_page(), live_server.url, AUDIT)
    yield checked
    context.close()
    checked.assert_all_checked()


def in_viewport(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 812


def test_an_emergency_answer_on_a_phone_is_the_first_thing_on_screen(phone, member):
    log_in(phone, member)
    phone.goto(reverse("journal:check-in"))
    page = phone.page

    page.get_by_label("5", exact=True).check()
    page.get_by_label("Fever with a hot, red or swollen hip").check()
    page.get_by_label("New weakness in one leg").check()
    phone.click(page.get_by_role("button", name="Save check-in"))

    emergency = page.locator("main > .triage-alert").first
    assert "Get emergency help now" in emergency.inner_text()
    assert "999 in the UK, 112 in the EU, 911 in the US" in emergency.inner_text()
    # The first thing in main, above the page's heading, on screen at load.
    assert (
        page.evaluate(
            "() => document.querySelector('main').firstElementChild.dataset.tier"
        )
        == "emergency"
    )
    assert page.evaluate("() => window.scrollY") == 0
    assert in_viewport(emergency.get_by_role("heading"))
    assert in_viewport(emergency.locator(".triage-advice"))
    heading = page.get_by_role("heading", level=1)
    assert emergency.bounding_box()["y"] < heading.bounding_box()["y"]
    # Above the confirmation that the check-in was saved too.
    saved = page.get_by_role("status").filter(has_text="saved")
    assert emergency.bounding_box()["y"] < saved.bounding_box()["y"]
    # Then the same-day reason, in its own block.
    tiers = page.locator("main > .triage-alert").evaluate_all(
        "(blocks) => blocks.map((block) => block.dataset.tier)"
    )
    assert tiers == ["emergency", "same-day"]

    # The dashboard keeps it on top until it is acknowledged.
    phone.goto(reverse("journal:dashboard"))
    top = page.locator("main > .triage-alert").first
    assert "Get emergency help now" in top.inner_text()
    assert in_viewport(top.get_by_role("heading"))
    phone.click(top.get_by_role("button", name="I have read this advice"))

    entry = CheckIn.objects.get(user=member)
    assert entry.emergency_acknowledged_at is not None
    assert "Noted: you have read the emergency advice" in page.inner_text("body")
    # Still recent: still shown, most urgent first, without the button.
    top = page.locator("main > .triage-alert").first
    assert "Get emergency help now" in top.inner_text()
    assert top.get_by_role("button").count() == 0
