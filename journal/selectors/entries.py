"""The user's check-ins and sessions, as querysets and small look-ups."""

import datetime

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from core import rows
from exercises import selectors as content

from ..models import CheckIn, Plan, Session
from .plans import VERSION_OF_PLAN_SQL, SavedPlan


def check_ins(user) -> QuerySet[CheckIn]:
    return CheckIn.objects.for_user(user)


# How far back the check-in form knows the days already checked in, for its
# script to open such a day instead of starting a new check-in over it.
RECENT_CHECK_IN_DAYS = 366


def check_in_dates_recent(user, today: datetime.date) -> list[str]:
    """The ISO dates of the user's check-ins in the last year up to `today`."""
    start = today - datetime.timedelta(days=RECENT_CHECK_IN_DAYS)
    return [
        day.isoformat()
        for day in check_ins(user).between(start, today).values_list("date", flat=True)
    ]


def check_in_on(
    user,
    day: datetime.date,
    *,
    today: datetime.date,
    recent_dates: list[str] | None = None,
) -> CheckIn | None:
    """The user's check-in of `day`, if any. With `recent_dates` (what
    check_in_dates_recent(user, today) read), a day within them that is not
    among them has none, and costs no query: the check-in form's usual case,
    today before checking in."""
    start = today - datetime.timedelta(days=RECENT_CHECK_IN_DAYS)
    if (
        recent_dates is not None
        and start <= day <= today
        and day.isoformat() not in recent_dates
    ):
        return None
    return check_ins(user).filter(date=day).first()


def sessions(user) -> QuerySet[Session]:
    """The user's sessions with their exercise rows prefetched (so
    `Session.partly_done` reads no more)."""
    return (
        Session.objects.for_user(user)
        .select_related("routine")
        .prefetch_related("exercises__exercise")
    )


def sessions_listed(user) -> QuerySet[Session]:
    """The user's sessions with their exercise rows prefetched (for
    `Session.partly_done`), without the exercises: for pages that name the
    routine and the exercises by the titles each session keeps (the list, a
    session's page)."""
    return Session.objects.for_user(user).prefetch_related("exercises")


def sessions_recorded_on(user, routine, days) -> dict[datetime.date, Session]:
    """The latest session of `routine` recorded for each of `days` that has
    one, in one query: the player warns for the day its session is recorded
    for (today, or yesterday for a session begun before midnight)."""
    latest: dict[datetime.date, Session] = {}
    for session in (
        Session.objects.for_user(user)
        .filter(routine=routine, date__in=list(days))
        .order_by("date", "created_at")
    ):
        latest[session.date] = session
    return latest


def latest_session_id(user) -> int | None:
    return Session.objects.for_user(user).values_list("pk", flat=True).first()


def routine_for_session(slug: str):
    """A published routine, or None."""
    return content.routine_published(slug)


def routine_for_record(pk: int):
    """The routine a sent session form was shown for, by id, published or
    not (staff may have unpublished it or changed its slug since); None once
    deleted."""
    return content.routine_any(pk)


# Each window's count and average pain, as a CASE per window (what FILTER
# does, in SQL every database runs).
_WINDOW = (
    'COUNT(CASE WHEN "date" >= %s AND "date" <= %s THEN 1 END), '
    'AVG(CASE WHEN "date" >= %s AND "date" <= %s THEN "pain_score" END)'
)


def pain_windows_query(
    user_id: int, windows: dict[str, tuple[datetime.date, datetime.date]]
) -> tuple[str, list]:
    """pain_windows' query (rows.read_ahead lists it)."""
    table = connection.ops.quote_name(CheckIn._meta.db_table)
    adapt = connection.ops.adapt_datefield_value
    columns, params = [], []
    for start, end in windows.values():
        columns.append(_WINDOW)
        params += [adapt(start), adapt(end)] * 2
    first = min(start for start, _ in windows.values())
    last = max(end for _, end in windows.values())
    return (
        f"SELECT {', '.join(columns)} FROM {table} "
        'WHERE "user_id" = %s AND "date" >= %s AND "date" <= %s',
        [*params, user_id, adapt(first), adapt(last)],
    )


def pain_windows(
    user, windows: dict[str, tuple[datetime.date, datetime.date]]
) -> dict[str, tuple[int, float | None]]:
    """{name: (check-ins, average pain or None)} of the user's check-ins in
    each window of dates (first and last day, both included): one aggregate
    query over the rows from the first window's start to the last one's end,
    read by the (user, date) index.

    Written out: the ORM's aggregate of Count and Avg with a filter each cost
    1.4 ms of query building per call, on every page that advises (the
    weekly average and the no-improvement rule) and on the dashboard's
    summary; the query itself 0.1 ms."""
    (row,) = rows.fetch(*pain_windows_query(rows.user_id(user), windows))
    return {
        name: (
            row[2 * index],
            None if row[2 * index + 1] is None else float(row[2 * index + 1]),
        )
        for index, name in enumerate(windows)
    }


# The id of the latest session of the plan's user (sessions' newest first, as
# latest_session_id reads it), written out for the plan's query.
_LATEST_SESSION_OF_PLAN = (
    f'SELECT "id" FROM "{Session._meta.db_table}" '
    f'WHERE "user_id" = "{Plan._meta.db_table}"."user_id" '
    'ORDER BY "date" DESC, "created_at" DESC LIMIT 1'
)


def plan_and_latest_session(user) -> tuple[SavedPlan, int | None]:
    """plan_if_saved(user, with_content=True) and the id of the user's latest
    session (a session's page suggests the next only on the latest), read in
    the plan's one query; without a saved plan, the latest's id on its own."""
    plans = (
        Plan.objects.filter(user=user)
        .only("user_id", "time_zone", "time_zone_known")
        .annotate(
            journal_version=RawSQL(VERSION_OF_PLAN_SQL, ()),
            content_version=RawSQL(content.content_version_sql(), ()),
            latest_session=RawSQL(_LATEST_SESSION_OF_PLAN, ()),
        )
        .order_by()[:1]  # one plan per user: no ORDER BY to compile
    )
    plan = next(iter(plans), None)
    if plan is None:
        return SavedPlan(Plan(user=user), None, None), latest_session_id(user)
    saved = SavedPlan(plan, plan.journal_version or 0, plan.content_version)
    return saved, plan.latest_session
