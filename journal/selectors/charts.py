"""The reads behind the charts and summaries: pain per day and per week (with
the days that reported a warning sign), sessions per day and per week, the
streak, the pain summary and the journal's first day, grouped in the
database, each in one query whatever the size of the data."""

import datetime
import threading
from collections import OrderedDict

from django.db import connection
from django.db.models import Avg, BooleanField, Count, ExpressionWrapper, Q
from django.db.models.functions import TruncWeek

from core import rows

from .. import triage
from ..geometry import PainChart, adherence_chart, pain_chart
from ..models import CheckIn, Session, Trigger
from ..pages import Charts
from ..series import (
    DAY,
    ROLLING_DAYS,
    SUMMARY_WEEKS_BACK,
    WEEK,
    PainPoint,
    PainSummary,
    adherence_weeks,
    by_week,
    rolling_mean,
    week_start,
    weekly_adherence,
    weekly_points,
)
from .entries import check_ins, pain_windows

# A check-in that answered any of the triage's warning-sign questions (the
# retired one included: past check-ins keep it), as a query: the days the
# pain charts and the month mark with a diamond. The triage decides what a
# warning sign is (journal.triage.QUESTIONS); this only asks for its answers.
HAS_WARNING_SIGN = Q()
for _question in triage.QUESTIONS:
    HAS_WARNING_SIGN |= Q(**{_question.field: True})

# Dates read at a time for the streak, which stops at the first gap.


def pain_by_day(user, start: datetime.date, end: datetime.date) -> dict:
    """{date: pain score}: one check-in per day, so a day is a row."""
    return dict(
        check_ins(user).between(start, end).order_by().values_list("date", "pain_score")
    )


