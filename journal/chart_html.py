"""The pain chart's HTML (templates/journal/includes/chart_pain.html), written
by Python: byte for byte what the template renders, in a fifth of the time.

The chart is the costliest part of the dashboard, the trend and the report,
and the one part of them a check-in always changes, so it is drawn again
after every write: rendering it as a template (a loop of tags per day for the
plot and another for the data table) was 3 ms of the dashboard's rebuild. The
template stays the readable definition of the markup:
tests/journal/test_chart_html.py renders both over charts of every kind
(daily, weekly, filtered, empty, with marks, unfolded) and compares them, so
a change to one that the other does not follow fails.

Every value shown is escaped as the template's auto-escaping does, and the
filters are Django's own (date, floatformat, pluralize): only the looping and
the string building are Python's.
"""

import html
from functools import lru_cache

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .geometry import PainChart

LEGEND_LINE = (
    '<svg class="legend-swatch" viewBox="0 0 36 12" aria-hidden="true" '
    'focusable="false"><line class="chart-line" x1="0" y1="6" x2="36" y2="6" '
    'stroke-width="1.25"/><circle class="chart-dot" cx="18" cy="6" r="3.5"/></svg>'
)
LEGEND_EMPTY = (
    '<svg class="legend-swatch" viewBox="0 0 36 12" aria-hidden="true" '
    'focusable="false"></svg>'
)
LEGEND_MEAN = (
    '<svg class="legend-swatch" viewBox="0 0 36 12" aria-hidden="true" '
    'focusable="false"><line class="chart-mean" x1="2" y1="6" x2="34" y2="6" '
    'stroke-width="3" stroke-dasharray="8 5" stroke-linecap="round"/></svg>'
)
LEGEND_SESSION = (
    '<svg class="legend-swatch" viewBox="0 0 36 12" aria-hidden="true" '
    'focusable="false"><polygon class="chart-mark-session" '
    'points="18,0 24,12 12,12"/></svg>'
)
LEGEND_WARNING = (
    '<svg class="legend-swatch" viewBox="0 0 36 12" aria-hidden="true" '
    'focusable="false"><polygon class="chart-mark-warning" '
    'points="18,0 24,6 18,12 12,6"/></svg>'
)


def _e(value) -> str:
    """A value as the template prints it: escaped, numbers as str() (the
    plot is drawn inside {% localize off %}). Text and numbers take the short
    way to the same result (Django's escape is html.escape)."""
    kind = type(value)
    if kind is str:
        return html.escape(value)
    if kind is int or kind is float:
        return str(value)
    return str(conditional_escape(value))


# The table's dates and one-decimal figures, formatted by Django's filters
# once per value and language: a chart's rows repeat from one request to the
# next, and the filters (translated day and month names, Decimal rounding)
# were most of the table's cost.
@lru_cache(maxsize=4096)
def _day(day, language: str | None) -> str:
    return _e(date_filter(day, "D j M Y"))


@lru_cache(maxsize=4096)
def _one_decimal(value, language: str | None) -> str:
    return _e(floatformat(value, 1))


def _plural(count: int) -> str:
    return "" if count == 1 else "s"


