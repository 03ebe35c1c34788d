"""The dashboard's and the report's data, but the advice: each a fixed number
of queries whatever the range and the size of the history."""

import datetime

from django.db.models import prefetch_related_objects

from core import rows

from .. import triage
from ..models import CheckIn, Session, SessionExercise
from ..models.entries import HAS_SHORTFALL_SQL
from ..pages import Dashboard, Report, SessionRow
from ..series import (
    DAILY_MAX_DAYS,
    ChartRange,
    long_date,
    range_start,
    week_start,
)
from . import alerts, charts
from .advice import recent_rows_query
from .alerts import history_for, judged_check_ins, pain_weeks
from .charts import check_in_streak, pain_summary, period_charts
from .entries import pain_windows_query, sessions
from .function import function_last_query, function_put_off, function_scores

LATEST_COUNT = 5


def _latest_check_ins(user) -> list[CheckIn]:
    """The user's LATEST_COUNT newest check-ins (check_ins' order): one
    query, written out (the dashboard's path, after every check-in)."""
    return rows.of_user(CheckIn, user.pk, **LATEST_CHECK_INS)


LATEST_CHECK_INS = {"order": '"date" DESC', "limit": LATEST_COUNT}


def _latest_sessions(user) -> list[Session]:
    """The user's LATEST_COUNT newest sessions (Session's order), each with
    `has_shortfall` (with_partly_done) and the title it keeps, not its
    routine's: nothing else of the routine is read. One query, written out.
    Whether each was partly done is asked of the five found first (the
    subquery): asked in the query that finds them, PostgreSQL planned it for
    every session of the user, and read every member's exercise rows for it
    (7 ms on the bench's data)."""
    found = []
    for *row, has_shortfall in rows.fetch(*_latest_sessions_query(user.pk)):
        session = rows.from_row(Session, row)
        session.has_shortfall = bool(has_shortfall)
        found.append(session)
    return found


def _latest_sessions_query(user_id: int) -> tuple[str, list]:
    table = rows.quoted(Session)
    shortfall = HAS_SHORTFALL_SQL.format(
        rows=SessionExercise._meta.db_table, sessions=Session._meta.db_table
    )
    # Down the index session_user_newest (user, date, created_at).
    latest = (
        f'SELECT "id" FROM {table} WHERE "user_id" = %s '
        'ORDER BY "date" DESC, "created_at" DESC LIMIT %s'
    )
    return (
        f"SELECT {', '.join(rows.columns(Session, table))}, {shortfall} "
        f'FROM {table} WHERE {table}."id" IN ({latest}) '
        f'ORDER BY {table}."date" DESC, {table}."created_at" DESC',
        [user_id, LATEST_COUNT],
    )


def dashboard_reads(
    user_id: int,
    plan,
    *,
    today: datetime.date,
    chart_range: ChartRange,
    exercise_ids: list[int],
) -> list:
    """The queries the dashboard's body makes whatever the journal holds, as
    its selectors make them (advice, function_due, dashboard,
    emergencies_open), for rows.read_ahead to read in one round trip; a
    chart's end is guessed to be today (a newer entry moves it: that one
    query is then made on its own)."""
    reads = [
        # advice: the weeks, the alerts of the last seven days, and the recent
        # rows of the routine's exercises (`exercise_ids`).
        pain_windows_query(user_id, alerts.pain_weeks_windows(today)),
        alerts.session_pain_query(user_id, triage.recent_start(today), None),
        alerts.newest_query(user_id, None, None, alerts.page_size(alerts.JUDGED_DAYS)),
        # Prepared too: its plan for any user and exercise walks the user's
        # sessions as the plan for given ones does (test_advice checks it).
        recent_rows_query(user_id, exercise_ids) if exercise_ids else None,
        # function_due, unless put off.
        None if function_put_off(plan, today) else function_last_query(user_id),
        # dashboard
        rows.of_user_query(CheckIn, user_id, **LATEST_CHECK_INS),
        _latest_sessions_query(user_id),
        charts.journal_start_query(user_id),
        charts.run_hint_query(user_id),
        pain_windows_query(user_id, charts.pain_summary_windows(today)),
        alerts.emergencies_open_query(user_id),
    ]
    start = range_start(chart_range, today)
    if not chart_range.weekly and start is not None:
        reads += [
            charts.sessions_by_day_query(user_id, start, today),
            charts.pain_and_signs_query(user_id, charts.pain_days_start(start), today),
        ]
    return reads