class WeekStart(TruncWeek):
    """The Monday of a date's week. On SQLite, its own date arithmetic: Django's
    TruncWeek calls a Python function there once per row (11 ms for a five-year
    journal, against 2.5 ms)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        # The next Sunday (the day itself on a Sunday), then back to its Monday.
        return f"date({sql}, 'weekday 0', '-6 days')", params


def pain_by_week(
    user, start: datetime.date | None, end: datetime.date, *, only: Q | None = None
) -> dict:
    """{Monday: (average pain, check-ins, check-ins with a warning sign)},
    grouped in the database. `only`: the check-ins to count (a filter)."""
    rows = check_ins(user).filter(date__lte=end)
    if start is not None:
        rows = rows.filter(date__gte=start)
    if only is not None:
        rows = rows.filter(only)
    rows = (
        rows.annotate(week=WeekStart("date"))
        .values("week")
        .annotate(
            mean=Avg("pain_score"),
            days=Count("pk"),
            signs=Count("pk", filter=HAS_WARNING_SIGN),
        )
        .order_by("week")
    )
    return {row["week"]: (row["mean"], row["days"], row["signs"]) for row in rows}


def pain_and_signs_by_day(
    user, start: datetime.date, end: datetime.date, *, only: Q | None = None
) -> dict[datetime.date, tuple[int, bool]]:
    """{date: (pain score, whether its check-in reported a warning sign)}:
    one query. `only`: the check-ins to read (a filter)."""
    if only is None:
        found = rows.fetch(*pain_and_signs_query(rows.user_id(user), start, end))
        return {rows.as_date(day): (score, bool(sign)) for day, score, sign in found}
    rows_read = check_ins(user).between(start, end)
    rows_read = (
        rows_read.filter(only)
        .order_by()
        .values_list(
            "date",
            "pain_score",
            ExpressionWrapper(HAS_WARNING_SIGN, output_field=BooleanField()),
        )
    )
    return {day: (score, bool(sign)) for day, score, sign in rows_read}


def pain_and_signs_query(
    user_id: int, start: datetime.date, end: datetime.date
) -> tuple[str, list]:
    """pain_and_signs_by_day's query for every check-in (rows.read_ahead
    lists it)."""
    # Written out (the dashboard's path: after every check-in): the ORM took
    # longer to compile it than to run it.
    signs = " OR ".join(f'"{question.field}"' for question in triage.QUESTIONS)
    return (
        f'SELECT "date", "pain_score", ({signs}) FROM {rows.quoted(CheckIn)} '
        'WHERE "user_id" = %s AND "date" >= %s AND "date" <= %s',
        [user_id, start, end],
    )


def sessions_by_day(user, start: datetime.date, end: datetime.date) -> dict:
    """{date: sessions done}, grouped in the database: one query, written
    out (the dashboard's path)."""
    found = rows.fetch(*sessions_by_day_query(rows.user_id(user), start, end))
    return {rows.as_date(day): count for day, count in found}


def sessions_by_day_query(
    user_id: int, start: datetime.date, end: datetime.date
) -> tuple[str, list]:
    """sessions_by_day's query (rows.read_ahead lists it)."""
    return (
        f'SELECT "date", COUNT(*) FROM {rows.quoted(Session)} '
        'WHERE "user_id" = %s AND "date" >= %s AND "date" <= %s GROUP BY "date"',
        [user_id, start, end],
    )


def sessions_by_week(user, start: datetime.date | None, end: datetime.date) -> dict:
    """{Monday: sessions}, grouped in the database."""
    rows = Session.objects.for_user(user).filter(date__lte=end)
    if start is not None:
        rows = rows.filter(date__gte=start)
    rows = (
        rows.annotate(week=WeekStart("date"))
        .values("week")
        .annotate(sessions=Count("pk"))
        .order_by("week")
    )
    return {row["week"]: row["sessions"] for row in rows}


def check_in_streak(user, today: datetime.date) -> int:
    """series.streak_length of the user's check-in dates, worked out by the
    database in one query: the newest date, and the newest date that starts a
    run (no check-in the day before it). One check-in a day
    (check_in_one_per_day), so the run from that start to the newest date is
    whole, and its length is the days between them.

    Reading the dates and counting them in Python read the whole run: 1,825
    rows, 2 ms, for a member who checked in every day for five years, on the
    page everyone sees after checking in; the database walks the same index
    (user, date) newest first, and stops at the run's start (0.7 ms for that
    member). The start found is kept in this process's memory as a hint: the
    next time, one query checks it (the run from it to the newest date is
    whole, counted in the index, and no check-in the day before it) and only
    a hint that fails is looked for again."""
    user_id = rows.user_id(user)
    newest, start = _run_from_hint(user_id)
    if newest is None or start is None:
        newest, start = _run_found(user_id)
    if newest is None:
        return 0
    _run_start_keep(user_id, start)
    # series.streak_length's rule: the run counts when it reaches today or
    # yesterday, or a day after today (a check-in made before the user moved
    # their zone west keeps its date).
    if newest < today - DAY:
        return 0
    return (newest - start).days + 1


# The start of each member's latest run of check-ins, as last found: a hint
# only (_run_from_hint checks it against the journal before it is used), kept
# for the members of the last RUN_STARTS_KEPT streaks worked out.
RUN_STARTS_KEPT = 10_000
_run_starts: OrderedDict[int, datetime.date] = OrderedDict()
_run_starts_lock = threading.Lock()


def _run_start_keep(user_id: int, start: datetime.date) -> None:
    with _run_starts_lock:
        _run_starts[user_id] = start
        _run_starts.move_to_end(user_id)
        while len(_run_starts) > RUN_STARTS_KEPT:
            _run_starts.popitem(last=False)


def run_start_forget(user_id: int | None = None) -> None:
    """Drop the user's hint (their account is deleted), or every hint."""
    with _run_starts_lock:
        if user_id is None:
            _run_starts.clear()
        else:
            _run_starts.pop(user_id, None)


def _run_from_hint(user_id: int) -> tuple[datetime.date | None, datetime.date | None]:
    """(newest check-in date, start of its run) when the kept hint is still
    the run's start; (newest, None) when it is not; (None, None) without a
    hint or a check-in. One query, counting in the index (user, date): the
    run from the hint to the newest date is whole (one check-in a day, so as
    many rows as days) and no check-in is dated the day before it."""
    hint = _run_starts.get(user_id)
    if hint is None:
        return None, None
    (found,) = rows.fetch(*_run_from_hint_query(user_id, hint))
    newest, from_hint, day_before = found
    if newest is None:
        return None, None
    newest = rows.as_date(newest)
    whole = hint <= newest and from_hint == (newest - hint).days + 1
    return newest, hint if whole and not day_before else None


def run_hint_query(user_id: int) -> tuple[str, list] | None:
    """_run_from_hint's query with the user's kept hint, None without one
    (rows.read_ahead lists it)."""
    hint = _run_starts.get(user_id)
    return None if hint is None else _run_from_hint_query(user_id, hint)


def _run_from_hint_query(user_id: int, hint: datetime.date) -> tuple[str, list]:
    table = connection.ops.quote_name(CheckIn._meta.db_table)
    of_user = f'FROM {table} WHERE "user_id" = %s'
    return (
        f'SELECT (SELECT MAX("date") {of_user}), '
        f'(SELECT COUNT(*) {of_user} AND "date" >= %s), '
        f'(SELECT COUNT(*) {of_user} AND "date" = %s)',
        [user_id, user_id, hint, user_id, hint - DAY],
    )


def _run_found(user_id: int) -> tuple[datetime.date | None, datetime.date | None]:
    """(newest check-in date, start of its run), or (None, None) without a
    check-in: one query, walking the index newest first to the run's start."""
    table = connection.ops.quote_name(CheckIn._meta.db_table)
    if connection.vendor == "sqlite":
        day_before = "date(run.\"date\", '-1 day')"
    else:
        day_before = 'run."date" - 1'
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT (SELECT MAX("date") FROM {table} WHERE "user_id" = %s), '
            f'(SELECT run."date" FROM {table} run WHERE run."user_id" = %s '
            f"AND NOT EXISTS (SELECT 1 FROM {table} previous_day "
            f'WHERE previous_day."user_id" = run."user_id" '
            f'AND previous_day."date" = {day_before}) '
            'ORDER BY run."date" DESC LIMIT 1)',
            [user_id, user_id],
        )
        newest, start = cursor.fetchone()
    if newest is None:
        return None, None
    # SQLite answers the dates as text.
    return rows.as_date(newest), rows.as_date(start)


