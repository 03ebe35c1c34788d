"""The pain-guided progression rule, case by case."""

import itertools

import pytest

from journal.progression import (
    ALERT_EMERGENCY,
    ALERT_HOLD,
    NEXT_DAY_CHECK_IN,
    Action,
    Dose,
    DoseRange,
    SessionOutcome,
    WeeklyPain,
    falls_short,
    step_down,
    step_up,
    suggest,
    under_alert,
)

HOLD = DoseRange(sets_min=2, sets_max=3, hold_min=20, hold_max=30)
REPS = DoseRange(sets_min=2, sets_max=3, reps_min=10, reps_max=15)


def calm(n: int, dose: Dose | None = None) -> list[SessionOutcome]:
    """Comfortable sessions, each followed by a next-day check-in of 2."""
    return [
        SessionOutcome(pain_during=2, next_day_rise=0, dose=dose, next_day_pain=2)
    ] * n


def outcome(pain: int, rise: int | None = 0, dose=None, **kwargs) -> SessionOutcome:
    """A session with its next day's check-in recorded (2 out of 10) unless
    `next_day_pain` says otherwise."""
    kwargs.setdefault("next_day_pain", 2)
    return SessionOutcome(pain, rise, dose, **kwargs)


@pytest.mark.parametrize(
    ("dose", "limits", "expected"),
    [
        (Dose(2, hold_seconds=20), HOLD, Dose(2, hold_seconds=25)),
        (Dose(2, hold_seconds=28), HOLD, Dose(2, hold_seconds=30)),
        (Dose(2, hold_seconds=30), HOLD, Dose(3, hold_seconds=30)),
        (Dose(3, hold_seconds=30), HOLD, None),
        (Dose(2, reps=10), REPS, Dose(2, reps=12)),
        (Dose(2, reps=14), REPS, Dose(2, reps=15)),
        (Dose(2, reps=15), REPS, Dose(3, reps=15)),
        (Dose(3, reps=15), REPS, None),
    ],
)
def test_step_up_adds_hold_then_reps_then_a_set_within_the_range(
    dose, limits, expected
):
    assert step_up(dose, limits) == expected


@pytest.mark.parametrize(
    ("dose", "limits", "expected"),
    [
        (Dose(3, reps=15), REPS, Dose(2, reps=15)),
        (Dose(2, reps=15), REPS, Dose(2, reps=13)),
        (Dose(2, reps=11), REPS, Dose(2, reps=10)),
        (Dose(2, reps=10), REPS, Dose(2, reps=10)),
        (Dose(2, hold_seconds=30), HOLD, Dose(2, hold_seconds=25)),
        (Dose(2, hold_seconds=20), HOLD, Dose(2, hold_seconds=20)),
    ],
)
def test_step_down_never_goes_below_the_range(dose, limits, expected):
    assert step_down(dose, limits) == expected


def test_no_history_keeps_the_starting_dose():
    suggestion = suggest(current=Dose(2, reps=10), limits=REPS, history=[])

    assert suggestion.action is Action.KEEP
    assert suggestion.dose == Dose(2, reps=10)


def test_three_calm_sessions_at_this_dose_suggest_a_step_up():
    dose = Dose(2, hold_seconds=20)

    suggestion = suggest(current=dose, limits=HOLD, history=calm(3, dose))

    assert suggestion.action is Action.PROGRESS
    assert suggestion.dose == Dose(2, hold_seconds=25)
    assert "could try 2 sets × 25 s hold" in suggestion.message
    assert not suggestion.show_warning_signs


@pytest.mark.parametrize("sessions", [1, 2])
def test_fewer_than_three_calm_sessions_keep_the_dose(sessions):
    dose = Dose(2, reps=10)

    suggestion = suggest(current=dose, limits=REPS, history=calm(sessions, dose))

    assert suggestion.action is Action.KEEP
    assert suggestion.dose == dose
    assert f"{3 - sessions} more comfortable" in suggestion.message


