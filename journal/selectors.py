"""Reads that shape journal data for pages. Grouping happens in the database;
every function runs a fixed number of queries whatever the size of the data."""

import datetime
import zoneinfo
from dataclasses import dataclass, replace

from django.db.models import QuerySet
from django.utils import timezone

from exercises import selectors as content

from . import triage, zones
from .models import CheckIn, Plan, Session, SessionExercise
from .models.entries import Side
from .progression import (
    Dose,
    DoseRange,
    SessionOutcome,
    Suggestion,
    suggest,
    under_alert,
    volume,
)

# How many of an exercise's latest sessions the progression rule reads.
HISTORY_SESSIONS = 3
# Rows one session can hold for one exercise: one per side value.
ROWS_PER_SESSION = len(Side.values)


def plan_for(user) -> Plan:
    """The user's plan, or an unsaved one with the defaults: reading a page never
    writes a row; the plan is stored when the user saves it."""
    plan = Plan.objects.select_related("routine").filter(user=user).first()
    if plan is None:
        plan = Plan(user=user, routine=content.routine_default())
    return plan


def zone_plan(user) -> Plan:
    """The user's plan with only what "today" needs (one query), or an unsaved
    one in the site's zone: for pages that need nothing else of the plan (the
    check-in form, the busiest write)."""
    plan = (
        Plan.objects.filter(user=user)
        .only("user_id", "time_zone", "time_zone_known")
        .first()
    )
    return plan or Plan(user=user)


def journal_zone(plan: Plan, browser_zone: str | None = None) -> zoneinfo.ZoneInfo:
    """The zone the user's dates follow: the plan's, or, while the plan has
    none chosen or detected, the zone the browser sent with this request (the
    entry it carries will store it: services.plan_time_zone_adopt). A stored
    zone the server no longer knows gives the site's zone (Plan.zone)."""
    if not plan.time_zone_known and zones.accepted_time_zone(browser_zone):
        return zoneinfo.ZoneInfo(browser_zone)
    return plan.zone


def user_today(plan: Plan, browser_zone: str | None = None) -> datetime.date:
    """The user's local date, in journal_zone."""
    return timezone.now().astimezone(journal_zone(plan, browser_zone)).date()


def today_for(user, browser_zone: str | None = None) -> datetime.date:
    """user_today for a page that needs nothing else of the plan."""
    return user_today(zone_plan(user), browser_zone)


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


def sessions(user) -> QuerySet[Session]:
    """The user's sessions with their exercise rows prefetched (so
    `Session.partly_done` reads no more)."""
    return (
        Session.objects.for_user(user)
        .select_related("routine")
        .prefetch_related("exercises__exercise")
    )


def session_recorded_on(user, routine, day: datetime.date) -> Session | None:
    """The latest session of `routine` recorded for `day`, if any: the player
    says so, so that a session sent again after Back is not a surprise."""
    return (
        Session.objects.for_user(user)
        .filter(routine=routine, date=day)
        .order_by("-created_at")
        .first()
    )


def latest_session_id(user) -> int | None:
    return Session.objects.for_user(user).values_list("pk", flat=True).first()


# Warning-sign triage ---------------------------------------------------------
# The rule is journal.triage's; these read the check-ins it needs.

# Rows fetched at a time while reading check-ins newest first for the triage:
# the window's and the few before it (triage.needed stops reading there).
TRIAGE_CHUNK = triage.RECENT_DAYS + triage.PERSISTENT_DAYS + 2


@dataclass(frozen=True)
class Triage:
    """A check-in that calls for the warning-signs advice, and why."""

    check_in: CheckIn
    alert: triage.Alert

    @property
    def reasons(self) -> list[str]:
        """The reasons as the pages say them to the person."""
        return [reason.sentence for reason in self.alert.reasons]


def triage_day(check_in: CheckIn) -> triage.Day:
    return triage.Day(
        check_in.date, check_in.pain_score, tuple(check_in.warning_sign_labels)
    )


def judged_check_ins(
    newest_first: QuerySet[CheckIn],
    *,
    start: datetime.date,
    end: datetime.date | None = None,
    chunk: int = TRIAGE_CHUNK,
) -> tuple[list[CheckIn], list[Triage]]:
    """The check-ins the triage needs to judge the days from `start` to `end`
    (None: any later day), read lazily from `newest_first` (one query, stopped
    where triage.needed stops), oldest first; and the alerts among them, oldest
    first. `newest_first` must hold every check-in up to `end` it may need."""
    read: dict[datetime.date, CheckIn] = {}
    rows = newest_first.iterator(chunk_size=chunk)

    def days():
        for check_in in rows:
            read[check_in.date] = check_in
            yield triage_day(check_in)

    try:
        days_needed = triage.needed(days(), start)
    finally:
        rows.close()
    kept = [read[day.date] for day in reversed(days_needed)]
    found = triage.alerts(days_needed, start=start, end=end)
    return kept, [Triage(read[alert.date], alert) for alert in found]


def triage_check_in(check_in: CheckIn) -> Triage | None:
    """Why this check-in calls for the warning-signs advice, if it does."""
    _, found = judged_check_ins(
        check_ins(check_in.user_id).filter(date__lte=check_in.date).order_by("-date"),
        start=check_in.date,
        end=check_in.date,
        chunk=triage.PERSISTENT_DAYS + 1,
    )
    return Triage(check_in, found[0].alert) if found else None


def triage_recent(user, today: datetime.date) -> list[Triage]:
    """Check-ins of the last seven days that call for the warning-signs advice,
    newest first. With no upper bound: a check-in dated after `today` (made
    before the user moved their zone west, it kept its date) still counts."""
    _, found = judged_check_ins(
        check_ins(user).order_by("-date"), start=triage.recent_start(today)
    )
    return found[::-1]


