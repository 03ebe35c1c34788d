"""The header on a phone (issue 12, case 8): one row with a "Menu" button that
opens and closes with the keyboard, a long address that never widens the page,
and the navigation still there without JavaScript. On a desktop it stays one
row with no menu button."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import UserFactory

from .browser import CheckedPage
from .conftest import log_in

LONG_EMAIL = "a.person.with.a.very.long.address.for.the.header@example-hospital.org"
ONE_ROW = 80  # px: the brand and one line of links or the menu button


def _header_height(web: CheckedPage) -> float:
    return web.page.locator(".site-header").bounding_box()["height"]


def _focused(web: CheckedPage) -> str:
    return web.page.evaluate(
        "() => (document.activeElement.getAttribute('aria-label') || "
        "document.activeElement.textContent).trim()"
    )


@pytest.fixture
def long_email_member(content):
    return UserFactory(email=LONG_EMAIL)


@pytest.mark.parametrize("width", [320, 375])
def test_on_a_phone_the_header_is_one_row_with_a_keyboard_menu(
    web: CheckedPage, long_email_member, width
):
    assert len(LONG_EMAIL) >= 60
    page = web.page
    page.set_viewport_size({"width": width, "height": 800})
    log_in(web, long_email_member)
    web.goto(reverse("journal:dashboard"))

    assert _header_height(web) < ONE_ROW
    menu = page.get_by_role("button", name="Menu")
    main_nav = page.get_by_role("navigation", name="Main")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_attribute("aria-controls", "site-menu")
    expect(main_nav).to_be_hidden()

    # Open with Enter from the keyboard; the current page keeps aria-current.
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    journal = main_nav.get_by_role("link", name="Journal")
    expect(journal).to_be_visible()
    expect(journal).to_have_attribute("aria-current", "page")
    account = page.get_by_role("link", name=f"Account settings for {LONG_EMAIL}")
    expect(account).to_be_visible()
    box = account.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width

    # Tab goes into the menu, with a visible focus ring.
    page.keyboard.press("Tab")
    assert _focused(web) == "Home"
    outline = page.evaluate(
        "() => getComputedStyle(document.activeElement).outlineStyle"
    )
    assert outline != "none"

    # Escape closes it and gives focus back to the button.
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(main_nav).to_be_hidden()
    assert _focused(web) == "Menu"
    assert _header_height(web) < ONE_ROW

    # Space opens it again, and the button closes it.
    page.keyboard.press("Space")
    expect(journal).to_be_visible()
    page.keyboard.press("Enter")
    expect(main_nav).to_be_hidden()


def test_on_a_desktop_the_header_is_one_row_without_a_menu_button(
    web: CheckedPage, long_email_member
):
    page = web.page
    log_in(web, long_email_member)
    web.goto(reverse("exercises:guide"))

    assert page.viewport_size["width"] == 1280
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    guide = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Guide"
    )
    expect(guide).to_have_attribute("aria-current", "page")
    expect(
        page.get_by_role("link", name=f"Account settings for {LONG_EMAIL}")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert _header_height(web) < ONE_ROW
    # Escape on a desktop leaves focus where it is.
    guide.focus()
    page.keyboard.press("Escape")
    assert _focused(web) == "Guide"


def test_without_the_menu_script_the_navigation_stays_visible(web: CheckedPage):
    page = web.page
    page.set_viewport_size({"width": 375, "height": 800})
    # As if the script never ran (blocked, failed, or JavaScript off).
    page.route(
        "**/menu.js",
        lambda route: route.fulfill(body="", content_type="text/javascript"),
    )
    web.goto(reverse("home"))

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Journal")
    ).to_be_visible()
    account_nav = page.get_by_role("navigation", name="Account")
    expect(account_nav.get_by_role("link", name="Log in")).to_be_visible()
