"""Pain-guided progression: one suggestion per exercise after each session.

The pain-monitoring model (Silbernagel et al. 2007: pain during an exercise
may reach 5 out of 10, pain the next morning should not be above 5, and pain
should not increase from week to week), with the guide's "increase
gradually". Pure functions on plain values, so every case is unit-tested.

- Green: pain during the exercise 0-3 on each of the last three sessions that
  included it, each followed by a check-in the next day (a session whose next
  day was not recorded is not known to be calm) of 5 or less and no rise of 2
  or more: suggest the next step up within the exercise's range, unless the
  average pain of the last seven days is higher than that of the seven before
  (then keep the dose).
- Amber: pain 4-5 in the latest session: keep the dose.
- Red: pain above 5 in the latest session, next-morning pain above 5 after
  it, or a next-day rise of 2 or more: suggest easing off, and point to the
  warning signs.

The pain read for a session is the exercise's own, when the person gave one,
and otherwise the session's overall pain.

The history holds the dose DONE beside the dose planned. A session where the
exercise fell short of its planned dose (fewer sets, reps or seconds, or
skipped) never counts as comfortable at that dose and never leads to a step
up; the next suggestion starts from the planned dose the person was working
at, not from the lower dose done. For an exercise done per side, the caller
passes the weaker side.
"""

from dataclasses import dataclass, replace
from enum import StrEnum

from .series import one_decimal
from .triage import NEXT_DAY_RISE, RECENT_DAYS

GREEN_MAX = 3
AMBER_MAX = 5
# Pain the next morning above this means easing off (Silbernagel et al. 2007).
NEXT_MORNING_MAX = 5
SESSIONS_FOR_PROGRESS = 3
HOLD_STEP_SECONDS = 5
# A hold of each rep (bird dog, glute bridge: a few seconds) grows by less.
HOLD_PER_REP_STEP_SECONDS = 2
REPS_STEP = 2


@dataclass(frozen=True)
class Dose:
    sets: int
    reps: int | None = None
    hold_seconds: int | None = None

    def __str__(self) -> str:
        if not self.sets:
            return "not done"
        sets = f"{self.sets} set{'' if self.sets == 1 else 's'}"
        reps = f"{self.reps} rep{'' if self.reps == 1 else 's'}"
        if self.reps and self.hold_seconds:
            return f"{sets} × {reps}, holding {self.hold_seconds} s"
        if self.reps:
            return f"{sets} × {reps}"
        return f"{sets} × {self.hold_seconds} s hold"


def falls_short(done: Dose, planned: Dose) -> bool:
    """Whether `done` is less than `planned` in sets, reps or hold seconds (an
    exercise skipped is done with 0 sets). The database query of the same rule
    is SessionExercise's SHORT_OF_PLAN: keep them together."""
    return (
        done.sets == 0
        or done.sets < planned.sets
        or (planned.reps is not None and (done.reps or 0) < planned.reps)
        or (
            planned.hold_seconds is not None
            and (done.hold_seconds or 0) < planned.hold_seconds
        )
    )


def volume(dose: Dose) -> int:
    """Work in a dose, to compare two sides: sets × reps × seconds held."""
    return dose.sets * (dose.reps or 1) * (dose.hold_seconds or 1)


@dataclass(frozen=True)
class DoseRange:
    """An exercise's range; a missing maximum means the minimum is the limit."""

    sets_min: int
    sets_max: int | None
    reps_min: int | None = None
    reps_max: int | None = None
    hold_min: int | None = None
    hold_max: int | None = None

    @property
    def top_sets(self) -> int:
        return self.sets_max or self.sets_min


@dataclass(frozen=True)
class SessionOutcome:
    """What happened around one past session with the exercise."""

    pain_during: int  # the session's overall pain
    # triage.next_day_rise of the session's day; None: no check-ins to compare.
    next_day_rise: int | None = None
    dose: Dose | None = None  # the dose done, when known
    planned: Dose | None = None  # the dose suggested then; None: the one done
    # The check-in score of the day after the session; None: not recorded.
    next_day_pain: int | None = None
    # The pain the person gave for this exercise, when they gave one.
    exercise_pain: int | None = None

    @property
    def pain(self) -> int:
        """The pain during this exercise: its own when given, else the
        session's."""
        return self.pain_during if self.exercise_pain is None else self.exercise_pain

    @property
    def flared_next_day(self) -> bool:
        return self.next_day_rise is not None and self.next_day_rise >= NEXT_DAY_RISE

    @property
    def sore_next_morning(self) -> bool:
        return self.next_day_pain is not None and self.next_day_pain > NEXT_MORNING_MAX

    @property
    def next_day_known(self) -> bool:
        return self.next_day_pain is not None

    @property
    def working_dose(self) -> Dose | None:
        """The dose the person was working at: the one planned."""
        return self.planned or self.dose

    @property
    def partly_done(self) -> bool:
        return (
            self.dose is not None
            and self.planned is not None
            and falls_short(self.dose, self.planned)
        )


