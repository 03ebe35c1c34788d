"""The advice for the next session: each exercise's next dose from its recent
sessions, the next day's pain after them and the weekly average pain
(journal.progression, journal.triage), held while the warning-sign alert
shows."""

import datetime
from dataclasses import dataclass, replace

from django.db import connection

from core import rows
from exercises import selectors as content

from .. import triage
from ..models import CheckIn, Session, SessionExercise
from ..models.entries import Side
from ..progression import (
    Dose,
    DoseRange,
    SessionOutcome,
    Suggestion,
    WeeklyPain,
    suggest,
    under_alert,
    volume,
)
from .alerts import PainWeeks, Triage, pain_weeks, triage_recent

# How many of an exercise's latest sessions the progression rule reads.
HISTORY_SESSIONS = 3
# Rows one session can hold for one exercise: one per side value.
ROWS_PER_SESSION = len(Side.values)


@dataclass(frozen=True)
class ExercisePlan:
    """One routine exercise for a user: the dose for the next session, and
    the suggestion that led to it."""

    item: object  # exercises.RoutineItem
    last_dose: Dose | None
    suggestion: Suggestion
    # The dose the person was working at (the one planned last time).
    working_dose: Dose | None = None

    @property
    def exercise(self):
        return self.item.exercise

    @property
    def dose(self) -> Dose:
        return self.suggestion.dose

    @property
    def start_dose(self) -> Dose:
        """The routine's starting dose for the exercise."""
        return Dose(self.item.sets, self.item.reps, self.item.hold_seconds)

    @property
    def sides(self) -> list[str]:
        """The sides the dose is recorded for: right and left, or one row."""
        return [Side.RIGHT, Side.LEFT] if self.item.per_side else [Side.NONE]


def _limits(exercise) -> DoseRange:
    return DoseRange(
        sets_min=exercise.sets_min,
        sets_max=exercise.sets_max,
        reps_min=exercise.reps_min,
        reps_max=exercise.reps_max,
        hold_min=exercise.hold_seconds_min,
        hold_max=exercise.hold_seconds_max,
    )


def _outcomes(
    done: list[SessionExercise], scores: dict[datetime.date, int]
) -> list[SessionOutcome]:
    """One outcome per session, newest first, from an exercise's rows (newest
    session first); of a session's sides, the weaker one counts."""
    by_session: dict[int, list[SessionExercise]] = {}
    for row in done:
        by_session.setdefault(row.session_id, []).append(row)
    outcomes = []
    for sides in list(by_session.values())[:HISTORY_SESSIONS]:
        weaker = min(sides, key=lambda row: volume(row.done))
        # Asked once per exercise; were the sides ever to differ, the worse.
        pains = [row.pain for row in sides if row.pain is not None]
        day = weaker.session.date
        outcomes.append(
            SessionOutcome(
                pain_during=weaker.session.pain_during,
                next_day_rise=triage.next_day_rise(day, scores),
                dose=weaker.done,
                planned=weaker.planned,
                next_day_pain=scores.get(day + triage.DAY),
                exercise_pain=max(pains, default=None),
            )
        )
    return outcomes


def weekly_pain(user, today: datetime.date) -> WeeklyPain:
    """The average check-in pain of the seven days ending `today` and of the
    seven days before: one query (alerts.pain_weeks, which the advice reads
    once for the no-improvement alert too)."""
    return _weekly(pain_weeks(user, today))


def _weekly(weeks: PainWeeks) -> WeeklyPain:
    return WeeklyPain(weeks.recent.average, weeks.before.average)