def pain_summary_windows(
    today: datetime.date,
) -> dict[str, tuple[datetime.date, datetime.date]]:
    """pain_summary's windows of dates, for pain_windows."""
    monday = week_start(today)
    before = monday - SUMMARY_WEEKS_BACK * WEEK
    # The whole week, not only up to today: a check-in dated after today (the
    # zone moved west) still belongs to it.
    return {
        "this_week": (monday, monday + WEEK - DAY),
        "weeks_ago": (before, before + WEEK - DAY),
    }


def pain_summary(user, today: datetime.date) -> PainSummary:
    found = pain_windows(user, pain_summary_windows(today))
    return PainSummary(found["this_week"][1], found["weeks_ago"][1])


def journal_start(user) -> datetime.date | None:
    """The date of the user's first journal entry, check-in or session (None
    before there is one): one query, two index look-ups (the first date of
    each, by its (user, date) index). Written out, as the streak is: the
    ORM's two subqueries cost 0.7 ms of query building on every dashboard
    drawn, the query 0.05 ms."""
    (found,) = rows.fetch(*journal_start_query(rows.user_id(user)))
    return min([rows.as_date(day) for day in found if day is not None], default=None)


def journal_start_query(user_id: int) -> tuple[str, list]:
    """journal_start's query (rows.read_ahead lists it)."""
    quote = connection.ops.quote_name
    first_of = 'SELECT MIN("date") FROM {table} WHERE "user_id" = %s'
    return (
        f"SELECT ({first_of.format(table=quote(CheckIn._meta.db_table))}), "
        f"({first_of.format(table=quote(Session._meta.db_table))})",
        [user_id, user_id],
    )


