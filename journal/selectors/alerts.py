"""The days the warning-sign triage judges, read for each page that shows its
alerts. The rule is journal.triage's: these only read the rows it needs (the
check-ins, the sessions' highest pain, the averages of two weeks and the
plan's history) and pass them as plain values."""

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse

from core import rows

from .. import triage
from ..models import CheckIn, Plan, Session, SessionExercise
from ..models.entries import HAS_EMERGENCY
from .entries import pain_windows

# Check-ins before the start read in the same query as the days judged, beyond
# the PERSISTENT_WINDOW the rule needs: a run of persistent pain crossing the
# start that reaches further back costs one more query for each page of rows
# (it is read whole). Each row read costs about 20 microseconds.
RUN_READ_AHEAD = 5


@dataclass(frozen=True)
class Triage:
    """A day that calls for advice, why, and what it links to: its check-in,
    or else the session of the day that hurt most (None for the reasons of no
    one day, such as no improvement)."""

    alert: triage.Alert
    check_in: CheckIn | None = None
    session_id: int | None = None

    @property
    def date(self) -> datetime.date:
        return self.alert.date

    @property
    def url(self) -> str | None:
        if self.check_in is not None:
            return self.check_in.get_absolute_url()
        if self.session_id is not None:
            return reverse("journal:session-detail", kwargs={"pk": self.session_id})
        return None

    @property
    def tier(self) -> triage.Tier:
        return self.alert.tier

    @property
    def reasons(self) -> list[str]:
        """The reasons as the pages say them to the person, most urgent first."""
        return [reason.sentence for reason in self.alert.reasons]

    @property
    def emergency_open(self) -> bool:
        """An emergency whose advice the person has not acknowledged yet."""
        return self.check_in is not None and self.check_in.emergency_open


@dataclass(frozen=True)
class TierBlock:
    """One tier's reasons as a page shows them: (Triage, triage.Reason) pairs,
    and the check-ins among them whose emergency advice is not acknowledged."""

    tier: triage.Tier
    entries: list[tuple[Triage, triage.Reason]]

    @property
    def open_check_ins(self) -> list[CheckIn]:
        found: dict[int, CheckIn] = {}
        for item, reason in self.entries:
            if reason.tier is triage.Tier.EMERGENCY and item.emergency_open:
                found.setdefault(item.check_in.pk, item.check_in)
        return list(found.values())


def by_tier(items: Sequence[Triage], *, without_open: bool = False) -> list[TierBlock]:
    """The reasons of `items` as the pages show them: a block per tier, most
    urgent first. `without_open` leaves out the emergency reasons of
    check-ins not yet acknowledged (the dashboard shows those on top, with the
    button that acknowledges them)."""
    blocks = []
    for block in triage.by_tier(items, alert_of=lambda item: item.alert):
        entries = [
            (item, reason)
            for item, reason in block.entries
            if not (
                without_open
                and reason.tier is triage.Tier.EMERGENCY
                and item.emergency_open
            )
        ]
        if entries:
            blocks.append(TierBlock(block.tier, entries))
    return blocks


def triage_day(check_in: CheckIn, session_pain: int | None = None) -> triage.Day:
    return triage.Day(
        check_in.date, check_in.pain_score, check_in.answers, session_pain
    )


def history_for(user) -> tuple[triage.History, ...]:
    """The histories the user answered yes in their plan (one query)."""
    fields = list(triage.HISTORY_FIELD)
    answers = Plan.objects.filter(user=user).values(*fields).first() or {}
    return triage.history_yes(answers)


# A session's highest pain: its overall pain or an exercise's, whichever is
# higher (an exercise's pain is optional: Coalesce, as SQLite's GREATEST is
# NULL when any argument is).
SESSION_TOP_PAIN = Greatest(Max("pain_during"), Coalesce(Max("exercises__pain"), 0))


def session_pain_by_day(
    user, start: datetime.date, end: datetime.date | None = None
) -> dict[datetime.date, int]:
    """The highest pain during the user's sessions of each day from `start`
    to `end` (None: any later day), the session's overall pain or the pain of
    one of its exercises: one grouped query."""
    found = rows.fetch(*session_pain_query(rows.user_id(user), start, end))
    return {rows.as_date(day): pain for day, pain in found}


