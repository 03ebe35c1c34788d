"""Issue 19 in the browser: a check-in on a phone (375 and 320 px) with the
side and a trigger, the pain scale tapped as one row of targets, and chosen
with the arrow keys alone; axe-core clean on the form, new, with an error,
and an edit."""

import datetime
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from journal.models import CheckIn, Trigger
from tests.factories import CheckInFactory

from .browser import PHONE, SMALL_PHONE_WIDTH, CheckedPage
from .conftest import AUDIT, log_in

URL = reverse("journal:check-in")
# Where the pictures go, to look at (not kept in the repository).
SHOTS = Path(os.environ.get("CHECK_IN_SHOTS", "/tmp/check-in-diary-shots"))
# The smallest target WCAG 2.2 (2.5.8) allows, in CSS pixels.
MIN_TARGET = 24


@pytest.fixture
def triggers(content):
    """The seeded tags (a transactional test's database starts empty)."""
    return [
        Trigger.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )[0]
        for name, slug, position in [
            ("Long sitting", "long-sitting", 10),
            ("Running", "running", 20),
            ("Climbing stairs", "climbing-stairs", 30),
            ("Getting out of a car", "getting-out-of-a-car", 40),
            ("Lifting the knee", "lifting-the-knee", 50),
        ]
    ]


@pytest.fixture
def phone(browser, live_server) -> Iterator[CheckedPage]:
    """A touch phone 375 px wide, checked at 320 px too."""
    context = browser.new_context(
        viewport=PHONE,
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
        locale="en-GB",
        timezone_id="UTC",
    )
    context.set_default_timeout(15_000)
    checked = CheckedPage(context.new_page(), live_server.url, AUDIT)
    checked.phone_widths.append(SMALL_PHONE_WIDTH)
    yield checked
    context.close()
    checked.assert_all_checked()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True, animations="disabled")


def pain_cells(page: Page, name: str = "pain_score"):
    return page.locator(f"#id_{name} label")


def assert_one_row_of_targets(page: Page, name: str = "pain_score") -> list[dict]:
    """The 11 scores side by side, each at least MIN_TARGET square, on the
    page without scrolling sideways; and the anchors under 0 and 10."""
    cells = pain_cells(page, name)
    expect(cells).to_have_count(11)
    boxes = [cells.nth(score).bounding_box() for score in range(11)]
    width = page.viewport_size["width"]
    assert len({round(box["y"]) for box in boxes}) == 1, boxes
    for score, box in enumerate(boxes):
        assert box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET, (
            score,
            box,
        )
    assert boxes[0]["x"] >= 0 and boxes[-1]["x"] + boxes[-1]["width"] <= width
    low = page.locator(f"#id_{name} .pain-anchor").first
    high = page.locator(f"#id_{name} .pain-anchor").last
    expect(low).to_have_text("– no pain")
    expect(high).to_have_text("– worst pain imaginable")
    low_box, high_box = low.bounding_box(), high.bounding_box()
    bottom = boxes[0]["y"] + boxes[0]["height"]
    assert low_box["y"] >= bottom and high_box["y"] >= bottom
    assert abs(low_box["x"] - boxes[0]["x"]) <= 3
    right = boxes[-1]["x"] + boxes[-1]["width"]
    assert abs(high_box["x"] + high_box["width"] - right) <= 3
    assert high_box["x"] + high_box["width"] <= width
    # The anchors do not run into each other.
    assert low_box["x"] + low_box["width"] < high_box["x"]
    return boxes


