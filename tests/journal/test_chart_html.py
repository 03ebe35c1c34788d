"""journal.chart_html writes the pain chart as templates/journal/includes/
chart_pain.html renders it, byte for byte, for every kind of chart: the
template is the markup's definition, the Python the fast path the pages use."""

import datetime
import itertools

import pytest
from django.template.loader import render_to_string

from journal import geometry
from journal.chart_html import pain_chart_html
from journal.series import PainPoint

START = datetime.date(2026, 3, 2)  # a Monday


def points(count: int, *, weekly: bool, pattern: int) -> list[PainPoint]:
    """`count` days (weeks), with gaps, fractional averages, sessions and
    warning signs in a mix that `pattern` varies."""
    step = datetime.timedelta(days=7 if weekly else 1)
    made = []
    for index in range(count):
        empty = (index + pattern) % 4 == 3
        value = None if empty else ((index * 3 + pattern) % 11)
        if weekly and value is not None:
            value = value + (index % 3) / 3
        mean = None if index < 2 else round(((index + pattern) % 97) / 10, 4)
        made.append(
            PainPoint(
                day=START + index * step,
                value=value,
                mean=mean,
                check_ins=0 if empty else 1 + index % 7,
                sessions=(index + pattern) % 3 if not weekly else (index % 5),
                warning_signs=1 if (index + pattern) % 5 == 0 else 0,
            )
        )
    return made


CASES = list(
    itertools.product(
        (0, 1, 7, 28, 91, 400),  # how many days or weeks
        (False, True),  # weekly
        ("", "tagged “Running” <&>"),  # filtered, with text to escape
        (False, True),  # open
    )
)


@pytest.mark.parametrize(("count", "weekly", "filtered", "unfolded"), CASES)
def test_python_writes_what_the_template_renders(count, weekly, filtered, unfolded):
    chart = geometry.pain_chart(
        points(count, weekly=weekly, pattern=count % 5),
        weekly=weekly,
        title="Pain <from> 2 March & on",
        filtered=filtered,
    )
    context = {"chart": chart}
    if unfolded:
        context["open"] = True
    expected = render_to_string("journal/includes/chart_pain.html", context)
    assert pain_chart_html(chart, open=unfolded) == expected


def test_a_chart_of_no_marks_or_scores_matches_too():
    chart = geometry.pain_chart(
        [PainPoint(day=START, value=None, check_ins=0)],
        weekly=False,
        title="Empty",
    )
    expected = render_to_string("journal/includes/chart_pain.html", {"chart": chart})
    assert pain_chart_html(chart) == expected


@pytest.mark.parametrize("weekly", [False, True])
def test_each_row_of_the_data_table_is_one_unindented_line(weekly):
    """Five years of weeks make 260 rows: their indentation was a quarter of
    the dashboard's bytes."""
    chart = geometry.pain_chart(
        points(30, weekly=weekly, pattern=1), weekly=weekly, title="Pain"
    )
    html = pain_chart_html(chart)
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    rows = [line.strip() for line in body.splitlines() if "<tr>" in line]

    assert len(rows) == len(chart.rows) > 20
    assert all(row.startswith("<tr>") and row.endswith("</tr>") for row in rows)
    assert all(row.count("<tr>") == 1 for row in rows)
    assert "\n          <t" not in body
