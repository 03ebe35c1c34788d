"""The dashboard's body (templates/journal/includes/dashboard_body.html, with
its includes time_zone.html and function_card.html), written by Python: byte
for byte what the templates render, in a fraction of the time.

The body is drawn again after every write to the journal, so it is on the
path people take every day: a check-in, then the dashboard. Rendered as a
template, it was 1.2 to 2 ms of that page's 7 (the template engine resolves
each of its some 60 variables through several layers); written out, it is
about a tenth of that. The templates stay the readable definition of the
markup: tests/journal/test_dashboard_html.py renders both over dashboards of
every kind (new, checked in or not, with alerts and an emergency, without a
routine or with one staff unpublished, the function card due or not, every
range and an unknown one, zones known, unknown and missing) and compares
them, so a change to one that the other does not follow fails.

Values are shown as the template engine shows them (localized, then escaped:
django.template.base.render_value_in_context), dates through the template's
own date filter and URLs through its own reverse (core.remembered).
"""

import html

from django.conf import settings
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from core.remembered import date, reverse

from .chart_html import pain_chart_html


def _v(value) -> str:
    """`{{ value }}`: localized, then escaped. Text and whole numbers, most of
    what the body shows, take the short way to the same result (Django's
    escape is html.escape; a whole number localizes to its digits unless
    thousands are grouped)."""
    kind = type(value)
    if kind is str:
        return html.escape(value)
    if kind is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return str(conditional_escape(localize(value)))


def _url(name: str, *args) -> str:
    return _v(reverse(name, args=args))


def _plural(count) -> str:
    return "" if count == 1 else "s"


def time_zone_html(zone_plan, *, on_plan_page: bool = False) -> str:
    """templates/journal/includes/time_zone.html."""
    label = _v(zone_plan.zone_label)
    printed = f'<span class="print-only">Dates are in {label}.</span></p>\n'
    change = ""
    if zone_plan.zone_missing:
        if not on_plan_page:
            change = f' <a href="{_url("journal:plan")}">Choose your time zone</a>'
        line = (
            '<p class="alert time-zone-notice" data-time-zone-missing><span '
            'class="no-print"><strong>Time zone:</strong> Your saved time zone '
            f"{_v(zone_plan.time_zone)} is no longer known to the server: dates "
            f"follow {_v(zone_plan.zone_name)} until you choose one.{change}</span>"
        )
    elif zone_plan.time_zone_known:
        if not on_plan_page:
            change = f' <a href="{_url("journal:plan")}">Change it</a>'
        line = (
            '<p class="meta time-zone-line"><span class="no-print">Dates follow '
            f"your time zone, {label}.{change}</span>"
        )
    else:
        if not on_plan_page:
            change = f' <a href="{_url("journal:plan")}">Choose your time zone</a>'
        line = (
            '<p class="meta time-zone-line" data-time-zone-unknown><span '
            'class="no-print">Dates follow the site’s time zone, '
            f"{label}, until your first entry from this device sets "
            f"yours.{change}</span>"
        )
    return f"\n\n{line}{printed}\n"


def function_card_html(function_due: bool) -> str:
    """templates/journal/includes/function_card.html."""
    url = _url("journal:function")
    if function_due:
        card = (
            '<section class="history-prompt function-card" '
            'aria-labelledby="function-card-title">\n'
            '  <h2 id="function-card-title">How is your hip limiting what you '
            "do?</h2>\n"
            "  <p>Name 3 to 5 activities your hip makes hard and rate how able "
            "you are to do each, from 0 to 10. It takes a minute or two; rated "
            "every two weeks, it shows whether what you can do is changing.</p>\n"
            '  <div class="button-row">\n'
            f'    <a class="button" href="{url}">Rate now</a>\n'
            '    <button type="submit" form="function-snooze" '
            'class="button-secondary">Not now<span class="visually-hidden">: ask '
            "me about my function later</span></button>\n"
            "  </div>\n"
            "</section>"
        )
    else:
        card = (
            f'<p class="function-link"><a href="{url}">Your function score</a>: '
            "the activities your hip makes hard, rated every two weeks, and their "
            "chart.</p>"
        )
    return f"\n\n{card}\n\n"


