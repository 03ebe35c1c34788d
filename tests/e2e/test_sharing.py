"""Issue 19: the report's Print / Save as PDF button, and a share link made,
copied, opened logged out in a fresh browser, and revoked. Every state is
checked with axe-core, at desktop size and 375 px."""

import datetime
import os
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from journal import services
from journal.models import Trigger
from tests.factories import CheckInFactory, PlanFactory, SessionFactory

from .browser import PHONE, SMALL_PHONE_WIDTH, CheckedPage
from .conftest import AUDIT, log_in

DAY = datetime.timedelta(days=1)
# Where the screenshots go, to be looked at (SHARING_SHOTS=/some/dir).
SHOTS = Path(os.environ.get("SHARING_SHOTS", "/tmp/sharing-shots"))


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)
    viewport = page.viewport_size
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SHOTS / f"{name}-375.png"), full_page=True)
    page.set_viewport_size(viewport)


def fill(user) -> None:
    today = datetime.datetime.now(datetime.UTC).date()
    PlanFactory(user=user, report_name="Sam Lee", time_zone="UTC", time_zone_known=True)
    check_in = CheckInFactory(
        user=user,
        date=today - 2 * DAY,
        pain_score=6,
        side="left",
        trigger_other="gardening",
        medication="Ibuprofen 400 mg",
        notes="Stiff after a long drive.",
    )
    check_in.triggers.set(Trigger.objects.filter(slug="long-sitting"))
    CheckInFactory(user=user, date=today, pain_score=3, side="both")
    SessionFactory(user=user, date=today - DAY, notes="Bridges felt easier.")
    services.function_record(
        user=user,
        date=today - 20 * DAY,
        ratings=[("Climbing stairs", 3), ("Running", 1), ("Putting on socks", 5)],
    )
    services.function_record(
        user=user,
        date=today - 3 * DAY,
        ratings=[("Climbing stairs", 6), ("Running", 3), ("Putting on socks", 6)],
    )


def test_the_print_button_prints_and_is_left_off_paper(web: CheckedPage, member):
    fill(member)
    page = web.page
    log_in(web, member)
    web.goto(reverse("journal:report"))
    # Stubbed: a real print dialog would block the headless browser.
    page.evaluate(
        "() => { window.__printed = 0; window.print = () => window.__printed++; }"
    )

    button = page.get_by_role("button", name="Print / Save as PDF")
    expect(button).to_be_visible()
    # The hint for browsers without the button goes when it shows (a
    # newcomer saw both).
    expect(page.get_by_text("use your browser’s print command")).to_be_hidden()
    button.click()

    assert page.evaluate("() => window.__printed") == 1
    shoot(page, "report")
    page.emulate_media(media="print")
    expect(button).to_be_hidden()
    expect(page.get_by_role("link", name="Share a link to this report")).to_be_hidden()
    expect(page.get_by_text("Function score (PSFS)")).to_be_visible()


def test_the_print_button_stays_hidden_without_javascript(browser, live_server, member):
    context = browser.new_context(java_script_enabled=False)
    try:
        client = Client()
        client.force_login(member)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
        page = context.new_page()
        page.goto(live_server.url + reverse("journal:report"))

        expect(page.get_by_text("use your browser’s print command")).to_be_visible()
        expect(page.locator("button[data-print]")).to_be_hidden()
    finally:
        context.close()


def test_make_open_and_revoke_a_share_link(
    web: CheckedPage, browser, live_server, member
):
    fill(member)
    page = web.page
    web.phone_widths.append(SMALL_PHONE_WIDTH)
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=web.base_url
    )
    log_in(web, member)
    web.goto(reverse("journal:report"))
    web.click(page.get_by_role("link", name="Share a link to this report"))
    expect(page.get_by_text("You have not made a link yet.")).to_be_visible()
    shoot(page, "share-list-empty")

    page.get_by_label("Who it is for (optional)").fill("Dr Patel, physio")
    page.get_by_label("7 days").check()
    web.click(page.get_by_role("button", name="Make the link"))

    new = page.locator("#new-link")
    expect(new).to_contain_text("Copy it now: it cannot be shown again.")
    address = page.locator("#new-link-url").input_value()
    assert address.startswith(f"{live_server.url}/journal/shared/")
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("#new-link-status")).to_have_text(
        "Copied. Paste it into an email or message to the person it is for."
    )
    assert page.evaluate("() => navigator.clipboard.readText()") == address
    shoot(page, "share-list-new")

    # Someone with the link, in a browser with no session of the person's.
    reader = browser.new_context(locale="en-GB", timezone_id="Europe/Berlin")
    try:
        other = CheckedPage(reader.new_page(), live_server.url, AUDIT)
        other.phone_widths.append(SMALL_PHONE_WIDTH)
        other.goto(address.removeprefix(live_server.url))
        shared = other.page
        expect(shared.get_by_role("heading", level=1)).to_have_text(
            "Pain and exercise report"
        )
        expect(shared.locator(".shared-banner")).to_contain_text(
            "A read-only copy, shared by Sam Lee."
        )
        expect(shared.get_by_text("Stiff after a long drive.")).to_be_visible()
        expect(shared.get_by_text("Bridges felt easier.")).to_be_visible()
        assert shared.locator("form").count() == 0
        assert shared.locator("nav").count() == 0
        shoot(shared, "shared-report")

        # The owner sees the open, and revokes the link.
        web.goto(reverse("journal:share-list"))
        item = page.locator(".share-item", has_text="For Dr Patel, physio")
        expect(item).to_contain_text("Opened1 time")
        expect(item).to_contain_text("by someone with the link")
        expect(page.locator("#new-link")).to_have_count(0)
        shoot(page, "share-list-links")
        web.click(item.get_by_role("button", name="Revoke the link for Dr Patel"))
        expect(page.locator(".messages")).to_contain_text("is revoked")
        expect(item).to_contain_text("StatusRevoked")

        other.goto(address.removeprefix(live_server.url), status=404)
        expect(shared.get_by_role("heading", level=1)).to_have_text(
            "This link does not work"
        )
        shoot(shared, "shared-gone")
        other.assert_all_checked()
    finally:
        reader.close()