def session_pain_query(
    user_id: int, start: datetime.date, end: datetime.date | None
) -> tuple[str, list]:
    """session_pain_by_day's query (rows.read_ahead lists it)."""
    # Written out (the dashboard's path, after every write): the ORM took
    # longer to compile it than to run it. SESSION_TOP_PAIN's expression.
    highest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    sessions = rows.quoted(Session)
    exercises = rows.quoted(SessionExercise)
    sql = (
        f's."date", {highest}(MAX(s."pain_during"), COALESCE(MAX(e."pain"), 0)) '
        f'FROM {sessions} s LEFT OUTER JOIN {exercises} e ON e."session_id" = s."id" '
        'WHERE s."user_id" = %s AND s."date" >= %s'
    )
    params = [user_id, start]
    if end is not None:
        sql += ' AND s."date" <= %s'
        params.append(end)
    return f'SELECT {sql} GROUP BY s."date"', params


def _painful_sessions(user, dates) -> dict[datetime.date, int]:
    """The session that hurt most on each of `dates`, to link to: one query,
    run only for days with a session alert and no check-in."""
    found: dict[datetime.date, int] = {}
    painful = (
        Session.objects.filter(user=user, date__in=dates)
        .annotate(top=SESSION_TOP_PAIN)
        .order_by("date", "-top", "-created_at")
        .values_list("date", "pk")
    )
    for date, pk in painful:
        found.setdefault(date, pk)
    return found


def newest_first(
    user_id: int, end: datetime.date | None, page: int
) -> Iterator[CheckIn]:
    """The user's check-ins up to `end` (None: any date) newest first, read
    `page` rows (one LIMIT query, written out) at a time, so that a reader
    that stops early reads no further. (QuerySet.iterator would not do: on
    PostgreSQL, outside a transaction, its cursor is held WITH HOLD, which
    makes the server copy every row of the query.)"""
    before, bound = ("<=", end) if end is not None else (None, None)
    while True:
        found = [
            rows.from_row(CheckIn, row)
            for row in rows.fetch(*newest_query(user_id, before, bound, page))
        ]
        yield from found
        if len(found) < page:
            return
        before, bound = "<", found[-1].date


def newest_query(
    user_id: int, before: str | None, bound: datetime.date | None, page: int
) -> tuple[str, list]:
    """newest_first's query for one page of `page` check-ins: those dated
    `before` ("<=" or "<", None: any date) `bound` (rows.read_ahead lists the
    first page)."""
    table = rows.quoted(CheckIn)
    selected = ", ".join(rows.columns(CheckIn, table))
    sql = f'SELECT {selected} FROM {table} WHERE {table}."user_id" = %s'
    params: list = [user_id]
    if before is not None:
        sql += f' AND {table}."date" {before} %s'
        params.append(bound)
    return f'{sql} ORDER BY {table}."date" DESC LIMIT %s', [*params, page]


# The check-ins judged_check_ins expects from its start on, by default: the
# last seven days' and two more.
JUDGED_DAYS = triage.RECENT_DAYS + 2


def page_size(days: int) -> int:
    """Rows read at a time for `days` check-ins expected from the start on."""
    return days + triage.PERSISTENT_WINDOW + RUN_READ_AHEAD


def judged_check_ins(
    user,
    *,
    start: datetime.date,
    end: datetime.date | None = None,
    days: int = JUDGED_DAYS,
    history: Sequence[triage.History] = (),
    sessions: bool = True,
) -> tuple[list[CheckIn], list[Triage]]:
    """The check-ins the triage needs to judge the user's days from `start` to
    `end` (None: any later day), oldest first, and the alerts among those
    days, oldest first, more urgent with `history`.

    The check-ins are read newest first, in one query for the `days`
    check-ins expected from `start` on and the window before it (usually);
    with `sessions`, the sessions' highest pain of the days in one more
    (a day whose session hurt and that has no check-in links to its session:
    one more query, only then)."""
    user_id = rows.user_id(user)
    pain = session_pain_by_day(user_id, start, end) if sessions else {}
    read: dict[datetime.date, CheckIn] = {}

    def as_days():
        for check_in in newest_first(user_id, end, page_size(days)):
            read[check_in.date] = check_in
            yield triage_day(check_in, pain.get(check_in.date))

    days_needed = triage.needed(as_days(), start)
    session_only = [
        triage.Day(date, None, session_pain=score)
        for date, score in pain.items()
        if date not in read and score >= triage.SEVERE_PAIN
    ]
    kept = [read[day.date] for day in reversed(days_needed)]
    found = triage.alerts(
        [*days_needed, *session_only], start=start, end=end, history=history
    )
    unlinked = [alert.date for alert in found if alert.date not in read]
    linked = _painful_sessions(user, unlinked) if unlinked else {}
    return kept, [
        Triage(alert, read.get(alert.date), linked.get(alert.date)) for alert in found
    ]