def _empty_chart(chart_range, what: str, next_step: str) -> str:
    """The template's partial "empty-chart"."""
    if chart_range.weeks:
        text = (
            f"No {what} in the last {_v(chart_range.label)}. You could choose a "
            f"longer range above, or {next_step}."
        )
    else:
        text = f"No {what} yet: you could {next_step}."
    return f'\n<p class="chart-empty">{text}</p>\n'


def dashboard_body_html(context: dict) -> SafeString:
    """dashboard_body.html rendered with `context` (cache.dashboard_body's,
    seek_help_url included)."""
    dashboard = context["dashboard"]
    out = ["\n\n\n"]
    if dashboard.is_new:
        out.append(_start(context))
    out.append("\n\n")
    out.append(_today(context))
    out.append("\n\n")
    out.append(function_card_html(context["function_due"]))
    out.append("\n")
    if not dashboard.is_new:
        out.append(_progress(context))
    out.append("\n\n")
    out.append(_next_session(context))
    out.append("\n\n")
    if not dashboard.is_new:
        out.append(_latest(dashboard))
    out.append("\n\n")
    target = _v(context["plan"].weekly_target)
    out.append(
        '<section class="journal-more" aria-labelledby="more-title">\n'
        '  <h2 id="more-title">More</h2>\n'
        "  <ul>\n"
        f'    <li><a href="{_url("journal:month")}">Month view</a>: a calendar '
        "of your pain, sessions and warning signs</li>\n"
        f'    <li><a href="{_url("journal:report")}">Report for your '
        "clinician</a>: a printable summary of a date range</li>\n"
        f'    <li><a href="{_url("journal:export")}">Download your journal '
        "(CSV)</a></li>\n"
        f'    <li><a href="{_url("journal:plan")}">Plan settings</a>: weekly '
        f"target ({target}), routine and time zone</li>\n"
        f'    <li><a href="{_url("journal:reminders")}">Reminders</a>: emails on '
        "your session days and to check in, and your sessions in a calendar "
        "app</li>\n"
        "  </ul>\n"
        "</section>\n"
    )
    return mark_safe("".join(out))


def _start(context) -> str:
    routine = context["routine"]
    if routine:
        session_step = (
            f'<a href="{_url("journal:session", routine.slug)}">Start '
            f"“{_v(routine.title)}”</a> and follow the exercises at your own pace"
        )
    else:
        session_step = (
            f'<a href="{_url("journal:plan")}">Choose a routine in your plan</a> '
            "and start it"
        )
    return (
        '\n<section class="journal-start" aria-labelledby="start-title">\n'
        '  <h2 id="start-title">Getting started</h2>\n'
        "  <p>Your journal is empty for now. Two small steps fill it in:</p>\n"
        "  <ol>\n"
        "    <li><strong>Check in.</strong> "
        f'<a href="{_url("journal:check-in")}">Record how your hip feels '
        "today</a>: a pain score from 0 to 10 takes a few seconds. One check-in "
        "a day is enough.</li>\n"
        f"    <li><strong>Do a session.</strong> {session_step}, or "
        f'<a href="{_url("journal:session-new")}">record a session you did away '
        "from the site</a>.</li>\n"
        "  </ol>\n"
        "  <p>As you go, this page fills in: your pain trend appears after your "
        "first check-in, with a 7-day average once you have a few days; "
        "sessions per week appear after your first session, against your "
        f"target of {_v(context['plan'].weekly_target)} a week.</p>\n"
        "</section>\n"
    )


