"""Issue 19: the month view in a browser, on a phone (320 and 375 px) and a
desktop, with the keyboard between days and months, and axe-core clean with
data and empty; the trend page filtered, with and without a match.

Set E2E_SHOTS to a folder to keep the screenshots taken here."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import CheckIn, Session, Trigger
from tests.factories import PlanFactory

from .browser import DESKTOP, PHONE, SMALL_PHONE_WIDTH, CheckedPage
from .conftest import log_in

DAY = datetime.timedelta(days=1)


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("E2E_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def diary(member):
    """Three months of check-ins ending today, sessions three days a week, a
    warning sign every tenth day and a trigger every third."""
    PlanFactory(user=member)
    today = timezone.now().date()
    days = [today - n * DAY for n in range(92)]
    check_ins = CheckIn.objects.bulk_create(
        CheckIn(
            user=member,
            date=day,
            pain_score=(n * 3) % 11,
            night_pain=n % 10 == 4,
            side="left" if n % 2 else "right",
        )
        for n, day in enumerate(days)
    )
    # A transactional test starts without the seeded tags: make two of them.
    running, _ = Trigger.objects.get_or_create(
        slug="running", defaults={"name": "Running", "position": 20}
    )
    Trigger.objects.get_or_create(
        slug="long-sitting", defaults={"name": "Long sitting", "position": 10}
    )
    CheckIn.triggers.through.objects.bulk_create(
        CheckIn.triggers.through(checkin=row, trigger=running) for row in check_ins[::3]
    )
    Session.objects.bulk_create(
        Session(user=member, date=day, pain_during=2, effort="right")
        for day in days
        if day.weekday() in {0, 2, 4}
    )
    return today


# The drawn size, in CSS px, of each visible text of the SVG that holds
# `selector`: its font size times the SVG's scale on the screen.
DRAWN_TEXT_SIZES = """(selector) => {
  const svg = document.querySelector(selector).closest("svg");
  return Array.from(svg.querySelectorAll("text"))
    .filter((text) => getComputedStyle(text).display !== "none")
    .map((text) => [
      text.textContent,
      parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a,
    ]);
}"""


def previous_month(today: datetime.date) -> datetime.date:
    return (today.replace(day=1) - DAY).replace(day=1)


def month_url(first: datetime.date) -> str:
    return reverse(
        "journal:month-of", kwargs={"year": first.year, "month": first.month}
    )


def focused_date(page) -> str | None:
    return page.evaluate("() => document.activeElement.getAttribute('data-date')")


def test_month_view_on_a_phone_and_a_desktop(web: CheckedPage, member, diary, shots):
    web.phone_widths.append(SMALL_PHONE_WIDTH)
    page = web.page
    log_in(web, member)

    web.goto(reverse("journal:month"))

    today = diary
    assert page.locator("h1").inner_text() == f"{today:%B %Y}"
    table = page.get_by_role("table")
    assert table.locator("caption").inner_text().startswith(f"{today:%B %Y}: each day")
    assert table.locator("thead th").first.inner_text().split() == ["Mon", "Monday"]
    current = page.locator("td[aria-current='date'] a.month-link")
    # The name a screen reader gives the day: its date, pain and marks.
    assert "today" in current.text_content()
    assert current.get_attribute("href").startswith("/journal/check-ins/")
    page.screenshot(path=shots / "month-desktop.png", full_page=True)
    for width in (PHONE["width"], SMALL_PHONE_WIDTH):
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        page.screenshot(path=shots / f"month-{width}.png", full_page=True)
        table.screenshot(path=shots / f"month-grid-{width}.png")
        # Seven columns fit: the table is as wide as the page's content.
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    page.set_viewport_size(DESKTOP)

    # A whole month of entries, with warning signs, on the smallest phone.
    web.goto(month_url(previous_month(today)))
    signs = page.locator("td .month-sign")
    assert signs.count() >= 2
    assert "warning sign: " in signs.first.text_content()
    page.set_viewport_size({"width": SMALL_PHONE_WIDTH, "height": PHONE["height"]})
    table.screenshot(path=shots / "month-grid-full-320.png")
    page.set_viewport_size(DESKTOP)
    table.screenshot(path=shots / "month-grid-full-desktop.png")


def test_the_keyboard_moves_between_days_and_months(web: CheckedPage, member, diary):
    page = web.page
    log_in(web, member)
    first = previous_month(diary)
    web.goto(month_url(first))
    links = page.locator("a.month-link[data-date]")
    # One tab stop for the calendar (roving tabindex), on its first day.
    assert page.locator("a.month-link[tabindex='0']").count() == 1
    assert links.count() == page.locator("a.month-link[tabindex='-1']").count() + 1
    assert page.locator("#month-keys").is_visible()

    links.first.focus()
    assert focused_date(page) == first.isoformat()
    page.keyboard.press("ArrowRight")
    assert focused_date(page) == (first + DAY).isoformat()
    page.keyboard.press("ArrowDown")
    assert focused_date(page) == (first + 8 * DAY).isoformat()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowLeft")
    assert focused_date(page) == first.isoformat()
    page.keyboard.press("End")
    sunday = first + (6 - first.weekday()) * DAY
    assert focused_date(page) == sunday.isoformat()
    page.keyboard.press("Home")
    assert focused_date(page) == first.isoformat()
    # The tab stop follows the focus.
    assert (
        page.locator("a.month-link[tabindex='0']").get_attribute("data-date")
        == first.isoformat()
    )

    # Page Down opens the next month with the keyboard still in the calendar.
    web.press("PageDown")
    assert page.locator("h1").inner_text() == f"{diary:%B %Y}"
    assert focused_date(page) == diary.isoformat()
    web.press("PageUp")
    assert page.locator("h1").inner_text() == f"{first:%B %Y}"
    assert focused_date(page) is not None

    # Enter on a day opens its check-in.
    links.nth(2).focus()
    web.press("Enter")
    assert "/journal/check-ins/" in page.url


def test_the_month_links_work_without_the_script(browser, live_server, member, diary):
    """Without JavaScript every day is its own tab stop, and the hint about
    the arrow keys stays hidden."""
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    checked = CheckedPage(page, live_server.url, audit=type("A", (), {})())
    log_in(checked, member)
    page.goto(live_server.url + reverse("journal:month"))
    try:
        assert page.locator("a.month-link[tabindex]").count() == 0
        assert not page.locator("#month-keys").is_visible()
    finally:
        context.close()


def test_an_empty_month_is_accessible(web: CheckedPage, member):
    PlanFactory(user=member)
    log_in(web, member)

    web.goto(month_url(datetime.date(2024, 2, 1)))

    assert "Nothing recorded in February 2024" in web.page.locator("main").inner_text()
    # 29 days in February 2024, each a link to a new check-in.
    assert web.page.locator("a.month-link[href*='?date=']").count() == 29


def test_the_filtered_trend_with_and_without_a_match(
    web: CheckedPage, member, diary, shots
):
    page = web.page
    log_in(web, member)

    web.phone_widths.append(SMALL_PHONE_WIDTH)
    web.goto(reverse("journal:trend") + "?trigger=running&side=left&range=12w")

    assert "check-ins match this filter" in page.locator("main").inner_text()
    assert page.locator("svg .chart-marks-session polygon").count() > 0
    # Every sixth day matches: points, no line between them, no average.
    chart = page.locator("#trend-chart-title").locator("xpath=..")
    assert chart.locator(".chart-dots circle").count() > 10
    assert chart.locator("polyline").count() == 0
    assert (
        "a thin line joins only consecutive days"
        in page.locator(".chart-legend").inner_text()
    )
    page.screenshot(path=shots / "trend-desktop.png", full_page=True)
    for width in (PHONE["width"], SMALL_PHONE_WIDTH):
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        page.screenshot(path=shots / f"trend-{width}.png", full_page=True)
        chart.screenshot(path=shots / f"trend-chart-{width}.png")
        # Issue 19, a newcomer: the axis text was 6 to 7 px high at 320 px.
        sizes = page.evaluate(DRAWN_TEXT_SIZES, "#trend-chart-title")
        assert sizes and min(size for _, size in sizes) >= 11, (width, sizes)
    page.set_viewport_size(DESKTOP)

    # Choose a trigger nobody used, with the form.
    page.get_by_label("What made it worse").select_option("long-sitting")
    web.click(page.get_by_role("button", name="Show"))

    assert "No check-in matches this filter" in page.locator("main").inner_text()
    web.goto(reverse("journal:trend") + "?side=up")
    assert "is not a side this page knows" in page.locator("main").inner_text()