def test_pain_of_3_is_still_green_and_4_is_not():
    dose = Dose(2, reps=10)
    green = [outcome(3, 0, dose)] * 3
    amber_before = [outcome(3, 0, dose), outcome(3, 0, dose)] + [outcome(4, 0, dose)]

    assert suggest(current=dose, limits=REPS, history=green).action is Action.PROGRESS
    assert (
        suggest(current=dose, limits=REPS, history=amber_before).action is Action.KEEP
    )


@pytest.mark.parametrize("pain", [4, 5])
def test_pain_4_to_5_keeps_the_dose(pain):
    dose = Dose(3, reps=12)
    history = [outcome(pain, 0, dose)] + calm(2, dose)

    suggestion = suggest(current=dose, limits=REPS, history=history)

    assert suggestion.action is Action.KEEP
    assert suggestion.dose == dose
    assert not suggestion.show_warning_signs


@pytest.mark.parametrize("pain", [6, 8, 10])
def test_pain_above_5_suggests_easing_off_and_points_to_the_warning_signs(pain):
    dose = Dose(3, reps=12)

    suggestion = suggest(
        current=dose, limits=REPS, history=[SessionOutcome(pain, None, dose)]
    )

    assert suggestion.action is Action.EASE
    assert suggestion.dose == Dose(2, reps=12)
    assert suggestion.show_warning_signs
    assert f"{pain} out of 10" in suggestion.message
    assert "consider" in suggestion.message


@pytest.mark.parametrize(
    ("rise", "action"), [(2, Action.EASE), (3, Action.EASE), (1, Action.PROGRESS)]
)
def test_a_next_day_rise_of_2_or_more_suggests_easing_off(rise, action):
    dose = Dose(2, hold_seconds=25)
    history = [outcome(1, rise, dose)] + calm(2, dose)

    suggestion = suggest(current=dose, limits=HOLD, history=history)

    assert suggestion.action is action
    if action is Action.EASE:
        assert f"rose by {rise} points the next day" in suggestion.message


def test_an_earlier_next_day_flare_blocks_a_step_up():
    dose = Dose(2, reps=10)
    history = calm(2, dose) + [outcome(2, 2, dose)]

    assert suggest(current=dose, limits=REPS, history=history).action is Action.KEEP


def test_easing_off_at_the_lowest_dose_says_to_rest():
    dose = Dose(2, reps=10)

    suggestion = suggest(
        current=dose, limits=REPS, history=[SessionOutcome(7, None, dose)]
    )

    assert suggestion.action is Action.EASE
    assert suggestion.dose == dose
    assert "lowest dose or resting" in suggestion.message


def test_at_the_top_of_the_range_the_dose_is_kept():
    dose = Dose(3, reps=15)

    suggestion = suggest(current=dose, limits=REPS, history=calm(3, dose))

    assert suggestion.action is Action.KEEP
    assert "top of this exercise's range" in suggestion.message


def test_a_step_up_starts_a_new_count():
    old, new = Dose(2, reps=10), Dose(2, reps=12)
    history = calm(1, new) + calm(3, old)

    suggestion = suggest(current=new, limits=REPS, history=history)

    assert suggestion.action is Action.KEEP
    assert "2 more comfortable" in suggestion.message


# The dose done against the dose planned ---------------------------------------

PLANNED = Dose(2, reps=10)


def done(dose: Dose, pain: int = 2, rise: int | None = 0) -> SessionOutcome:
    return SessionOutcome(pain, rise, dose, planned=PLANNED, next_day_pain=2)


@pytest.mark.parametrize(
    ("done_dose", "planned", "short"),
    [
        (Dose(2, reps=10), Dose(2, reps=10), False),
        (Dose(3, reps=12), Dose(2, reps=10), False),  # more than planned
        (Dose(1, reps=10), Dose(2, reps=10), True),  # a set short
        (Dose(2, reps=9), Dose(2, reps=10), True),  # a rep short
        (Dose(1, reps=5), Dose(2, reps=10), True),  # "1 set × 5 reps"
        (Dose(0), Dose(2, reps=10), True),  # skipped
        (Dose(2, hold_seconds=20), Dose(2, hold_seconds=20), False),
        (Dose(2, hold_seconds=12), Dose(2, hold_seconds=20), True),  # stopped early
        (Dose(2, 10, 5), Dose(2, 10, 5), False),
        (Dose(2, 10, 4), Dose(2, 10, 5), True),
    ],
)
def test_falls_short_compares_every_part_of_the_dose(done_dose, planned, short):
    assert falls_short(done_dose, planned) is short