def dashboard(
    user, *, today: datetime.date, target: int, chart_range: ChartRange
) -> Dashboard:
    """Everything the dashboard shows but the triage and the next session:
    six queries whatever the range and the size of the history."""
    label = (
        "all your entries" if chart_range.weeks is None else f"last {chart_range.label}"
    )
    # No upper bound on dates: an entry keeps the date it was given, so after
    # the user moves their zone west the newest entries can be dated after the
    # new local today, and they are still listed and charted.
    latest_check_ins = _latest_check_ins(user)
    latest_sessions = _latest_sessions(user)
    end = max([today, *(entry.date for entry in latest_check_ins + latest_sessions)])
    charts = period_charts(
        user,
        start=range_start(chart_range, today),
        end=end,
        target=target,
        weekly=chart_range.weekly,
        label=label,
    )
    this_week = next(
        (week for week in charts.adherence.weeks if week.week == week_start(today)),
        charts.adherence.weeks[-1],
    )
    return Dashboard(
        today=today,
        streak=check_in_streak(user, today),
        checked_in_today=any(entry.date == today for entry in latest_check_ins),
        session_today=any(entry.date == today for entry in latest_sessions),
        this_week=this_week,
        summary=pain_summary(user, today),
        charts=charts,
        latest_check_ins=latest_check_ins,
        latest_sessions=latest_sessions,
    )


def report(
    user,
    *,
    start: datetime.date,
    end: datetime.date,
    target: int,
    history: tuple[triage.History, ...] | None = None,
) -> Report:
    """A clinician summary from start to end: eleven queries whatever the
    size (one fewer with no check-in in the dates, for their triggers, and
    one fewer with no function score ever, for its ratings; one more when a
    day whose session hurt has no check-in; one more to read the history
    when `history`, from the plan, is not given)."""
    charts = period_charts(
        user,
        start=start,
        end=end,
        target=target,
        weekly=(end - start).days + 1 > DAILY_MAX_DAYS,
        label=f"{long_date(start)} to {long_date(end)}",
    )
    # Every check-in of the dates and, before them, the run of persistent pain
    # that reaches into them, to be shown whole: one query but for a long run;
    # the sessions' highest pain of each day in one more, and the history.
    if history is None:
        history = history_for(user)
    rows, found = judged_check_ins(
        user,
        start=start,
        end=end,
        days=(end - start).days + 1,
        history=history,
    )
    events = triage.events([item.alert for item in found])
    # No improvement, as the dashboard would have judged it on the report's
    # last day: one aggregate query.
    weeks = pain_weeks(user, end)
    stalled = triage.no_improvement(
        today=end, earlier=weeks.earlier, recent=weeks.recent, history=history
    )
    if stalled is not None:
        events.append(triage.Event(triage.recent_start(end), end, (stalled,)))
    in_dates = sessions(user).between(start, end).order_by("date", "pk")
    shown = [check_in for check_in in rows if check_in.date >= start]
    # What made each day worse, for all the check-ins in one query.
    prefetch_related_objects(shown, "triggers")
    return Report(
        start=start,
        end=end,
        charts=charts,
        check_ins=shown,
        sessions=[
            SessionRow(
                session,
                [
                    f"{done.exercise_title}"
                    f"{', ' + done.get_side_display().lower() if done.side else ''}"
                    f": {done.summary}"
                    for done in session.exercises.all()
                ],
            )
            for session in in_dates
        ],
        events=sorted(events, key=lambda event: (event.start, event.end)),
        # Two queries (one when there is none): the changes are against the
        # person's first score ever, so all are read and the dates kept.
        function=function_scores(user, start=start, end=end),
    )
