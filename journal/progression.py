"""Pain-guided progression: one suggestion per exercise after each session.

The traffic-light approach to pain monitoring, with the guide's "increase
gradually". Pure functions on plain values, so every case is unit-tested.

- Green: pain during the exercise 0-3 on each of the last three sessions that
  included it, and no rise of 2 or more in the next day's check-in after any
  of them: suggest the next step up within the exercise's range.
- Amber: pain 4-5 in the latest session: keep the dose.
- Red: pain above 5 in the latest session, or a next-day rise of 2 or more:
  suggest easing off, and point to the warning signs.

The history holds the dose DONE beside the dose planned. A session where the
exercise fell short of its planned dose (fewer sets, reps or seconds, or
skipped) never counts as comfortable at that dose and never leads to a step
up; the next suggestion starts from the planned dose the person was working
at, not from the lower dose done. For an exercise done per side, the caller
passes the weaker side.
"""

from dataclasses import dataclass, replace
from enum import StrEnum

from .triage import NEXT_DAY_RISE

GREEN_MAX = 3
AMBER_MAX = 5
SESSIONS_FOR_PROGRESS = 3
HOLD_STEP_SECONDS = 5
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

    pain_during: int
    # triage.next_day_rise of the session's day; None: no check-ins to compare.
    next_day_rise: int | None = None
    dose: Dose | None = None  # the dose done, when known
    planned: Dose | None = None  # the dose suggested then; None: the one done

    @property
    def flared_next_day(self) -> bool:
        return self.next_day_rise is not None and self.next_day_rise >= NEXT_DAY_RISE

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


def step_up(dose: Dose, limits: DoseRange) -> Dose | None:
    """The next step up within the range: a few seconds more hold, a few more
    reps, then one more set. None at the top of the range."""
    if dose.hold_seconds and limits.hold_max and dose.hold_seconds < limits.hold_max:
        hold = min(dose.hold_seconds + HOLD_STEP_SECONDS, limits.hold_max)
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
        hold = max(dose.hold_seconds - HOLD_STEP_SECONDS, limits.hold_min)
        return replace(dose, hold_seconds=hold)
    return dose


def suggest(
    *, current: Dose, limits: DoseRange, history: list[SessionOutcome]
) -> Suggestion:
    """Suggest the next dose from the latest sessions, newest first."""
    if not history:
        return Suggestion(
            Action.KEEP,
            current,
            "Start with this dose and note how your hip feels during the session "
            "and the next day.",
        )
    latest = history[0]
    if latest.pain_during > AMBER_MAX or latest.flared_next_day:
        reason = (
            f"your pain during the last session was {latest.pain_during} out of 10"
            if latest.pain_during > AMBER_MAX
            else f"your pain rose by {latest.next_day_rise} points the next day"
        )
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
    if latest.pain_during > GREEN_MAX:
        return Suggestion(
            Action.KEEP,
            current,
            f"Pain of {latest.pain_during} out of 10 during the session is "
            "acceptable if it settles by the next day: you may keep this dose for "
            "now.",
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
    # Count comfortable sessions done in full at the current dose only: a step
    # up starts a new count, and a session that fell short ends it.
    calm_in_a_row = 0
    for outcome in history:
        working = outcome.working_dose
        at_other_dose = working is not None and working != current
        if (
            outcome.pain_during > GREEN_MAX
            or outcome.flared_next_day
            or at_other_dose
            or outcome.partly_done
        ):
            break
        calm_in_a_row += 1
    if calm_in_a_row >= SESSIONS_FOR_PROGRESS:
        higher = step_up(current, limits)
        if higher is None:
            return Suggestion(
                Action.KEEP,
                current,
                "You are at the top of this exercise's range: keep this dose, and "
                "keep it comfortable.",
            )
        return Suggestion(
            Action.PROGRESS,
            higher,
            f"Three comfortable sessions in a row: you could try {higher} next "
            "time. Increase gradually, and go back a step if pain rises.",
        )
    remaining = SESSIONS_FOR_PROGRESS - calm_in_a_row
    return Suggestion(
        Action.KEEP,
        current,
        f"Going well. After {remaining} more comfortable "
        f"session{'' if remaining == 1 else 's'} in a row (pain 3 or less during, "
        "and no rise of 2 or more the next day) you could step up.",
    )


ALERT_HOLD = (
    "Hold this dose or rest until you have read the warning-sign alert: this is "
    "not the time to step up."
)
ALERT_EASE = "Read “When to seek medical attention” above first."


def under_alert(suggestion: Suggestion, *, current: Dose) -> Suggestion:
    """The suggestion while a warning-sign alert is showing, so that the advice
    never contradicts it: never a step up (`current` is the dose the person is
    working at, kept instead); easing off stays, pointing to the alert."""
    if suggestion.action is Action.EASE:
        return replace(
            suggestion,
            message=f"{suggestion.message} {ALERT_EASE}",
            show_warning_signs=True,
        )
    dose = current if suggestion.action is Action.PROGRESS else suggestion.dose
    return Suggestion(Action.HOLD, dose, ALERT_HOLD, show_warning_signs=True)