@pytest.mark.parametrize(
    ("history", "action", "message"),
    [
        # Three comfortable sessions, the latest one partly done: no step up.
        ([done(Dose(1, reps=5)), done(PLANNED), done(PLANNED)], Action.KEEP, "did"),
        # The latest skipped.
        ([done(Dose(0)), done(PLANNED), done(PLANNED)], Action.KEEP, "skipped it"),
        # An earlier one partly done ends the count of sessions done in full.
        (
            [done(PLANNED), done(PLANNED), done(Dose(2, reps=8))],
            Action.KEEP,
            "1 more comfortable",
        ),
        ([done(PLANNED), done(Dose(0)), done(PLANNED)], Action.KEEP, "2 more"),
        # Three in full: the step up.
        ([done(PLANNED)] * 3, Action.PROGRESS, "could try 2 sets × 12 reps"),
        # More than planned counts as done in full at the planned dose.
        ([done(Dose(3, reps=12))] * 3, Action.PROGRESS, "could try"),
        # Pain still rules a partly done session.
        ([done(Dose(1, reps=5), pain=7)], Action.EASE, "7 out of 10"),
        ([done(Dose(1, reps=5), pain=4)], Action.KEEP, "acceptable"),
        ([done(Dose(1, reps=5), rise=3)], Action.EASE, "rose by 3 points"),
    ],
)
def test_a_dose_short_of_the_plan_never_counts_as_comfortable(history, action, message):
    suggestion = suggest(current=PLANNED, limits=REPS, history=history)

    assert suggestion.action is action
    assert message in suggestion.message
    if action is not Action.EASE:
        # Kept at, or stepped up from, the planned dose: never silently lower.
        assert suggestion.dose.reps >= PLANNED.reps
        assert suggestion.dose.sets >= PLANNED.sets


def test_the_working_dose_is_the_planned_one_not_the_lower_one_done():
    outcome = done(Dose(1, reps=5))

    assert outcome.partly_done
    assert outcome.working_dose == PLANNED
    assert SessionOutcome(2, 0, PLANNED).working_dose == PLANNED  # older rows


@pytest.mark.parametrize(
    ("dose", "text"),
    [
        (Dose(0), "not done"),
        (Dose(1, reps=1), "1 set × 1 rep"),
        (Dose(1, reps=5), "1 set × 5 reps"),
        (Dose(2, hold_seconds=12), "2 sets × 12 s hold"),
        (Dose(2, 10, 5), "2 sets × 10 reps, holding 5 s"),
    ],
)
def test_a_dose_reads_in_words_with_plurals(dose, text):
    assert str(dose) == text


# A dose of reps, each held (bird dog, glute bridge): the hold first ------------

HELD_REPS = DoseRange(
    sets_min=1, sets_max=2, reps_min=10, reps_max=12, hold_min=3, hold_max=10
)


def test_a_dose_of_held_reps_steps_up_the_hold_first_then_reps_then_sets():
    dose, steps = Dose(1, 10, 3), []
    while (dose := step_up(dose, HELD_REPS)) is not None:
        steps.append(dose)

    assert steps == [
        Dose(1, 10, 5),
        Dose(1, 10, 7),
        Dose(1, 10, 9),
        Dose(1, 10, 10),
        Dose(1, 12, 10),
        Dose(2, 12, 10),
    ]


def test_a_dose_of_held_reps_steps_down_a_set_then_reps_then_the_hold():
    dose, steps = Dose(2, 12, 10), []
    while (lower := step_down(dose, HELD_REPS)) != dose:
        steps.append(dose := lower)

    assert steps == [
        Dose(1, 12, 10),
        Dose(1, 10, 10),
        Dose(1, 10, 8),
        Dose(1, 10, 6),
        Dose(1, 10, 4),
        Dose(1, 10, 3),
    ]


