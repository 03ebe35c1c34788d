"""The pain-guided progression rule, case by case."""

import pytest

from journal.progression import (
    Action,
    Dose,
    DoseRange,
    SessionOutcome,
    falls_short,
    step_down,
    step_up,
    suggest,
)

HOLD = DoseRange(sets_min=2, sets_max=3, hold_min=20, hold_max=30)
REPS = DoseRange(sets_min=2, sets_max=3, reps_min=10, reps_max=15)


def calm(n: int, dose: Dose | None = None) -> list[SessionOutcome]:
    return [SessionOutcome(pain_during=2, next_day_rise=0, dose=dose)] * n


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
    green = [SessionOutcome(3, 0, dose)] * 3
    amber_before = [SessionOutcome(3, 0, dose), SessionOutcome(3, 0, dose)] + [
        SessionOutcome(4, 0, dose)
    ]

    assert suggest(current=dose, limits=REPS, history=green).action is Action.PROGRESS
    assert (
        suggest(current=dose, limits=REPS, history=amber_before).action is Action.KEEP
    )


@pytest.mark.parametrize("pain", [4, 5])
def test_pain_4_to_5_keeps_the_dose(pain):
    dose = Dose(3, reps=12)
    history = [SessionOutcome(pain, 0, dose)] + calm(2, dose)

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
    history = [SessionOutcome(1, rise, dose)] + calm(2, dose)

    suggestion = suggest(current=dose, limits=HOLD, history=history)

    assert suggestion.action is action
    if action is Action.EASE:
        assert f"rose by {rise} points the next day" in suggestion.message


def test_an_earlier_next_day_flare_blocks_a_step_up():
    dose = Dose(2, reps=10)
    history = calm(2, dose) + [SessionOutcome(2, 2, dose)]

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
    return SessionOutcome(pain, rise, dose, planned=PLANNED)


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