def triage_check_in(
    check_in: CheckIn, *, history: tuple[triage.History, ...] | None = None
) -> Triage | None:
    """Why this check-in's day calls for advice, if it does (`history`: the
    plan's, when the caller read it already; one query fewer)."""
    if history is None:
        history = history_for(check_in.user_id)
    _, found = judged_check_ins(
        check_in.user_id,
        start=check_in.date,
        end=check_in.date,
        days=1,
        history=history,
    )
    return Triage(found[0].alert, check_in) if found else None


@dataclass(frozen=True)
class PainWeeks:
    """The check-ins of three weeks, counted and averaged: the last seven days
    (`recent`), the seven days before them (`before`, which the progression's
    weekly average compares with) and the seven days six weeks before the
    last seven (`earlier`, which the no-improvement rule compares with)."""

    earlier: triage.Week
    before: triage.Week
    recent: triage.Week


def pain_weeks_windows(
    today: datetime.date,
) -> dict[str, tuple[datetime.date, datetime.date]]:
    """The windows of dates of `PainWeeks`, for pain_windows."""
    (earlier_start, earlier_end), (recent_start, recent_end) = (
        triage.no_improvement_weeks(today)
    )
    week = triage.RECENT_DAYS * triage.DAY
    return {
        "earlier": (earlier_start, earlier_end),
        "before": (recent_start - week, recent_end - week),
        "recent": (recent_start, recent_end),
    }


def pain_weeks(user, today: datetime.date) -> PainWeeks:
    """The three weeks of `PainWeeks`, in one aggregate query."""
    found = pain_windows(user, pain_weeks_windows(today))
    return PainWeeks(**{name: triage.Week(*counted) for name, counted in found.items()})


def triage_recent(
    user,
    today: datetime.date,
    *,
    weeks: PainWeeks | None = None,
    history: tuple[triage.History, ...] | None = None,
) -> list[Triage]:
    """The alerts of the last seven days, newest first, no improvement (dated
    today) first of all. With no upper bound: a day dated after `today` (made
    before the user moved their zone west, it kept its date) still counts.
    `weeks`: `pain_weeks(user, today)`, when the caller has read it already;
    `history`: the plan's (Plan.history), when the caller holds the plan
    whole (one query fewer)."""
    if history is None:
        history = history_for(user)
    _, found = judged_check_ins(user, start=triage.recent_start(today), history=history)
    if weeks is None:
        weeks = pain_weeks(user, today)
    stalled = triage.no_improvement(
        today=today, earlier=weeks.earlier, recent=weeks.recent, history=history
    )
    newest = found[::-1]
    if stalled is not None:
        newest.insert(0, Triage(triage.Alert(today, (stalled,))))
    return newest


# The ORM's SQL (its predicate is the index check_in_emergency_open's),
# compiled once: the dashboard reads it after every write.
_EMERGENCIES_OPEN = rows.Prepared(
    lambda user_id: CheckIn.objects.filter(
        HAS_EMERGENCY, user_id=user_id, emergency_acknowledged_at=None
    ).order_by("-date")
)


def emergencies_open_query(user_id: int) -> tuple[str, list]:
    """emergencies_open's query (rows.read_ahead lists it)."""
    return _EMERGENCIES_OPEN.query(user_id)


def emergencies_open(user) -> list[Triage]:
    """The user's check-ins with an emergency answer whose advice they have
    not acknowledged, whatever their age, newest first, with their emergency
    reasons only (one query)."""
    found = []
    for check_in in _EMERGENCIES_OPEN.objects(rows.user_id(user)):
        reasons = tuple(
            reason
            for reason in triage.reasons(triage_day(check_in))
            if reason.tier is triage.Tier.EMERGENCY
        )
        found.append(Triage(triage.Alert(check_in.date, reasons), check_in))
    return found


def alert_level(user, today: datetime.date) -> str | None:
    """What the dashboard shows the user today, for reminder emails: an
    "emergency" (an emergency answer not yet acknowledged: the dashboard says
    to get help now), an "alert" (any alert of the last seven days,
    `triage_recent`), or None. A session reminder then says to read it first,
    and during an emergency does not offer the session at all."""
    if emergencies_open(user):
        return "emergency"
    if triage_recent(user, today):
        return "alert"
    return None