def test_three_calm_sessions_of_held_reps_suggest_a_longer_hold():
    dose = Dose(1, 10, 3)

    suggestion = suggest(current=dose, limits=HELD_REPS, history=calm(3, dose))

    assert suggestion.action is Action.PROGRESS
    assert suggestion.dose == Dose(1, 10, 5)
    assert "could try 1 set × 10 reps, holding 5 s" in suggestion.message


@pytest.mark.parametrize(
    ("done_dose", "short"),
    [(Dose(1, 10, 3), False), (Dose(1, 9, 3), True), (Dose(1, 10, 2), True)],
)
def test_held_reps_short_of_reps_or_of_the_hold_are_partly_done(done_dose, short):
    planned = Dose(1, 10, 3)
    history = [
        SessionOutcome(1, 0, done_dose, planned=planned, next_day_pain=1)
    ] + calm(2, planned)

    suggestion = suggest(current=planned, limits=HELD_REPS, history=history)

    assert falls_short(done_dose, planned) is short
    assert suggestion.action is (Action.KEEP if short else Action.PROGRESS)


# The next day's response --------------------------------------------------------

DOSE = Dose(2, reps=10)


def test_a_session_without_a_next_day_check_in_is_not_calm_yet():
    history = [outcome(1, None, DOSE, next_day_pain=None)] + calm(2, DOSE)

    suggestion = suggest(current=DOSE, limits=REPS, history=history)

    assert suggestion.action is Action.KEEP
    assert suggestion.dose == DOSE
    assert NEXT_DAY_CHECK_IN in suggestion.message
    assert "if the check-in the morning after the last one shows" in (
        suggestion.message
    )


def test_an_earlier_session_without_its_next_day_ends_the_count():
    history = calm(1, DOSE) + [outcome(1, None, DOSE, next_day_pain=None)]
    history += calm(1, DOSE)

    suggestion = suggest(current=DOSE, limits=REPS, history=history)

    assert suggestion.action is Action.KEEP
    assert NEXT_DAY_CHECK_IN in suggestion.message
    assert "2 more comfortable sessions" in suggestion.message


def test_the_first_session_asks_for_the_next_day_check_in():
    history = [outcome(2, None, DOSE, next_day_pain=None)]

    suggestion = suggest(current=DOSE, limits=REPS, history=history)

    assert suggestion.action is Action.KEEP
    assert NEXT_DAY_CHECK_IN in suggestion.message
    assert "2 more comfortable sessions" in suggestion.message


def test_a_next_day_check_in_without_the_day_before_still_counts():
    """The next morning is known (5 or less) though the rise is not."""
    history = [outcome(1, None, DOSE, next_day_pain=3)] + calm(2, DOSE)

    assert suggest(current=DOSE, limits=REPS, history=history).action is (
        Action.PROGRESS
    )


@pytest.mark.parametrize(("morning", "eases"), [(5, False), (6, True), (9, True)])
@pytest.mark.parametrize("during", [0, 3, 5])
def test_next_morning_pain_above_5_eases_off_whatever_the_session_felt_like(
    morning, eases, during
):
    history = [outcome(during, 0, Dose(3, reps=12), next_day_pain=morning)]

    suggestion = suggest(current=Dose(3, reps=12), limits=REPS, history=history)

    assert (suggestion.action is Action.EASE) is eases
    if eases:
        assert suggestion.dose == Dose(2, reps=12)
        assert f"the morning after the last session was {morning} out of 10" in (
            suggestion.message
        )
        assert suggestion.show_warning_signs


def test_an_earlier_morning_above_5_ends_the_count_without_easing_off():
    history = calm(2, DOSE) + [outcome(1, 0, DOSE, next_day_pain=6)]

    suggestion = suggest(current=DOSE, limits=REPS, history=history)

    assert suggestion.action is Action.KEEP
    assert "1 more comfortable" in suggestion.message


# The weekly average -----------------------------------------------------------


@pytest.mark.parametrize(
    ("this_week", "week_before", "rising"),
    [
        (3.1, 3.0, True),
        (3.05, 3.0, True),  # 3.1 against 3.0, as the pages show them
        (3.04, 3.0, False),  # 3.0 against 3.0
        (3.0, 3.0, False),
        (2.0, 3.0, False),
        (3.0, None, False),  # nothing assumed of a week not recorded
        (None, 3.0, False),
        (None, None, False),
    ],
)
def test_the_weekly_average_is_rising_when_higher_to_one_decimal(
    this_week, week_before, rising
):
    assert WeeklyPain(this_week, week_before).rising is rising