def exercise_plans(
    user,
    routine,
    *,
    with_steps: bool = False,
    weekly: WeeklyPain | None = None,
    unpublished: bool = False,
    content_version: str | None = None,
) -> list[ExercisePlan]:
    """The routine's published exercises with each one's next dose for `user`
    (`weekly`: the weekly average pain, which may hold a step up;
    `unpublished`: its unpublished exercises too, for recording a session
    offered before staff unpublished one of them).

    Three queries (the routine's exercises, their recent rows: _recent_rows,
    and the check-ins after those sessions), plus one with the steps; two
    while the routine's items are kept (`content_version`: the content's,
    read by the caller)."""
    items = (
        content.routine_items_kept(
            routine,
            version=content_version,
            with_steps=with_steps,
            unpublished=unpublished,
        )
        if routine
        else []
    )
    recent = _recent_rows(user, [item.exercise_id for item in items])
    days = {entry.session.date for entry in recent}
    around = {rise_day for day in days for rise_day in triage.rise_days(day)}
    scores = _scores_on(user, around) if around else {}

    history: dict[int, list[SessionExercise]] = {}
    for entry in recent:
        history.setdefault(entry.exercise_id, []).append(entry)

    plans = []
    for item in items:
        outcomes = _outcomes(history.get(item.exercise_id, []), scores)
        last = outcomes[0] if outcomes else None
        start = Dose(item.sets, item.reps, item.hold_seconds)
        # The dose the person was working at, not a lower one done on a day
        # that fell short (nor a higher one done beyond the plan).
        current = last.working_dose if last else start
        plans.append(
            ExercisePlan(
                item=item,
                last_dose=last.dose if last else None,
                suggestion=suggest(
                    current=current,
                    limits=_limits(item.exercise),
                    history=outcomes,
                    weekly=weekly,
                ),
                working_dose=current,
            )
        )
    return plans


def _scores_on(user, days: set[datetime.date]) -> dict[datetime.date, int]:
    """{date: pain score} of the user's check-ins on `days`: one query,
    written out (the ORM took longer to compile it than to run it)."""
    marks = ", ".join(["%s"] * len(days))
    found = rows.fetch(
        f'SELECT "date", "pain_score" FROM {rows.quoted(CheckIn)} '
        f'WHERE "user_id" = %s AND "date" IN ({marks})',
        [rows.user_id(user), *sorted(days)],
    )
    return {rows.as_date(day): score for day, score in found}


# One exercise's rows of its last sessions, newest first: the arm of
# _recent_rows' union for one exercise. Each walks the user's sessions newest
# first down session_user_newest (with each session's rows by its session_id
# index) and stops at the rows of the third session that has the exercise,
# so the cost does not grow with the user's history. On SQLite the exercise
# is compared as an expression ({exercise} + 0), so that it never reads the
# rows through the exercise's index: that plan (SQLite's choice without
# statistics) reads every member's rows of the exercise and sorts them, 3 ms
# each on the bench. PostgreSQL, which keeps statistics, is given the column
# itself: the expression's guessed selectivity made it scan every member's
# rows (8 ms per exercise on the bench's data), the column's real one makes
# it walk the index (0.05 ms).
_RECENT_ARM = (
    'SELECT "id" FROM (SELECT done."id" FROM "{rows}" done '
    'INNER JOIN "{sessions}" done_session ON done."session_id" = done_session."id" '
    'WHERE done_session."user_id" = %s AND {exercise} = %s '
    'ORDER BY done_session."date" DESC, done_session."created_at" DESC, '
    'done_session."id" DESC LIMIT %s) AS "recent_{number}"'
)
_ARM_EXERCISE = {"sqlite": '(done."exercise_id" + 0)'}
# What _outcomes and the rows' order read of each row's session (the rest is
# deferred), in the model's order (rows.from_row).
SESSION_FIELDS = ["id", "date", "pain_during", "created_at"]


def _recent_rows(user, exercise_ids: list[int]) -> list[SessionExercise]:
    """The rows of each exercise's last HISTORY_SESSIONS sessions of `user`
    (with their session), newest session first: one query, whatever the
    number of exercises. Each exercise's rows are one arm of a UNION ALL (its
    own LIMIT, as a subquery each database accepts), the arms' ids the
    filter of the one query that reads the rows.

    One ORM query per exercise read the same rows at 0.9 ms each, most of it
    building and compiling the query, on every page that advises (the
    dashboard after each write, the player, the session forms). A window
    function over all the user's sessions did it in one query, but read every
    session the user ever logged: 10 ms for five years of them on SQLite."""
    if not exercise_ids:
        return []
    count = len(SessionExercise._meta.concrete_fields)
    found, made = [], {}
    for row in rows.fetch(*recent_rows_query(rows.user_id(user), exercise_ids)):
        entry = rows.from_row(SessionExercise, row[:count])
        session = made.get(entry.session_id)
        if session is None:
            session = made[entry.session_id] = rows.from_row(
                Session, row[count:], SESSION_FIELDS
            )
        entry.session = session
        found.append(entry)
    return sorted(
        found,
        key=lambda row: (row.session.date, row.session.created_at, row.session_id),
        reverse=True,
    )


