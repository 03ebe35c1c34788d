"""A person far from UTC, late in their evening (issue 12, case 1): a new
account's first check-in and session take the browser's zone and date, and
changing the zone in Plan settings moves, hides or future-dates nothing."""

import datetime
import re
import zoneinfo
from collections.abc import Iterator

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from journal.models import CheckIn, Plan, Session
from tests.factories import UserFactory

from .browser import CheckedPage
from .conftest import checked_pages, log_in

ROUTINE = "iliopsoas-relief"


def utc(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).astimezone(datetime.UTC)


CASES = [
    # 23:30 on Thursday 3 December on Kiritimati (UTC+14). Afterwards they pick
    # Pago Pago (UTC−11), where it is still 2 December: their entries are now
    # dated "tomorrow" and must stay shown and editable.
    pytest.param(
        "Pacific/Kiritimati",
        utc("2026-12-03T23:30:00+14:00"),
        # "pago" is inside "Galapagos" too: the search matches starts of words.
        ("pago", "Pacific/Pago_Pago"),
        id="kiritimati",
    ),
    # 22:30 on Wednesday 2 December in Los Angeles: already 3 December in UTC.
    # Afterwards they pick Tokyo, where it is 3 December.
    pytest.param(
        "America/Los_Angeles",
        utc("2026-12-02T22:30:00-08:00"),
        ("Tokyo", "Asia/Tokyo"),
        id="los-angeles",
    ),
]


@pytest.fixture
def far_web(browser, live_server, request) -> Iterator[CheckedPage]:
    """A browser in `request.param`'s zone (set by the test's parametrize)."""
    yield from checked_pages(browser, live_server, timezone_id=request.param)


def server_clock(monkeypatch, moment: datetime.datetime) -> None:
    """The live server runs in this process: its clock starts at `moment` and
    runs on from there."""
    real_now = timezone.now
    started = real_now()
    monkeypatch.setattr(timezone, "now", lambda: moment + (real_now() - started))


def day_heading(day: datetime.date) -> str:
    return f"Today, {day:%A} {day.day} {day:%B}"


@pytest.mark.parametrize(("far_web", "moment", "move_to"), CASES, indirect=["far_web"])
def test_a_person_far_from_utc_records_their_own_day(
    far_web, content, monkeypatch, moment, move_to
):
    web, page = far_web, far_web.page
    zone_name = page.evaluate("() => Intl.DateTimeFormat().resolvedOptions().timeZone")
    local_day = moment.astimezone(zoneinfo.ZoneInfo(zone_name)).date()
    server_clock(monkeypatch, moment)
    page.clock.install(time=moment)

    # The sign-up form already carries the browser's zone.
    web.goto(reverse("account_signup"))
    expect(page.locator("input[name=time_zone]")).to_have_value(zone_name)

    user = UserFactory()
    log_in(web, user)

    # The first check-in: the date defaults to the browser's day, and the
    # browser's zone goes with it.
    web.goto(reverse("journal:check-in"))
    expect(page.get_by_text("Dates follow the site’s time zone")).to_be_visible()
    expect(page.get_by_label("Date")).to_have_value(local_day.isoformat())
    page.locator("input[name=pain_score][value='3']").check()
    page.get_by_label("Numbness or tingling in the hip or leg").check()
    web.click(page.get_by_role("button", name="Save check-in"))
    check_in = CheckIn.objects.get(user=user)
    assert check_in.date == local_day
    plan = Plan.objects.get(user=user)
    assert (plan.time_zone, plan.time_zone_known) == (zone_name, True)

    # A guided session, recorded with the player's finish form.
    web.goto(reverse("journal:session", args=[ROUTINE]))
    finish = page.locator("[data-finish-form]")
    expect(
        page.get_by_text(f"Dates follow your time zone, {zone_name.replace('_', ' ')}")
    ).to_be_visible()
    finish.locator("input[name=pain_during][value='2']").check()
    finish.locator("input[name=effort][value='right']").check()
    page.clock.resume()
    web.click(finish.get_by_role("button", name="Record session"))
    session = Session.objects.get(user=user)
    assert session.date == local_day

    web.goto(reverse("journal:dashboard"))
    expect(page.get_by_role("heading", name=day_heading(local_day))).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Book an appointment soon")

    # They choose another zone in Plan settings, found with the search box.
    search, chosen = move_to
    web.goto(reverse("journal:plan"))
    page.get_by_label("Search time zones").fill(search)
    select = page.locator("select[name=time_zone]")
    expect(
        select.locator("option", has_text=re.compile(search, re.IGNORECASE))
    ).to_have_count(1)
    # The list is narrowed to it and the zone still selected.
    expect(select.locator("option")).to_have_count(2)
    select.select_option(chosen)
    web.click(page.get_by_role("button", name="Save plan"))
    assert Plan.objects.get(user=user).time_zone == chosen

    new_day = timezone.now().astimezone(zoneinfo.ZoneInfo(chosen)).date()
    check_in.refresh_from_db()
    session.refresh_from_db()
    assert (check_in.date, session.date) == (local_day, local_day)
    web.goto(reverse("journal:dashboard"))
    expect(page.get_by_role("heading", name=day_heading(new_day))).to_be_visible()
    expect(page.get_by_text("Your journal is empty")).to_have_count(0)
    expect(page.get_by_role("alert")).to_contain_text("Book an appointment soon")
    expect(
        page.locator(f"a[href='{check_in.get_absolute_url()}']").first
    ).to_be_visible()
    expect(
        page.locator(f"a[href='{session.get_absolute_url()}']").first
    ).to_be_visible()

    # Both entries can still be edited, keeping their dates.
    web.goto(reverse("journal:check-in-edit", args=[check_in.pk]))
    expect(page.get_by_label("Date")).to_have_value(local_day.isoformat())
    web.click(page.get_by_role("button", name="Save changes"))
    assert page.url == web.url(check_in.get_absolute_url())
    web.goto(reverse("journal:session-edit", args=[session.pk]))
    web.click(page.get_by_role("button", name="Save changes"))
    assert page.url == web.url(session.get_absolute_url())
    check_in.refresh_from_db()
    session.refresh_from_db()
    assert (check_in.date, session.date) == (local_day, local_day)
