"""The function score (PSFS) in a browser, by keyboard alone: the dashboard's
card, the form on a phone (375 and 320 px) and at a desktop width, its errors,
the chart it lands on, and "Not now". Every page state is checked by axe-core
(CheckedPage.check), and focus is visible at every Tab stop (test_keyboard)."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse

from journal import selectors
from journal.models import FunctionScore, Plan
from tests.factories import PlanFactory, function_score

from .browser import PHONE, SMALL_PHONE_WIDTH
from .conftest import log_in
from .test_keyboard import tab

DASHBOARD = reverse("journal:dashboard")
PAGE = reverse("journal:function")
CARD = "How is your hip limiting what you do?"
# Where the journeys leave their pictures, to be looked at (not the README's).
SHOTS = Path(os.environ.get("FUNCTION_SHOTS", "/tmp/function-shots"))


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True, animations="disabled")


def tab_to(page, *, field: str = "", text: str = "", limit: int = 80) -> dict:
    """Press Tab (each stop's focus checked visible) until the focus is on the
    form field named `field`, or on the link or button reading `text` (its
    visible words; a visually hidden part, which innerText sets apart by a
    space, may follow)."""
    stops = []
    for _ in range(limit):
        try:
            focus = tab(page)
        except AssertionError as error:  # past the end of the page
            pytest.fail(f"no Tab stop {field or text!r} among {stops}: {error}")
        words = focus["text"].replace(" :", ":")
        if (field and focus["field"] == field) or (text and words == text):
            return focus
        stops.append(focus["text"] or focus["field"])
    pytest.fail(f"no Tab stop {field or text!r} among {stops}")


def rate(page, position: int, activity: str | None, ability: str) -> None:
    """Type an activity's name (unless it is there already) and its rating,
    by keyboard: a select takes the typed number as its choice."""
    if activity is not None:
        tab_to(page, field=f"activity_{position}")
        page.keyboard.type(activity)
    tab_to(page, field=f"ability_{position}")
    page.keyboard.type(ability)
    chosen = page.evaluate("() => document.activeElement.value")
    assert chosen == ability, f"typing {ability} chose {chosen!r}"


@pytest.fixture
def person(member):
    PlanFactory(user=member)
    return member


def test_a_first_score_on_a_phone_by_keyboard_alone(web, person):
    page = web.page
    web.phone_widths.append(SMALL_PHONE_WIDTH)
    page.set_viewport_size(PHONE)
    log_in(web, person)

    web.goto(DASHBOARD)
    assert page.get_by_role("region", name=CARD).is_visible()
    shot(page, "phone-1-dashboard-card")
    tab_to(page, text="Rate now")
    web.press("Enter")
    assert page.url == web.url(PAGE)
    assert page.get_by_text("No scores yet").is_visible()
    shot(page, "phone-2-empty")

    # Two activities, and the second's rating forgotten: the form says so.
    rate(page, 0, "Climbing stairs", "4")
    tab_to(page, field="activity_1")
    page.keyboard.type("Running")
    tab_to(page, text="Save ratings")
    web.press("Enter")
    assert not FunctionScore.objects.filter(user=person).exists()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate(
        "() => document.activeElement.hasAttribute('data-error-summary')"
    )
    third = page.locator("#id_activity_2_error")
    assert "Name at least 3 activities (you named 2)" in third.inner_text()
    assert "Rate “Running” from 0" in page.locator("#id_ability_1_error").inner_text()
    shot(page, "phone-3-errors")

    # The summary's first link leads to its field.
    tab(page)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "id_ability_1"
    page.keyboard.type("2")
    rate(page, 2, "Putting on socks", "9")
    tab_to(page, text="Save ratings")
    web.press("Enter")

    score = FunctionScore.objects.get(user=person)
    assert list(score.ratings.values_list("activity", "ability")) == [
        ("Climbing stairs", 4),
        ("Running", 2),
        ("Putting on socks", 9),
    ]
    assert page.url == web.url(PAGE + "#history")
    assert "saved (5.0 out of 10)" in page.get_by_role("status").inner_text()
    chart = page.get_by_role("img", name="Your function score over time")
    assert chart.is_visible()
    assert chart.locator(".function-mark-first").count() == 1
    shot(page, "phone-4-history")
    page.set_viewport_size({"width": SMALL_PHONE_WIDTH, "height": PHONE["height"]})
    shot(page, "phone-5-history-320")

    web.goto(DASHBOARD)
    assert page.get_by_role("region", name=CARD).count() == 0
    assert page.get_by_role("link", name="Your function score").is_visible()


def test_a_second_score_at_a_desktop_shows_a_real_change(web, person):
    page = web.page
    today = selectors.user_today(Plan.objects.get(user=person))
    function_score(
        person,
        today - datetime.timedelta(days=14),
        [2, 2, 5],
        ["Running", "Climbing stairs", "Putting on socks"],
    )
    log_in(web, person)

    web.goto(DASHBOARD)
    assert page.get_by_role("region", name=CARD).is_visible()
    shot(page, "desktop-1-dashboard-card")
    tab_to(page, text="Rate now")
    web.press("Enter")
    # The same activities as last time, to rate again.
    assert page.locator("#id_activity_0").input_value() == "Running"
    assert page.locator("#id_ability_0").input_value() == ""
    assert page.get_by_text("starts its own comparison afresh").is_visible()
    shot(page, "desktop-2-again")

    rate(page, 0, None, "6")  # +4: a real change for the activity
    rate(page, 1, None, "4")
    rate(page, 2, None, "5")
    tab_to(page, text="Save ratings")
    web.press("Enter")

    assert page.url == web.url(PAGE + "#history")
    chart = page.get_by_role("img", name="Your function score over time")
    assert chart.locator(".function-mark-real").count() == 1
    tab_to(page, text="Your function score over time: data table")
    page.keyboard.press("Enter")  # opens the table (no new document)
    table = page.get_by_role("table").inner_text()
    assert "+2.0" in table and "Yes, better" in table
    assert page.get_by_text("up 4 since its first rating: a real change").is_visible()
    shot(page, "desktop-3-history")

    # Today's score is there: the page says saving again replaces it.
    web.goto(PAGE)
    assert page.get_by_text("You have rated your function today").is_visible()
    shot(page, "desktop-4-today")
    web.goto(DASHBOARD)
    assert page.get_by_role("region", name=CARD).count() == 0
    # Deleting a score asks first.
    latest = FunctionScore.objects.filter(user=person).first()
    web.goto(reverse("journal:function-delete", args=[latest.pk]))
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Delete your function score of")
    )


def test_not_now_by_keyboard_puts_the_card_off(web, person):
    page = web.page
    log_in(web, person)
    web.goto(DASHBOARD)

    # Not the history question's "Not now", which comes first.
    tab_to(page, text="Not now: ask me about my function later")
    web.press("Enter")

    until = Plan.objects.get(user=person).function_snoozed_until
    assert until == selectors.user_today(Plan.objects.get(user=person)) + (
        datetime.timedelta(days=7)
    )
    assert page.url == web.url(DASHBOARD)
    assert "will ask again on" in page.get_by_role("status").inner_text()
    assert page.get_by_role("region", name=CARD).count() == 0
    shot(page, "desktop-5-not-now")