def _today(context) -> str:
    plan, routine = context["plan"], context["routine"]
    dashboard = context["dashboard"]
    if dashboard.checked_in_today:
        edit = _url("journal:check-in-edit", dashboard.latest_check_ins[0].pk)
        check_in = (
            '\n      <p class="status-done"><span aria-hidden="true">✓</span> '
            "Done today.</p>\n"
            f'      <p><a href="{edit}">Update today’s check-in</a></p>\n      '
        )
    else:
        check_in = (
            "\n      <p>Not yet today.</p>\n"
            f'      <p><a class="button" href="{_url("journal:check-in")}">Check '
            "in now</a></p>\n      "
        )
    if dashboard.session_today:
        done = (
            '<p class="status-done"><span aria-hidden="true">✓</span> Done today.</p>'
        )
    else:
        done = "<p>Not yet today.</p>"
    if context["emergency"]:
        start = (
            "<p>Get help first: see the emergency advice at the top of this page.</p>"
        )
    elif routine:
        secondary = (
            " button-secondary" if dashboard.session_today or context["triage"] else ""
        )
        start = (
            f'<p><a class="button{secondary}" '
            f'href="{_url("journal:session", routine.slug)}">Start '
            f"“{_v(routine.title)}”</a></p>"
        )
    else:
        start = f'<p><a href="{_url("journal:plan")}">Choose a routine</a></p>'
    streak = dashboard.streak
    if not streak:
        streak_note = "Check in today to start a streak."
    elif dashboard.checked_in_today:
        streak_note = "in a row, up to today."
    else:
        streak_note = "in a row, up to yesterday: check in today to keep it going."
    week = dashboard.this_week
    sessions = "session" if week.count == 1 and plan.weekly_target == 1 else "sessions"
    met = ': <span aria-hidden="true">✓</span> target met' if week.met else ""
    summary = (
        ""
        if dashboard.is_new
        else f'<p class="pain-summary">{_v(dashboard.summary.sentence)}</p>'
    )
    return (
        '<section class="today" aria-labelledby="today-title">\n'
        f'  <h2 id="today-title">Today, {_v(date(context["today"], "l j F"))}'
        "</h2>\n"
        f"  {time_zone_html(plan)}\n"
        '  <ul class="status-grid">\n'
        '    <li class="status-card">\n'
        "      <h3>Check-in</h3>\n"
        f"      {check_in}\n"
        "    </li>\n"
        '    <li class="status-card">\n'
        "      <h3>Session</h3>\n"
        f"      {done}\n"
        f"      {start}\n"
        f'      <p><a href="{_url("journal:session-new")}">Record a session done '
        "away from the site</a></p>\n"
        "    </li>\n"
        '    <li class="status-card">\n'
        "      <h3>Check-in streak</h3>\n"
        f'      <p class="status-number">{_v(streak)} day{_plural(streak)}</p>\n'
        f"      <p>{streak_note}</p>\n"
        "    </li>\n"
        '    <li class="status-card">\n'
        "      <h3>This week</h3>\n"
        f'      <p class="status-number">{_v(week.count)} of '
        f"{_v(plan.weekly_target)}</p>\n"
        f"      <p>{sessions} done this week, Monday to Sunday{met}.</p>\n"
        "    </li>\n"
        "  </ul>\n"
        f"  {summary}\n"
        "</section>"
    )