def pain_chart_html(chart: PainChart, *, open: bool = False) -> SafeString:
    """chart_pain.html rendered with `chart` (and `open`: the table
    unfolded, as the printed report shows it)."""
    frame = chart.frame
    chart_id = _e(chart.id)
    weekly, filtered = chart.weekly, chart.filtered
    out = [
        '\n\n<figure class="chart">\n  \n  '
        '<svg class="chart-svg" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {frame.width} {frame.height}" width="100%" '
        'preserveAspectRatio="xMidYMid meet" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">\n'
        f'    <title id="{chart_id}-title">{_e(chart.title)}</title>\n'
        f'    <desc id="{chart_id}-desc">{_e(chart.description)}</desc>\n'
        '    <g class="chart-grid">\n      '
    ]
    left, right = frame.left, frame.right
    out.extend(
        f'<line x1="{left}" x2="{right}" y1="{tick.at}" y2="{tick.at}" '
        'stroke-width="1"/>'
        for tick in chart.y_ticks
    )
    out.append(
        "\n    </g>\n"
        '    <g class="chart-axis">\n'
        f'      <line x1="{left}" y1="{frame.top}" x2="{left}" '
        f'y2="{frame.bottom}" stroke-width="1"/>\n'
        f'      <line x1="{left}" y1="{frame.bottom}" x2="{right}" '
        f'y2="{frame.bottom}" stroke-width="1"/>\n      '
    )
    label_x = frame.value_label_x
    out.extend(
        f'<text x="{label_x}" y="{tick.text_baseline}" text-anchor="end">'
        f"{_e(tick.label)}</text>"
        for tick in chart.y_ticks
    )
    out.append("\n      ")
    bottom, tick_end, date_y = frame.bottom, frame.tick_end, frame.date_label_y
    for tick in chart.x_ticks:
        minor = ' class="chart-tick-minor"' if tick.minor else ""
        out.append(
            f'<line x1="{tick.at}" x2="{tick.at}" y1="{bottom}" y2="{tick_end}" '
            f'stroke-width="1"/><text x="{tick.at}" y="{date_y}" '
            f'text-anchor="{_e(tick.anchor)}"{minor}>{_e(tick.label)}</text>'
        )
    out.append(
        "\n"
        '      <text class="chart-axis-title" x="4" y="18">Pain, 0 (none) to 10 '
        "(worst)</text>\n"
        f'      <text class="chart-axis-title" x="{left}" '
        f'y="{frame.axis_title_y}">{"Week starting" if weekly else "Date"}</text>\n'
        "    </g>\n    "
    )
    if chart.warning_marks:
        out.append('<g class="chart-marks-warning">')
        out.extend(
            f'<polygon points="{mark.diamond}"/>' for mark in chart.warning_marks
        )
        out.append("</g>")
    out.append("\n    ")
    if chart.session_marks:
        out.append('<g class="chart-marks-session">')
        out.extend(
            f'<polygon points="{mark.triangle}"/>' for mark in chart.session_marks
        )
        out.append("</g>")
    out.append("\n    ")
    out.extend(
        f'<polyline class="chart-line" points="{_e(line)}" fill="none" '
        'stroke-width="1.25"/>'
        for line in chart.lines
    )
    out.append("\n    ")
    out.extend(
        f'<polyline class="chart-mean" points="{_e(line)}" fill="none" '
        'stroke-width="3" stroke-dasharray="8 5" stroke-linecap="round"/>'
        for line in chart.mean_lines
    )
    radius = "5" if filtered else "3.5"
    out.append('\n    <g class="chart-dots">')
    out.extend(
        f'<circle cx="{dot.x}" cy="{dot.y}" r="{radius}"/>' for dot in chart.dots
    )
    out.append("</g>\n  </svg>\n  \n")
    out.append(_legend(chart))
    out.append(_table(chart, open=open))
    return mark_safe("".join(out))


