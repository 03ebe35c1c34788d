"""Issue 12, case 2, in the browser: choosing a date that already has a
check-in opens that check-in (check_in.js) while nothing else is entered, and
otherwise the server asks before replacing it."""

import datetime

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from journal.models import CheckIn
from tests.factories import CheckInFactory

from .browser import CheckedPage
from .conftest import log_in


def test_a_taken_date_opens_that_check_in_or_asks_before_replacing_it(
    web: CheckedPage, member
):
    yesterday = timezone.now().date() - datetime.timedelta(days=1)
    entry = CheckInFactory(user=member, date=yesterday, pain_score=7, notes="Sore.")
    log_in(web, member)
    page = web.page

    web.goto(reverse("journal:check-in"))
    with page.expect_navigation():
        page.locator("#id_date").fill(yesterday.isoformat())
    web.check()
    assert page.url == web.url(reverse("journal:check-in-edit", args=[entry.pk]))
    expect(page.locator("#id_notes")).to_have_value("Sore.")

    # Something entered first: no reload, and saving asks instead.
    web.goto(reverse("journal:check-in"))
    page.get_by_label("2", exact=True).check()
    page.locator("#id_date").fill(yesterday.isoformat())
    web.click(page.get_by_role("button", name="Save check-in"))
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".existing-check-in")).to_contain_text("Sore.")
    entry.refresh_from_db()
    assert entry.pain_score == 7

    page.get_by_label("Replace that check-in with this one").check()
    web.click(page.get_by_role("button", name="Save check-in"))
    assert CheckIn.objects.get(user=member, date=yesterday).pain_score == 2

    # Today taken: the new form shows today's check-in; choosing a free date
    # hides that box, which is about today only (found by a newcomer).
    CheckInFactory(user=member, date=timezone.now().date(), pain_score=1)
    web.goto(reverse("journal:check-in"))
    box = page.locator(".existing-check-in")
    expect(box).to_contain_text("You already checked in today")
    page.get_by_label("3", exact=True).check()
    page.locator("#id_date").fill((yesterday - datetime.timedelta(days=3)).isoformat())
    expect(box).to_be_hidden()