def _progress(context) -> str:
    chart_range, unknown_range = context["chart_range"], context["unknown_range"]
    options = "".join(
        f'<li><a href="?range={_v(option.key)}"'
        + (' aria-current="true"' if option == chart_range else "")
        + f">{_v(option.label)}</a></li>"
        for option in context["ranges"]
    )
    note = (
        ""
        if unknown_range is None
        else (
            '<p class="range-note"><span aria-hidden="true">⚠</span> '
            f"“{_v(unknown_range)}” is not a range this page knows, so the "
            f"charts show the last {_v(chart_range.label)}.</p>"
        )
    )
    charts = context["dashboard"].charts
    if charts.has_check_ins:
        pain = (
            f"\n    {pain_chart_html(charts.pain)}\n"
            '    <p class="chart-more"><a href="'
            f'{_url("journal:trend")}?range={_v(chart_range.key)}">Pain by side '
            "or by what made it worse</a> · "
            f'<a href="{_url("journal:month")}">Month view: pain, sessions and '
            "warning signs by day</a></p>\n  "
        )
    else:
        empty = _empty_chart(
            chart_range, "check-ins", "check in today to start the line"
        )
        pain = f"\n    {empty}\n  "
    if charts.has_sessions:
        sessions = f"\n    {context['adherence_html']()}\n  "
    else:
        empty = _empty_chart(
            chart_range, "sessions", "do a session to draw the first bar"
        )
        sessions = f"\n    {empty}\n  "
    return (
        '\n<section class="progress" aria-labelledby="progress-title">\n'
        '  <h2 id="progress-title">Your progress</h2>\n'
        '  <nav class="range-nav" aria-label="Chart range">\n'
        '    <span class="range-label" id="range-label">Show the last:</span>\n'
        f'    <ul aria-labelledby="range-label">\n      {options}\n    </ul>\n'
        f"    {note}\n"
        "  </nav>\n"
        "  <h3>Pain trend</h3>\n"
        f"  {pain}\n"
        "  <h3>Sessions per week</h3>\n"
        f"  {sessions}\n"
        "</section>\n"
    )


def _next_session(context) -> str:
    plan, routine, gone = context["plan"], context["routine"], context["routine_gone"]
    triage, emergency = context["triage"], context["emergency"]
    seek_help_url = context.get("seek_help_url")
    plan_url = _url("journal:plan")
    out = [
        '<section class="next-session" aria-labelledby="next-title">\n'
        '  <h2 id="next-title">Your next session</h2>\n  '
    ]
    if gone:
        if routine:
            then = (
                f'Until you <a href="{plan_url}">choose a routine in your '
                f"plan</a>, this page suggests “{_v(routine.title)}”, the "
                "recommended routine."
            )
        else:
            then = (
                f'You could <a href="{plan_url}">choose another routine in your '
                "plan</a>."
            )
        out.append(
            '<p class="routine-gone"><span aria-hidden="true">ℹ</span> '
            f"“{_v(gone.title)}”, the routine in your plan, is no longer offered. "
            f"{then}</p>\n  "
        )
    elif not plan.routine:
        if routine:
            then = (
                f'Until you <a href="{plan_url}">choose one in your plan</a>, '
                f"this page suggests “{_v(routine.title)}”, the recommended "
                "routine."
            )
        else:
            then = (
                f'You could <a href="{plan_url}">choose one in your plan settings</a>.'
            )
        out.append(
            '<p class="routine-gone"><span aria-hidden="true">ℹ</span> Your plan '
            f"has no routine at the moment. {then}</p>"
        )
    out.append("\n  ")
    if routine:
        source = (
            "from how your last sessions went"
            if context["dashboard"].latest_sessions
            else "the starting doses"
        )
        out.append(
            f"\n  <p>For “{_v(routine.title)}”, {source}. These are suggestions: "
            "you could go lighter on a day your hip feels worse.</p>\n  "
        )
        if emergency:
            out.append(
                '<p class="next-alert"><span aria-hidden="true">☎</span> Because '
                "of the emergency advice at the top of this page, leave the "
                "exercises for now: get help first, and come back to them once "
                "you have been checked.</p>\n  "
            )
        elif triage:
            out.append(
                '<p class="next-alert"><span aria-hidden="true">⚠</span> Because '
                "of the alerts at the top of this page, these suggestions keep "
                "your dose: nothing steps up while an alert of the last 7 days "
                "shows. You could also pause the exercises and get checked.</p>"
            )
        out.append('\n  <ul class="next-list">\n    ')
        for item in context["exercise_plans"]:
            suggestion = item.suggestion
            keep = "Keep at: " if suggestion.action == "hold" else "Suggested: "
            side = " each side" if item.item.per_side else ""
            warning = (
                f'<p><a href="{_v(seek_help_url)}">Read when to seek medical '
                "attention</a></p>"
                if suggestion.show_warning_signs and seek_help_url and not triage
                else ""
            )
            out.append(
                '\n    <li class="card">\n'
                f"      <h3>{_v(item.exercise.title)}</h3>\n"
                f'      <p class="next-dose">{keep}{_v(item.dose)}{side}</p>\n'
                f"      <p>{_v(suggestion.message)}</p>\n"
                f"      {warning}\n"
                "    </li>\n    "
            )
        out.append("\n  </ul>\n  ")
        help_button = (
            f'<a class="button" href="{_v(seek_help_url)}">Read when to seek '
            "medical attention</a>"
        )
        if emergency:
            button = f'<p class="button-row">{help_button}</p>' if seek_help_url else ""
            out.append(f"\n  {button}\n  ")
        elif triage:
            first = f"{help_button} " if seek_help_url else ""
            out.append(
                f'\n  <p class="button-row">{first}<a class="button '
                f'button-secondary" href="{_url("journal:session", routine.slug)}">'
                "Start the session</a></p>\n  "
            )
        else:
            session_url = _url("journal:session", routine.slug)
            out.append(
                f'\n  <p><a class="button" href="{session_url}">Start the '
                "session</a></p>\n  "
            )
        out.append("\n  ")
    out.append("\n</section>")
    return "".join(out)