def _legend(chart: PainChart) -> str:
    weekly, filtered = chart.weekly, chart.filtered
    shown = _e(filtered)
    if filtered:
        if weekly:
            dots = (
                "Dots: the average pain score of the check-ins "
                f"{shown} each week (Monday to Sunday); a thin line joins only "
                "weeks that follow each other"
            )
        else:
            dots = (
                f"Dots: your pain score each day with a check-in {shown}; a "
                "thin line joins only consecutive days"
            )
    elif weekly:
        dots = (
            "Dots joined by a thin line: the average pain score of each week "
            "(Monday to Sunday)"
        )
    else:
        dots = "Dots joined by a thin line: your pain score each day you checked in"
    out = [
        '  <figcaption class="chart-legend">\n'
        '    <span class="visually-hidden">Key:</span>\n'
        "    <ul>\n"
        f"      <li>{LEGEND_LINE}\n        {dots}</li>\n      "
    ]
    if filtered and not weekly:
        out.append(
            f"<li>{LEGEND_EMPTY}\n        No 7-day average: the days between "
            "did not match, so an average of the matching days alone would not "
            "be your pain over the week</li>\n      "
        )
    elif not weekly:
        out.append(
            f"<li>{LEGEND_MEAN}\n        Thick dashed line: 7-day average, the "
            "mean of the scores in the 7 days ending that day</li>"
        )
    sessions, signs = chart.session_total, chart.warning_total
    unit = "week" if weekly else "day"
    signed = "week with a check-in that" if weekly else "day whose check-in"
    out.append(
        f"\n      <li>{LEGEND_SESSION}\n        Triangle above the chart: a "
        f"{unit} with a session ({sessions} session{_plural(sessions)} in these "
        "dates)</li>\n"
        f"      <li>{LEGEND_WARNING}\n        Diamond above the chart: a "
        f"{signed} reported a warning sign ({signs} check-in{_plural(signs)} in "
        "these dates)</li>\n"
        "    </ul>\n  </figcaption>\n</figure>\n"
    )
    return "".join(out)


def _table(chart: PainChart, *, open: bool) -> str:
    weekly, filtered = chart.weekly, chart.filtered
    title = _e(chart.title)
    if weekly:
        caption = ": average pain, sessions and warning signs per week"
        head = (
            '<th scope="col">Week starting</th><th scope="col">Average pain</th>'
            f'<th scope="col">{"Matching check-ins" if filtered else "Check-ins"}'
            '</th><th scope="col">Sessions</th><th scope="col">Warning signs</th>'
            "\n          "
        )
    else:
        caption = ": pain score, sessions and warning signs per day"
        head = (
            '<th scope="col">Date</th><th scope="col">Pain score</th>'
            + ("" if filtered else '<th scope="col">7-day average</th>')
            + '<th scope="col">Session</th><th scope="col">Warning sign</th>'
        )
    if filtered:
        caption += f", pain only from the check-ins {_e(filtered)}"
    missing = "no matching check-in" if filtered else "no check-in"
    language = get_language()
    out = [
        f'<details class="chart-data"{" open" if open else ""}>\n'
        f"  <summary>{title}: data table</summary>\n"
        '  <div class="table-scroll">\n'
        "    <table>\n"
        f"      <caption>{title}{caption}</caption>\n"
        "      <thead>\n"
        "        <tr>\n"
        f"          {head}\n"
        "        </tr>\n"
        "      </thead>\n"
        "      <tbody>\n        "
    ]
    # A row a line, without indentation: the table of every week of five
    # years is 500 rows, and whitespace was a quarter of the dashboard.
    for point in chart.rows:
        out.append(f'<tr><th scope="row">{_day(point.day, language)}</th>')
        sessions, signs = point.sessions, point.warning_signs
        if weekly:
            value = (
                missing if point.value is None else _one_decimal(point.value, language)
            )
            out.append(
                f"<td>{value}</td><td>{point.check_ins}</td><td>"
                + (f'<span aria-hidden="true">▲</span> {sessions}' if sessions else "0")
                + "</td><td>"
                + (
                    f'<span aria-hidden="true">◆</span> {signs} '
                    f"check-in{_plural(signs)}"
                    if signs
                    else "none"
                )
                + "</td>"
            )
        else:
            value = missing if point.value is None else _e(point.value)
            out.append(f"<td>{value}</td>")
            if not filtered:
                mean = (
                    "none" if point.mean is None else _one_decimal(point.mean, language)
                )
                out.append(f"<td>{mean}</td>")
            out.append(
                "<td>"
                + (
                    f'<span aria-hidden="true">▲</span> {sessions} '
                    f"session{_plural(sessions)}"
                    if sessions
                    else "none"
                )
                + "</td><td>"
                + ('<span aria-hidden="true">◆</span> Yes' if signs else "no")
                + "</td>"
            )
        out.append("</tr>\n        ")
    out.append("\n      </tbody>\n    </table>\n  </div>\n</details>\n")
    return "".join(out)