def recent_rows_query(user_id: int, exercise_ids: list[int]) -> tuple[str, list]:
    """_recent_rows' query (rows.read_ahead lists it)."""
    arm_sql = (
        _RECENT_ARM.replace("{rows}", SessionExercise._meta.db_table)
        .replace("{sessions}", Session._meta.db_table)
        .replace(
            "{exercise}",
            _ARM_EXERCISE.get(connection.vendor, 'done."exercise_id"'),
        )
    )
    arms, params = [], []
    for number, exercise_id in enumerate(exercise_ids):
        arms.append(arm_sql.replace("{number}", str(number)))
        params += [user_id, exercise_id, HISTORY_SESSIONS * ROWS_PER_SESSION]
    # The rows with their sessions, written out too (the ORM's compiling of
    # the join cost as much as the query). Of a session, only what the
    # outcomes and the order read (SESSION_FIELDS), made once however many
    # of its rows come back.
    done, sessions = rows.quoted(SessionExercise), rows.quoted(Session)
    selected = ", ".join(
        rows.columns(SessionExercise, done)
        + rows.columns(Session, sessions, SESSION_FIELDS)
    )
    return (
        f"SELECT {selected} FROM {done} INNER JOIN {sessions} "
        f'ON {sessions}."id" = {done}."session_id" '
        f'WHERE {done}."id" IN ({" UNION ALL ".join(arms)})',
        params,
    )


@dataclass(frozen=True)
class Advice:
    """What the journal advises for the next session: the warning-sign alert of
    the last seven days and, in agreement with it, each exercise's next dose."""

    triage: list[Triage]
    plans: list[ExercisePlan]

    @property
    def alert(self) -> bool:
        return bool(self.triage)

    @property
    def emergency(self) -> bool:
        """An alert of the last seven days is in the emergency tier: the
        advice is to get help, not to exercise."""
        return _emergency(self.triage)


def _emergency(alerts: list[Triage]) -> bool:
    """Whether one of `alerts` is in the emergency tier."""
    return any(item.tier is triage.Tier.EMERGENCY for item in alerts)


def advice(
    user,
    routine,
    today: datetime.date,
    *,
    with_steps: bool = False,
    unpublished: bool = False,
    history: tuple[triage.History, ...] | None = None,
    content_version: str | None = None,
) -> Advice:
    """The one place that combines the alert with the progression: while an
    alert of the last seven days shows (any tier), no exercise is suggested a
    step up (progression.under_alert); a rising weekly average pain holds a
    step up too (progression.WeeklyPain).

    `unpublished` adds the routine's exercises staff have unpublished: only
    for reading and recording a sent session form, which may hold one offered
    before it was unpublished (a page never offers one). `history`: the
    plan's answers (Plan.history) when the caller holds the whole plan, read
    again otherwise. `content_version`: the content's, when the caller read
    it (the routine's items are then kept in memory while it is the same)."""
    # One query for the weeks both the no-improvement alert and the weekly
    # average that may hold a step up compare.
    weeks = pain_weeks(user, today)
    alerts = triage_recent(user, today, weeks=weeks, history=history)
    weekly = _weekly(weeks) if routine else None
    plans = exercise_plans(
        user,
        routine,
        with_steps=with_steps,
        weekly=weekly,
        unpublished=unpublished,
        content_version=content_version,
    )
    emergency = _emergency(alerts)
    if alerts:
        plans = [
            replace(
                plan,
                suggestion=under_alert(
                    plan.suggestion,
                    current=plan.working_dose or plan.start_dose,
                    emergency=emergency,
                ),
            )
            for plan in plans
        ]
    return Advice(alerts, plans)
