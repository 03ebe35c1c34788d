"""The reminders page on a phone (issue 18), from a device in another zone
than the plan's: a mistake, then reminders turned on with the keyboard and
seen in the page, then the calendar address made and copied. Every state is
checked with axe-core, at 375 and 320 px."""

import datetime
from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from journal.models import Plan, Reminder, ReminderKind
from tests.factories import PlanFactory, UserFactory

from .browser import PHONE, SMALL_PHONE_WIDTH, CheckedPage
from .conftest import checked_pages, log_in


@pytest.fixture
def web(browser, live_server) -> Iterator[CheckedPage]:
    """A device in New York; the plan's zone is Kiritimati's (UTC+14)."""
    yield from checked_pages(browser, live_server, timezone_id="America/New_York")


def test_turn_reminders_on_and_copy_the_calendar_address(web):
    page = web.page
    page.set_viewport_size(PHONE)
    web.phone_widths.append(SMALL_PHONE_WIDTH)
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=web.base_url
    )
    user = UserFactory()
    PlanFactory(
        user=user,
        weekly_target=3,
        time_zone="Pacific/Kiritimati",
        time_zone_known=True,
    )
    log_in(web, user)

    # Reminders follow the plan's zone, not this device's: the page says so.
    web.goto(reverse("journal:reminders"))
    mismatch = page.locator("#time-zone-mismatch")
    expect(mismatch).to_be_visible()
    expect(mismatch).to_have_text(
        "This device is in America/New York, but your reminders follow your "
        "plan’s time zone, Pacific/Kiritimati. If that is not where you are now, "
        "change it in your plan."
    )
    expect(
        mismatch.get_by_role("link", name="change it in your plan")
    ).to_have_attribute("href", reverse("journal:plan"))

    # The defaults: both off, sessions on the weekly target's days.
    expect(page.locator("#session-status")).to_have_text(
        "Session reminder: off. No session reminder emails."
    )
    days = page.get_by_role("group", name="Session days")
    for day in ("Monday", "Wednesday", "Friday"):
        expect(days.get_by_label(day, exact=True)).to_be_checked()
    expect(days.get_by_label("Tuesday", exact=True)).not_to_be_checked()

    # On, with no day: the error summary takes focus and links to the days.
    page.get_by_label("Email me on my session days").check()
    for day in ("Monday", "Wednesday", "Friday"):
        days.get_by_label(day, exact=True).uncheck()
    web.click(page.get_by_role("button", name="Save reminders"))
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "Session days: Choose at least one day, or turn session reminders off."
    )
    expect(page.get_by_label("Monday", exact=True)).to_have_attribute(
        "aria-invalid", "true"
    )
    assert not Reminder.objects.filter(user=user).exists()

    # Tuesday and the check-in reminder with Space, a time, then Enter.
    page.get_by_label("Tuesday", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_label("Email me a daily check-in reminder").focus()
    page.keyboard.press("Space")
    page.get_by_label("Check-in reminder time").fill("07:30")
    page.get_by_role("button", name="Save reminders").focus()
    web.press("Enter")

    expect(page.locator("#session-status")).to_contain_text(
        "Session reminder: on. Tuesday at 18:00, unless you have already recorded"
    )
    expect(page.locator("#check-in-status")).to_contain_text(
        "Check-in reminder: on. Every day at 07:30"
    )
    expect(page.locator("#check-in-status")).to_contain_text("Next email:")
    saved = {r.kind: r for r in Reminder.objects.filter(user=user)}
    assert saved[ReminderKind.SESSION].enabled and saved[ReminderKind.CHECK_IN].enabled
    assert saved[ReminderKind.CHECK_IN].time == datetime.time(7, 30)

    # The calendar address, shown once, copied with the button. The page
    # lands on the calendar section, with what happened in view there.
    web.click(page.get_by_role("button", name="Make my calendar address"))
    notice = (
        page.locator("#calendar")
        .get_by_role("status")
        .filter(has_text="Your calendar address is ready")
    )
    expect(notice).to_be_in_viewport()
    field = page.get_by_label("Your private calendar address")
    address = field.input_value()
    assert "/journal/calendar/" in address and address.endswith(".ics")
    copy = page.get_by_role("button", name="Copy address")
    copy.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Copied")).to_have_text(
        "Copied. Paste it into your calendar app."
    )
    assert page.evaluate("() => navigator.clipboard.readText()") == address
    expect(page.get_by_role("link", name="Add to Apple Calendar")).to_have_attribute(
        "href", "webcal://" + address.partition("://")[2]
    )
    web.check()

    # Shown once: a reload shows only that an address exists. With the
    # plan's zone the device's own, nothing is flagged.
    Plan.objects.filter(user=user).update(time_zone="America/New_York")
    web.goto(reverse("journal:reminders"))
    expect(field).to_have_count(0)
    expect(page.get_by_text("It was shown only once")).to_be_visible()
    expect(notice).to_have_count(0)
    expect(mismatch).to_be_hidden()