class Action(StrEnum):
    PROGRESS = "progress"
    KEEP = "keep"
    EASE = "ease"
    HOLD = "hold"  # a warning-sign alert is showing: no step up


@dataclass(frozen=True)
class Suggestion:
    action: Action
    dose: Dose  # the dose suggested for the next session
    message: str
    show_warning_signs: bool = False


def hold_step(dose: Dose) -> int:
    """Seconds a step adds to or takes from a hold: fewer for a hold of each
    rep than for a hold that is the whole set."""
    return HOLD_PER_REP_STEP_SECONDS if dose.reps else HOLD_STEP_SECONDS


def step_up(dose: Dose, limits: DoseRange) -> Dose | None:
    """The next step up within the range: a few seconds more hold (for a dose
    of reps each held, the hold first), a few more reps, then one more set.
    None at the top of the range."""
    if dose.hold_seconds and limits.hold_max and dose.hold_seconds < limits.hold_max:
        hold = min(dose.hold_seconds + hold_step(dose), limits.hold_max)
        return replace(dose, hold_seconds=hold)
    if dose.reps and limits.reps_max and dose.reps < limits.reps_max:
        return replace(dose, reps=min(dose.reps + REPS_STEP, limits.reps_max))
    if dose.sets < limits.top_sets:
        return replace(dose, sets=dose.sets + 1)
    return None


def step_down(dose: Dose, limits: DoseRange) -> Dose:
    """One step back, never below the range's minimum: a set first, then reps
    or hold."""
    if dose.sets > limits.sets_min:
        return replace(dose, sets=dose.sets - 1)
    if dose.reps and limits.reps_min and dose.reps > limits.reps_min:
        return replace(dose, reps=max(dose.reps - REPS_STEP, limits.reps_min))
    if dose.hold_seconds and limits.hold_min and dose.hold_seconds > limits.hold_min:
        hold = max(dose.hold_seconds - hold_step(dose), limits.hold_min)
        return replace(dose, hold_seconds=hold)
    return dose


@dataclass(frozen=True)
class WeeklyPain:
    """The average check-in pain of the RECENT_DAYS days ending today and of
    the RECENT_DAYS days before them (None: no check-in in those days)."""

    this_week: float | None
    week_before: float | None

    @property
    def rising(self) -> bool:
        """Higher this week than the week before, as the pages show them (to
        one decimal). Pain should not increase from week to week (Silbernagel
        et al. 2007); with a week not recorded, nothing is assumed."""
        if self.this_week is None or self.week_before is None:
            return False
        return one_decimal(self.this_week) > one_decimal(self.week_before)


NEXT_DAY_CHECK_IN = (
    "A check-in the morning after each session is what lets the next step "
    "come: it shows how your hip responded."
)


def _calm(outcome: SessionOutcome, current: Dose) -> bool:
    """A session that counts toward a step up: comfortable during (pain 3 or
    less), done in full at `current`, and followed by a recorded next day
    without next-morning pain above 5 or a rise of 2 or more."""
    working = outcome.working_dose
    return (
        outcome.pain <= GREEN_MAX
        and outcome.next_day_known
        and not outcome.sore_next_morning
        and not outcome.flared_next_day
        and (working is None or working == current)
        and not outcome.partly_done
    )


def _waiting(outcome: SessionOutcome, current: Dose) -> bool:
    """Calm so far, but its next day's check-in is not recorded (yet)."""
    return not outcome.next_day_known and _calm(
        replace(outcome, next_day_pain=0), current
    )


def _ease(latest: SessionOutcome, current: Dose, limits: DoseRange) -> Suggestion:
    if latest.pain > AMBER_MAX:
        during = (
            "the last session"
            if latest.exercise_pain is None
            else "this exercise last time"
        )
        reason = f"your pain during {during} was {latest.pain} out of 10"
    elif latest.sore_next_morning:
        reason = (
            "your pain the morning after the last session was "
            f"{latest.next_day_pain} out of 10"
        )
    else:
        reason = f"your pain rose by {latest.next_day_rise} points the next day"
    eased = step_down(current, limits)
    what = (
        f"easing off to {eased}"
        if eased != current
        else "keeping to the lowest dose or resting a day or two"
    )
    return Suggestion(
        Action.EASE,
        eased,
        f"Because {reason}, consider {what}. If pain stays high or you notice "
        "any warning sign, it may be time to seek medical advice.",
        show_warning_signs=True,
    )