def test_a_rising_weekly_average_keeps_the_dose_and_says_why():
    suggestion = suggest(
        current=DOSE, limits=REPS, history=calm(3, DOSE), weekly=WeeklyPain(3.4, 2.9)
    )

    assert suggestion.action is Action.KEEP
    assert suggestion.dose == DOSE
    assert "(3.4) is higher than over the 7 days before (2.9)" in suggestion.message
    assert "should not increase from week to week" in suggestion.message


def test_a_steady_weekly_average_lets_the_step_up_come():
    suggestion = suggest(
        current=DOSE, limits=REPS, history=calm(3, DOSE), weekly=WeeklyPain(2.9, 2.9)
    )

    assert suggestion.action is Action.PROGRESS


# The exercise's own pain --------------------------------------------------------


@pytest.mark.parametrize(
    ("session_pain", "exercise_pain", "action", "message"),
    [
        (2, 7, Action.EASE, "during this exercise last time was 7 out of 10"),
        (2, 4, Action.KEEP, "Pain of 4 out of 10 during the exercise"),
        (7, 1, Action.PROGRESS, "could try"),
        (4, 3, Action.PROGRESS, "could try"),
        (7, None, Action.EASE, "during the last session was 7 out of 10"),
        (4, None, Action.KEEP, "Pain of 4 out of 10 during the session"),
    ],
)
def test_an_exercise_s_own_pain_counts_instead_of_the_session_s(
    session_pain, exercise_pain, action, message
):
    latest = outcome(session_pain, 0, DOSE, exercise_pain=exercise_pain)
    earlier = [outcome(session_pain, 0, DOSE, exercise_pain=exercise_pain)] * 2

    suggestion = suggest(current=DOSE, limits=REPS, history=[latest, *earlier])

    assert latest.pain == (session_pain if exercise_pain is None else exercise_pain)
    assert suggestion.action is action
    assert message in suggestion.message


# Every combination of alert and progression state -------------------------------

CURRENT = Dose(2, reps=12)
PAIN_DURING = {"green": 2, "amber": 4, "red": 7}
# The next day after the latest session: (next_day_pain, next_day_rise).
NEXT_DAY = {
    "missing": (None, None),
    "5 or less": (5, 1),
    "above 5": (6, 1),
    "rise of 2": (4, 2),
}


def expected_action(alert, during, next_day, rising, partly) -> Action:
    """The rules as the issue states them, written out independently."""
    if during == "red" or next_day in ("above 5", "rise of 2"):
        return Action.EASE  # easing off stays under an alert
    if alert:
        return Action.HOLD
    if during == "amber" or partly or next_day == "missing" or rising:
        return Action.KEEP
    return Action.PROGRESS


@pytest.mark.parametrize(
    ("alert", "during", "next_day", "rising", "partly"),
    list(
        itertools.product(
            [False, True], PAIN_DURING, NEXT_DAY, [False, True], [False, True]
        )
    ),
)
def test_every_combination_of_alert_and_progression_state(
    alert, during, next_day, rising, partly
):
    next_day_pain, rise = NEXT_DAY[next_day]
    latest = SessionOutcome(
        PAIN_DURING[during],
        rise,
        Dose(1, reps=12) if partly else CURRENT,
        planned=CURRENT,
        next_day_pain=next_day_pain,
    )
    history = [latest, *calm(2, CURRENT)]
    weekly = WeeklyPain(3.5, 2.5) if rising else WeeklyPain(2.5, 2.5)

    suggestion = suggest(current=CURRENT, limits=REPS, history=history, weekly=weekly)
    if alert:
        suggestion = under_alert(suggestion, current=CURRENT)

    action = expected_action(alert, during, next_day, rising, partly)
    assert suggestion.action is action
    assert (
        suggestion.dose
        == {
            Action.EASE: Dose(2, reps=10),
            Action.HOLD: CURRENT,
            Action.KEEP: CURRENT,
            Action.PROGRESS: Dose(2, reps=14),
        }[action]
    )
    assert suggestion.show_warning_signs is (action in (Action.EASE, Action.HOLD))
    if action is Action.HOLD:
        assert suggestion.message == ALERT_HOLD
    if action is Action.EASE and during != "red":
        reason = "morning after" if next_day == "above 5" else "rose by 2 points"
        assert reason in suggestion.message
    if action is Action.KEEP and during == "green" and not partly:
        # A rising week is the first reason given; else the missing day.
        why = "week to week" if rising else NEXT_DAY_CHECK_IN
        assert why in suggestion.message
    if action is not Action.PROGRESS and not (
        action is Action.KEEP and next_day == "missing" and not rising
    ):
        # Only a session waiting for its next day mentions the step to come.
        assert "could try" not in suggestion.message