def pain_days_start(start: datetime.date, window: int = ROLLING_DAYS) -> datetime.date:
    """The first day whose pain a daily chart from `start` reads: the rolling
    mean of `window` days reaches back before it."""
    return start - max(window - 1, 0) * DAY


def pain_series(
    user,
    *,
    start: datetime.date | None,
    end: datetime.date,
    weekly: bool,
    only: Q | None = None,
) -> tuple[list[PainPoint], datetime.date, dict[datetime.date, int]]:
    """The pain chart's points from start (None: the first entry) to end, each
    with the sessions done and the warning signs reported, the Monday of its
    first week, and the sessions of each week (for the adherence chart): two
    queries. `only` filters the check-ins (never the sessions), and leaves
    the daily points without a rolling mean."""
    if weekly:
        counts = sessions_by_week(user, start, end)
        averages = pain_by_week(user, start, end, only=only)
        first = week_start(start) if start else min([*averages, *counts], default=None)
        first = first or week_start(end)
        points = weekly_points(averages, first, week_start(end), sessions=counts)
        return points, first, counts
    assert start is not None  # daily charts always have a start
    # Sessions by day, added up by week here: the marks and the bars from one
    # query.
    done = sessions_by_day(user, start, end)
    # A filtered series has no rolling mean: averaging only the days that
    # match would draw a trend the days between say nothing about.
    window = ROLLING_DAYS if only is None else 0
    days = pain_and_signs_by_day(user, pain_days_start(start, window), end, only=only)
    points = rolling_mean(
        {day: score for day, (score, _) in days.items()},
        start,
        end,
        days=window,
        sessions=done,
        warned={day for day, (_, sign) in days.items() if sign},
    )
    return points, week_start(start), by_week(done)


def period_charts(
    user,
    *,
    start: datetime.date | None,
    end: datetime.date,
    target: int,
    weekly: bool,
    label: str,
) -> Charts:
    """Both charts from start (None: the first entry) to end, the pain chart
    marking the days (or weeks) of sessions and warning signs: three queries."""
    points, first, counts = pain_series(user, start=start, end=end, weekly=weekly)
    first_week, began = adherence_weeks(first, end, journal_start(user))
    counted_from = max(day for day in (start, began) if day) if start or began else None
    weeks = weekly_adherence(
        counts, first_week, week_start(end), target, start=counted_from, end=end
    )
    return Charts(
        pain=pain_chart(points, weekly=weekly, title=f"Pain trend, {label}"),
        adherence=adherence_chart(
            weeks, target=target, title=f"Sessions per week, {label}"
        ),
    )


def trend_triggers(user) -> list:
    """The triggers the trend can filter by: those offered on check-ins and
    the retired ones the person used (one query)."""
    used = CheckIn.triggers.through.objects.filter(checkin__user=user).values(
        "trigger_id"
    )
    return list(
        Trigger.objects.filter(Q(is_active=True) | Q(pk__in=used)).order_by(
            "position", "name"
        )
    )


def pain_trend(
    user,
    *,
    start: datetime.date | None,
    end: datetime.date,
    weekly: bool,
    side: str = "",
    trigger=None,
    title: str,
    filtered: str = "",
) -> PainChart:
    """The pain chart of the check-ins on `side` (blank: any) and tagged
    `trigger` (None: any), with every session's mark: two queries.
    `filtered`: the filter in words ("tagged “Running”"), for the chart's
    description, when there is one."""
    only = Q()
    if side:
        only &= Q(side=side)
    if trigger is not None:
        only &= Q(triggers=trigger)
    points, _, _ = pain_series(
        user, start=start, end=end, weekly=weekly, only=only or None
    )
    return pain_chart(
        points,
        weekly=weekly,
        title=title,
        chart_id="trend-chart",
        filtered=(filtered or "matching the filter") if only else "",
    )