def _latest(dashboard) -> str:
    if dashboard.latest_check_ins:
        lines = "".join(
            f'\n        <li><a href="{_v(entry.get_absolute_url())}">'
            f"{_v(date(entry.date, 'D j M Y'))}</a>: pain {_v(entry.pain_score)} "
            "out of 10"
            + (
                ' <span class="entry-flag"><span aria-hidden="true">⚠</span> '
                "warning sign</span>"
                if entry.warning_sign_labels
                else ""
            )
            + "</li>\n        "
            for entry in dashboard.latest_check_ins
        )
        check_ins = (
            f'\n      <ul class="entry-list">\n        {lines}\n      </ul>\n      '
        )
    else:
        check_ins = "<p>No check-ins yet.</p>"
    if dashboard.latest_sessions:
        lines = "".join(
            f'\n        <li><a href="{_v(entry.get_absolute_url())}">'
            f"{_v(date(entry.date, 'D j M Y'))}</a>: "
            + (f"{_v(entry.routine_title)}, " if entry.routine_title else "")
            + f"pain during {_v(entry.pain_during)} out of 10, "
            + _v(str(entry.get_effort_display()).lower())
            + (", partly done" if entry.partly_done else "")
            + "</li>\n        "
            for entry in dashboard.latest_sessions
        )
        sessions = (
            f'\n      <ul class="entry-list">\n        {lines}\n      </ul>\n      '
        )
    else:
        sessions = "<p>No sessions yet.</p>"
    return (
        '\n<section class="latest" aria-labelledby="latest-title">\n'
        '  <h2 id="latest-title">Latest entries</h2>\n'
        '  <div class="latest-grid">\n'
        "    <div>\n"
        "      <h3>Check-ins</h3>\n"
        f"      {check_ins}\n"
        f'      <p><a href="{_url("journal:check-in-list")}">All check-ins</a></p>\n'
        "    </div>\n"
        "    <div>\n"
        "      <h3>Sessions</h3>\n"
        f"      {sessions}\n"
        f'      <p><a href="{_url("journal:session-list")}">All sessions</a></p>\n'
        "    </div>\n"
        "  </div>\n"
        "</section>\n"
    )
