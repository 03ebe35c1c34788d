"""Issue 17 findings: the printed report says which zone its dates are in, and
none of the screen's links or controls ("Change it", the date form)."""

from django.urls import reverse

from journal import selectors
from tests.factories import CheckInFactory, PlanFactory

from .browser import CheckedPage
from .conftest import log_in


def test_the_printed_report_says_the_zone_without_change_it(web: CheckedPage, member):
    PlanFactory(user=member, time_zone="Europe/London", time_zone_known=True)
    page = web.page
    log_in(web, member)
    web.goto(reverse("journal:report"))
    line = page.locator(".time-zone-line")
    assert line.inner_text().startswith("Dates follow your time zone, Europe/London")
    assert page.get_by_role("link", name="Change it").is_visible()

    page.emulate_media(media="print")

    assert line.inner_text() in {
        "Dates are in Europe/London (UTC+00:00).",
        "Dates are in Europe/London (UTC+01:00).",
    }
    assert not page.get_by_role("link", name="Change it").is_visible()
    assert not page.get_by_role("button", name="Show the report").is_visible()
    # Nothing left on paper that only works on a screen.
    controls = "main a, main button, main input, main select, main summary"
    visible_controls = page.evaluate(
        """selector => [...document.querySelectorAll(selector)]
        .filter(el => el.checkVisibility()).map(el => el.outerHTML.slice(0, 80))""",
        controls,
    )
    assert visible_controls == []


def test_printed_table_cells_keep_words_whole(web: CheckedPage, member):
    """Found by a newcomer: on paper the check-ins table read "Sid|e" and
    "Bot|h hips": the screen's break-anywhere rule narrowed its columns."""
    plan = PlanFactory(user=member)
    CheckInFactory(
        user=member, date=selectors.user_today(plan), side="both", medication="Ice"
    )
    page = web.page
    log_in(web, member)
    web.goto(reverse("journal:report"))
    cells = "main .stack-table th, main .stack-table td"
    wrap = """selector => [...new Set([...document.querySelectorAll(selector)]
        .map(el => getComputedStyle(el).overflowWrap))]"""
    assert page.evaluate(wrap, cells) == ["anywhere"]  # on screen, for phones

    page.emulate_media(media="print")

    assert page.evaluate(wrap, cells) == ["break-word"]