# Progression ------------------------------------------------------------------


@dataclass(frozen=True)
class ExercisePlan:
    """One routine exercise for a user: the dose for the next session, and
    the suggestion that led to it."""

    item: object  # exercises.RoutineItem
    last_dose: Dose | None
    suggestion: Suggestion

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
    rows: list[SessionExercise], scores: dict[datetime.date, int]
) -> list[SessionOutcome]:
    """One outcome per session, newest first, from an exercise's rows (newest
    session first); of a session's sides, the weaker one counts."""
    by_session: dict[int, list[SessionExercise]] = {}
    for row in rows:
        by_session.setdefault(row.session_id, []).append(row)
    outcomes = []
    for sides in list(by_session.values())[:HISTORY_SESSIONS]:
        weaker = min(sides, key=lambda row: volume(row.done))
        outcomes.append(
            SessionOutcome(
                pain_during=weaker.session.pain_during,
                next_day_rise=triage.next_day_rise(weaker.session.date, scores),
                dose=weaker.done,
                planned=weaker.planned,
            )
        )
    return outcomes


def exercise_plans(user, routine, *, with_steps: bool = False) -> list[ExercisePlan]:
    """The routine's published exercises with each one's next dose for `user`.

    Two queries, plus one per exercise of the routine (the rows of its last
    three sessions, read newest first down the session_user_newest index, so
    the cost does not grow with the user's history), plus one with the steps.
    A window function over all the user's sessions did it in one query, but
    read every session the user ever logged: 10 ms for five years of them on
    SQLite."""
    items = (
        list(content.routine_items(routine, with_steps=with_steps)) if routine else []
    )
    recent = [
        entry
        for item in items
        for entry in SessionExercise.objects.filter(
            session__user=user, exercise_id=item.exercise_id
        )
        .select_related("session")
        .order_by("-session__date", "-session__created_at", "-session_id")[
            : HISTORY_SESSIONS * ROWS_PER_SESSION
        ]
    ]
    days = {entry.session.date for entry in recent}
    around = {rise_day for day in days for rise_day in triage.rise_days(day)}
    scores = (
        dict(check_ins(user).filter(date__in=around).values_list("date", "pain_score"))
        if around
        else {}
    )

    history: dict[int, list[SessionExercise]] = {}
    for entry in recent:
        history.setdefault(entry.exercise_id, []).append(entry)

    plans = []
    for item in items:
        outcomes = _outcomes(history.get(item.exercise_id, []), scores)
        last = outcomes[0] if outcomes else None
        start = Dose(item.sets, item.reps, item.hold_seconds)
        plans.append(
            ExercisePlan(
                item=item,
                last_dose=last.dose if last else None,
                suggestion=suggest(
                    # The dose the person was working at, not a lower one
                    # done on a day that fell short.
                    current=last.working_dose if last else start,
                    limits=_limits(item.exercise),
                    history=outcomes,
                ),
            )
        )
    return plans


@dataclass(frozen=True)
class Advice:
    """What the journal advises for the next session: the warning-sign alert of
    the last seven days and, in agreement with it, each exercise's next dose."""

    triage: list[Triage]
    plans: list[ExercisePlan]

    @property
    def alert(self) -> bool:
        return bool(self.triage)


def advice(user, routine, today: datetime.date, *, with_steps: bool = False) -> Advice:
    """The one place that combines the alert with the progression: while the
    alert shows, no exercise is suggested a step up (progression.under_alert)."""
    triage = triage_recent(user, today)
    plans = exercise_plans(user, routine, with_steps=with_steps)
    if triage:
        plans = [
            replace(
                plan,
                suggestion=under_alert(
                    plan.suggestion, current=plan.last_dose or plan.start_dose
                ),
            )
            for plan in plans
        ]
    return Advice(triage, plans)


def routine_for_session(slug: str):
    """A published routine, or None."""
    return content.routine_published(slug)


# Account data -----------------------------------------------------------------


def account_data(user) -> dict:
    """Everything the journal holds about `user` as plain data (the account's
    "Download my data"): plan, check-ins and sessions with their exercises.
    At most five queries whatever the amount of data."""
    plan = Plan.objects.filter(user=user).select_related("routine").first()
    return {
        "plan": None
        if plan is None
        else {
            "weekly_target": plan.weekly_target,
            "routine": plan.routine.title if plan.routine else None,
            "time_zone": plan.time_zone,
        },
        "check_ins": [
            {
                "date": entry.date,
                "pain_score": entry.pain_score,
                "warning_signs": entry.warning_sign_labels,
                "notes": entry.notes,
                "created_at": entry.created_at,
                "updated_at": entry.updated_at,
            }
            for entry in check_ins(user).order_by("date")
        ],
        "sessions": [
            {
                "date": session.date,
                "routine": session.routine.title if session.routine else None,
                "pain_during": session.pain_during,
                "effort": session.get_effort_display(),
                "duration_minutes": session.duration_minutes,
                "notes": session.notes,
                "created_at": session.created_at,
                "partly_done": session.partly_done,
                "exercises": [
                    {
                        "exercise": done.exercise.title,
                        "side": done.side or None,
                        "skipped": done.skipped,
                        "sets": done.sets,
                        "reps": done.reps,
                        "hold_seconds": done.hold_seconds,
                        "planned_sets": done.planned_sets,
                        "planned_reps": done.planned_reps,
                        "planned_hold_seconds": done.planned_hold_seconds,
                    }
                    for done in session.exercises.all()
                ],
            }
            for session in sessions(user).order_by("date", "created_at")
        ],
    }