def suggest(
    *,
    current: Dose,
    limits: DoseRange,
    history: list[SessionOutcome],
    weekly: WeeklyPain | None = None,
) -> Suggestion:
    """Suggest the next dose from the latest sessions, newest first, and the
    weekly average pain (`weekly`; None: not known, nothing held for it)."""
    if not history:
        return Suggestion(
            Action.KEEP,
            current,
            "Start with this dose and note how your hip feels during the session "
            "and the next morning.",
        )
    latest = history[0]
    if latest.pain > AMBER_MAX or latest.sore_next_morning or latest.flared_next_day:
        return _ease(latest, current, limits)
    if latest.pain > GREEN_MAX:
        return Suggestion(
            Action.KEEP,
            current,
            f"Pain of {latest.pain} out of 10 during the "
            f"{'exercise' if latest.exercise_pain is not None else 'session'} is "
            "acceptable if it settles by the next morning: you may keep this dose "
            "for now.",
        )
    if latest.partly_done:
        done = "skipped it" if not latest.dose.sets else f"did {latest.dose}"
        return Suggestion(
            Action.KEEP,
            current,
            f"Last time you {done}, less than the {latest.planned} suggested: "
            f"keep to {current} (or less on a day your hip feels worse). A step "
            f"up comes after {SESSIONS_FOR_PROGRESS} sessions in a row done in "
            "full and comfortably.",
        )
    # Count calm sessions done in full at the current dose only: a step up
    # starts a new count, and a session that fell short ends it. The latest
    # session, comfortable so far, may still wait for its next day's check-in.
    waiting = _waiting(latest, current)
    calm_in_a_row = int(waiting)
    for outcome in history[calm_in_a_row:]:
        if not _calm(outcome, current):
            break
        calm_in_a_row += 1
    higher = step_up(current, limits)
    if calm_in_a_row >= SESSIONS_FOR_PROGRESS:
        if higher is None:
            return Suggestion(
                Action.KEEP,
                current,
                "You are at the top of this exercise's range: keep this dose, and "
                "keep it comfortable.",
            )
        if weekly is not None and weekly.rising:
            return Suggestion(
                Action.KEEP,
                current,
                f"Your average pain over the last {RECENT_DAYS} days "
                f"({one_decimal(weekly.this_week)}) is higher than over the "
                f"{RECENT_DAYS} days before ({one_decimal(weekly.week_before)}): "
                "keep this dose for now. Pain should not increase from week to "
                "week; a step up can wait until it settles.",
            )
        if waiting:
            return Suggestion(
                Action.KEEP,
                current,
                "Three comfortable sessions in a row: if the check-in the "
                "morning after the last one shows your pain settled (5 or less, "
                f"and no rise of 2 or more), you could try {higher} next time. "
                f"{NEXT_DAY_CHECK_IN}",
            )
        return Suggestion(
            Action.PROGRESS,
            higher,
            f"Three comfortable sessions in a row: you could try {higher} next "
            "time. Increase gradually, and go back a step if pain rises.",
        )
    remaining = SESSIONS_FOR_PROGRESS - calm_in_a_row
    after = (
        f"After {remaining} more comfortable session{'' if remaining == 1 else 's'} "
        "in a row (pain 3 or less during; the next morning 5 or less, and no rise "
        "of 2 or more) you could step up."
    )
    breaking = history[calm_in_a_row] if calm_in_a_row < len(history) else None
    if waiting or (breaking is not None and _waiting(breaking, current)):
        return Suggestion(
            Action.KEEP, current, f"Going well. {NEXT_DAY_CHECK_IN} {after}"
        )
    return Suggestion(Action.KEEP, current, f"Going well. {after}")


ALERT_HOLD = (
    "A warning-sign alert from the last 7 days is showing: keep this dose, or "
    "pause the exercises and get checked. This is not the time to step up."
)
ALERT_EASE = "Read “When to seek medical attention” at the top of the page first."
ALERT_EMERGENCY = (
    "You reported a sign that calls for emergency help in the last 7 days: get "
    "that help first, and leave the exercises until you have been checked."
)


def under_alert(
    suggestion: Suggestion, *, current: Dose, emergency: bool = False
) -> Suggestion:
    """The suggestion while a warning-sign alert of the last 7 days shows (any
    tier), so that the advice never contradicts it: never a step up (`current`
    is the dose the person is working at, kept instead); easing off stays,
    pointing to the alert. Under an emergency-tier alert, no exercise at all is
    the advice: get help first."""
    if emergency:
        dose = current if suggestion.action is Action.PROGRESS else suggestion.dose
        return Suggestion(Action.HOLD, dose, ALERT_EMERGENCY, show_warning_signs=True)
    if suggestion.action is Action.EASE:
        return replace(
            suggestion,
            message=f"{suggestion.message} {ALERT_EASE}",
            show_warning_signs=True,
        )
    dose = current if suggestion.action is Action.PROGRESS else suggestion.dose
    return Suggestion(Action.HOLD, dose, ALERT_HOLD, show_warning_signs=True)