@pytest.mark.parametrize(
    ("history", "dose"),
    [
        (calm(3, CURRENT), CURRENT),  # would step up: kept instead
        (calm(1, CURRENT), CURRENT),  # would keep
        ([SessionOutcome(pain_during=7, dose=CURRENT)], Dose(2, reps=10)),  # ease
    ],
)
def test_under_an_emergency_alert_every_suggestion_says_get_help_first(history, dose):
    suggestion = suggest(current=CURRENT, limits=REPS, history=history)

    held = under_alert(suggestion, current=CURRENT, emergency=True)

    assert held.action is Action.HOLD
    assert held.message == ALERT_EMERGENCY
    assert "leave the exercises until you have been checked" in held.message
    assert held.dose == dose
    assert held.show_warning_signs


SHORTFALL_CASES = [
    (Dose(2, reps=10), Dose(2, reps=10)),
    (Dose(3, reps=12), Dose(2, reps=10)),
    (Dose(1, reps=10), Dose(2, reps=10)),
    (Dose(2, reps=9), Dose(2, reps=10)),
    (Dose(0), Dose(2, reps=10)),
    (Dose(2, hold_seconds=20), Dose(2, hold_seconds=20)),
    (Dose(2, hold_seconds=12), Dose(2, hold_seconds=20)),
    (Dose(2, 10, 5), Dose(2, 10, 5)),
    (Dose(2, 10, 4), Dose(2, 10, 5)),
    (Dose(1, 9, 3), Dose(1, 10, 3)),
]


@pytest.mark.django_db
def test_the_dashboard_s_partly_done_finds_what_falls_short_finds(user):
    """Session.with_partly_done (its Exists written out in SQL) marks the
    sessions progression.falls_short and SHORT_OF_PLAN mark: one session per
    case, and one with a row in full and a row short."""
    from exercises.models import Exercise
    from journal.models import Session, SessionExercise
    from journal.models.entries import SHORT_OF_PLAN
    from tests.factories import SessionFactory, exercise_done

    exercise = Exercise.objects.first()
    expected = {}
    for done_dose, planned in SHORTFALL_CASES:
        session = SessionFactory(user=user)
        row = exercise_done(session, exercise)
        row.sets, row.reps = done_dose.sets, done_dose.reps
        row.hold_seconds = done_dose.hold_seconds
        row.planned_sets, row.planned_reps = planned.sets, planned.reps
        row.planned_hold_seconds = planned.hold_seconds
        row.save()
        expected[session.pk] = falls_short(done_dose, planned)
    mixed = SessionFactory(user=user)
    exercise_done(mixed, exercise).save()
    short = exercise_done(mixed, exercise, side="left", sets=1)
    short.planned_sets = 2
    short.save()
    expected[mixed.pk] = True
    in_full = SessionFactory(user=user)  # no rows at all: nothing fell short
    expected[in_full.pk] = False

    annotated = {
        session.pk: session.has_shortfall
        for session in Session.objects.filter(user=user).with_partly_done()
    }
    by_q = set(
        SessionExercise.objects.filter(SHORT_OF_PLAN).values_list(
            "session_id", flat=True
        )
    )

    assert annotated == expected
    assert all(value is True or value is False for value in annotated.values())
    assert {pk for pk, short in expected.items() if short} == by_q