def test_a_check_in_on_a_phone_with_side_and_a_trigger(phone, member, triggers):
    page = phone.page
    log_in(phone, member)
    phone.goto(URL)

    for width in (SMALL_PHONE_WIDTH, PHONE["width"]):
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        assert_one_row_of_targets(page)
        shot(page, f"new-{width}")

    page.set_viewport_size({"width": SMALL_PHONE_WIDTH, "height": PHONE["height"]})
    pain_cells(page).nth(6).tap()
    expect(page.get_by_role("radio", name="6", exact=True)).to_be_checked()
    # The chosen score shows a tick, not only another colour.
    tick = (
        pain_cells(page)
        .nth(6)
        .evaluate("(label) => getComputedStyle(label, '::before').content")
    )
    assert "✓" in tick
    page.get_by_text("Left hip", exact=True).tap()
    page.get_by_text("Running", exact=True).tap()
    page.get_by_label("Something else (optional)").fill("gardening")
    page.get_by_label("Medication or treatment taken (optional)").fill("Ice pack")
    shot(page, "filled-320")
    phone.click(page.get_by_role("button", name="Save check-in"))

    entry = CheckIn.objects.get(user=member)
    assert (entry.pain_score, entry.side, entry.trigger_other, entry.medication) == (
        6,
        "left",
        "gardening",
        "Ice pack",
    )
    assert [trigger.name for trigger in entry.triggers.all()] == ["Running"]
    expect(page.locator("main")).to_contain_text("Left hip")
    expect(page.locator("main")).to_contain_text("Running")
    shot(page, "detail-320")

    # The edit form: the choices ticked, and the earlier medication offered.
    phone.goto(reverse("journal:check-in-edit", args=[entry.pk]))
    expect(page.get_by_role("radio", name="6", exact=True)).to_be_checked()
    expect(page.get_by_role("radio", name="Left hip")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Running", exact=True)).to_be_checked()
    expect(page.locator("#medication-suggestions option")).to_have_attribute(
        "value", "Ice pack"
    )
    shot(page, "edit-320")

    phone.goto(reverse("journal:check-in-list"))
    expect(page.locator(".diary-cell").first).to_contain_text(
        "Worse with: Running; gardening"
    )
    shot(page, "list-320")


def test_pain_is_chosen_with_the_arrow_keys_and_the_focus_shows(
    web: CheckedPage, member, triggers
):
    page = web.page
    log_in(web, member)
    web.goto(URL)

    page.locator("#id_date").focus()
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == "pain_score":
            break
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("value", "0")
    for key in ["ArrowRight"] * 5 + ["ArrowLeft"]:
        page.keyboard.press(key)
    expect(page.get_by_role("radio", name="4", exact=True)).to_be_checked()
    expect(page.get_by_role("radio", name="4", exact=True)).to_be_focused()
    ring = (
        pain_cells(page)
        .nth(4)
        .evaluate(
            "(label) => { const s = getComputedStyle(label);"
            " return [s.outlineStyle, s.outlineWidth]; }"
        )
    )
    assert ring == ["solid", "3px"]
    # The others show none.
    assert pain_cells(page).nth(3).evaluate(
        "(label) => getComputedStyle(label).outlineStyle"
    ) in {"none", ""}
    shot(page, "keyboard-focus-desktop")

    # On to the side, by keyboard too.
    page.keyboard.press("Tab")
    # "Not said", chosen until the person says; the arrows go round.
    expect(page.locator(":focus")).to_have_attribute("name", "side")
    expect(page.locator(":focus")).to_have_attribute("value", "")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="Right hip")).to_be_checked()
    page.get_by_role("button", name="Save check-in").focus()
    web.press("Enter")

    entry = CheckIn.objects.get(user=member)
    assert (entry.pain_score, entry.side) == (4, "right")


def test_the_form_with_an_error_and_the_edit_form_pass_axe(
    phone: CheckedPage, member, triggers
):
    page = phone.page
    log_in(phone, member)
    phone.goto(URL)

    # No pain score, and a "something else" far longer than a word or two.
    page.get_by_text("Both hips", exact=True).tap()
    page.get_by_label("Something else (optional)").fill("x" * 61)
    phone.click(page.get_by_role("button", name="Save check-in"))

    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#id_trigger_other_error")).to_contain_text(
        "at most 60 characters"
    )
    expect(page.get_by_role("radio", name="Both hips")).to_be_checked()
    for width in (SMALL_PHONE_WIDTH, PHONE["width"]):
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        assert_one_row_of_targets(page)
        shot(page, f"error-{width}")
    assert not CheckIn.objects.exists()

    pain_cells(page).nth(10).tap()
    page.get_by_label("Something else (optional)").fill("dancing")
    phone.click(page.get_by_role("button", name="Save check-in"))
    entry = CheckIn.objects.get(user=member)
    assert (entry.pain_score, entry.side, entry.trigger_other) == (
        10,
        "both",
        "dancing",
    )

    phone.goto(reverse("journal:check-in-edit", args=[entry.pk]))
    expect(page.get_by_role("radio", name="10 – worst pain imaginable")).to_be_checked()
    shot(page, "edit-error-free-375")


def test_the_session_forms_pain_rows_fit_a_small_phone(phone, member):
    """pain_field is the session's too: the same row, on the log and the player."""
    page = phone.page
    log_in(phone, member)

    for path in (
        reverse("journal:session-new"),
        reverse("journal:session", args=["iliopsoas-relief"]),
    ):
        phone.goto(path)
        page.set_viewport_size({"width": SMALL_PHONE_WIDTH, "height": PHONE["height"]})
        page.locator("#id_pain_during").scroll_into_view_if_needed()
        assert_one_row_of_targets(page, "pain_during")
        shot(page, f"session-{path.strip('/').replace('/', '-')}-320")
        page.set_viewport_size(PHONE)


def test_a_taken_date_opens_that_check_in_unless_details_were_entered(
    web: CheckedPage, member, triggers
):
    """check_in.js: "Not said", which the form starts with, is not something
    entered; a side, a trigger or medication typed is, and keeps the page."""
    yesterday = timezone.now().date() - datetime.timedelta(days=1)
    entry = CheckInFactory(user=member, date=yesterday, medication="Ice")
    log_in(web, member)
    page = web.page

    web.goto(URL)
    page.get_by_label("Medication or treatment taken (optional)").fill("Heat")
    page.locator("#id_date").fill(yesterday.isoformat())
    page.locator("#id_date").dispatch_event("change")
    expect(page.locator("#id_medication")).to_have_value("Heat")
    assert page.url == web.url(URL)

    web.goto(URL)
    with page.expect_navigation():
        page.locator("#id_date").fill(yesterday.isoformat())
    web.check()
    assert page.url == web.url(reverse("journal:check-in-edit", args=[entry.pk]))
    expect(page.locator("#id_medication")).to_have_value("Ice")
