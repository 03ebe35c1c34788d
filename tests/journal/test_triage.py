import datetime
import math
import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from journal import selectors, triage
from journal.models import CheckIn
from journal.selectors import alerts
from tests.factories import (
    CheckInFactory,
    ExerciseFactory,
    PlanFactory,
    SessionExerciseFactory,
    SessionFactory,
)
from tests.journal.test_dashboard import today_for

pytestmark = pytest.mark.django_db

SESSION_PAIN = (
    "Your highest pain during a session, overall or in one of its exercises, was "
    "{} out of 10."
)

SEEK_HELP = reverse("exercises:guide-section", args=["when-to-seek-medical-attention"])


def day(days_ago: int) -> datetime.date:
    return timezone.now().date() - datetime.timedelta(days=days_ago)


@pytest.mark.parametrize("question", triage.QUESTIONS, ids=lambda q: q.field)
def test_each_question_on_a_single_check_in_alerts_in_its_tier(user, question):
    entry = CheckInFactory(
        user=user, date=day(0), pain_score=2, **{question.field: True}
    )

    found = selectors.triage_check_in(entry)

    assert found is not None
    assert found.tier is question.tier
    assert found.reasons == [f"You reported {question.label}."]


@pytest.mark.parametrize(("score", "alerts"), [(7, False), (8, True), (10, True)])
def test_severe_pain_on_a_check_in(user, score, alerts):
    found = selectors.triage_check_in(
        CheckInFactory(user=user, date=day(0), pain_score=score)
    )

    assert (found is not None) is alerts
    if alerts:
        assert found.tier is triage.Tier.SOON
        assert found.reasons == [f"Your pain score was {score} out of 10."]


def test_pain_7_on_three_of_the_last_five_check_ins_survives_a_missed_day(user):
    for days_ago, score in ((4, 7), (3, 2), (1, 7), (0, 7)):  # day 2 missed
        CheckInFactory(user=user, date=day(days_ago), pain_score=score)

    found = selectors.triage_check_in(CheckIn.objects.get(user=user, date=day(0)))

    assert found is not None
    assert found.reasons == ["Your pain was 7 or more on 3 of your last 4 check-ins."]


def test_a_calm_check_in_has_no_alert(user):
    assert selectors.triage_check_in(CheckInFactory(user=user, pain_score=7)) is None


def test_the_check_in_page_shows_the_alert_with_a_link_to_the_guide(user_client, user):
    response = user_client.post(
        reverse("journal:check-in"),
        {"date": day(0).isoformat(), "pain_score": "3", "numbness_or_tingling": "on"},
    )
    html = user_client.get(response["Location"]).content.decode()

    assert 'class="triage-alert triage-soon" role="alert"' in html
    assert "Book an appointment soon" in html
    assert "within 1 to 2 weeks" in html
    assert "psoasapp cannot diagnose the cause" in html
    assert f'href="{SEEK_HELP}">Read when to seek medical attention' in html
    assert "You reported numbness or tingling in the hip or leg." in html


def test_a_calm_check_in_page_has_no_alert(user_client, user):
    entry = CheckInFactory(user=user, date=day(0), pain_score=2)

    html = user_client.get(entry.get_absolute_url()).content.decode()

    assert 'role="alert"' not in html


@pytest.mark.parametrize(("days_ago", "shown"), [(0, True), (6, True), (7, False)])
def test_the_dashboard_keeps_the_alert_for_seven_days(
    user_client, user, days_ago, shown
):
    CheckInFactory(user=user, date=day(days_ago), pain_score=9)

    response = user_client.get(reverse("journal:dashboard"))

    assert response.status_code == HTTPStatus.OK
    assert ('role="alert"' in response.content.decode()) is shown


def test_session_pain_of_8_alerts_a_day_without_a_check_in_linked_to_the_session(
    user_client, user
):
    today = today_for(user)
    calm = SessionFactory(user=user, date=today, pain_during=3)
    painful = SessionFactory(user=user, date=today, pain_during=8)
    SessionFactory(user=user, date=today - triage.DAY, pain_during=7)

    (found,) = selectors.triage_recent(user, today)
    html = user_client.get(reverse("journal:dashboard")).content.decode()

    assert found.check_in is None
    assert found.url == painful.get_absolute_url() != calm.get_absolute_url()
    assert found.reasons == [SESSION_PAIN.format(8)]
    assert found.tier is triage.Tier.SOON
    assert (
        f'<a href="{painful.get_absolute_url()}">{today:%A %-d %B %Y}</a>: '
        + SESSION_PAIN.format(8)
        in html
    )


def test_session_pain_by_day_is_the_highest_of_each_day_in_one_query(
    user, django_assert_num_queries
):
    today = day(0)
    for back, pain in ((0, 3), (0, 9), (1, 2), (9, 10)):
        SessionFactory(user=user, date=today - back * triage.DAY, pain_during=pain)
    SessionFactory(date=today, pain_during=10)  # someone else's

    with django_assert_num_queries(1):
        found = selectors.session_pain_by_day(user, today - triage.DAY, today)

    assert found == {today: 9, today - triage.DAY: 2}


def test_an_exercise_s_pain_of_8_alerts_like_a_session_s_own(
    user_client, user, django_assert_num_queries
):
    today = today_for(user)
    calm = SessionFactory(user=user, date=today, pain_during=3)
    SessionExerciseFactory(session=calm, pain=2)
    sore = SessionFactory(user=user, date=today, pain_during=4)
    SessionExerciseFactory(session=sore, pain=8, side="right")
    SessionExerciseFactory(session=sore, exercise=ExerciseFactory(), pain=None)
    # A day whose exercises were not given a pain keeps the session's.
    SessionFactory(user=user, date=today - triage.DAY, pain_during=6)

    with django_assert_num_queries(1):
        found = selectors.session_pain_by_day(user, today - triage.DAY, today)
    (alert,) = selectors.triage_recent(user, today)

    assert found == {today: 8, today - triage.DAY: 6}
    assert alert.url == sore.get_absolute_url()
    assert alert.reasons == [SESSION_PAIN.format(8)]


@pytest.mark.parametrize(
    ("earlier", "recent", "alerts"),
    [
        ([5, 5, 5], [5, 4, 5], True),  # no change
        ([5, 5], [5, 5, 5], False),  # too few check-ins six weeks ago
        ([5, 5, 5], [5, 5], False),  # too few this week
        ([3, 3, 3], [2, 2, 2], False),  # in the safe zone now
        ([6, 6, 6], [4, 4, 4], False),  # improved by 2 points
    ],
)
def test_no_improvement_after_six_weeks_is_a_recent_alert(
    user_client, user, earlier, recent, alerts
):
    today = today_for(user)
    for back, score in enumerate(recent):
        CheckInFactory(user=user, date=today - back * triage.DAY, pain_score=score)
    for back, score in enumerate(earlier, start=42):
        CheckInFactory(user=user, date=today - back * triage.DAY, pain_score=score)

    found = selectors.triage_recent(user, today)
    html = user_client.get(reverse("journal:dashboard")).content.decode()

    stalled = [item for item in found if item.check_in is None]
    assert bool(stalled) is alerts
    assert ("has not fallen by 2 points or 30%" in html) is alerts
    if alerts:
        assert stalled[0].date == today and stalled[0].url is None
        assert found[0] is stalled[0]


def test_a_history_answered_yes_makes_soon_reasons_same_day_and_says_why(user):
    PlanFactory(user=user, history_cancer=True, history_under_18=False)
    entry = CheckInFactory(user=user, date=day(0), pain_score=9, weight_loss=True)

    found = selectors.triage_check_in(entry)

    assert found.tier is triage.Tier.SAME_DAY
    assert found.reasons == [
        "You reported unexplained weight loss, with your history of cancer.",
        "Your pain score was 9 out of 10, with your history of cancer.",
    ]


# The rule, on plain values (journal.triage) -------------------------------------

MONDAY = datetime.date(2026, 6, 1)


def on(offset: int) -> datetime.date:
    return MONDAY + datetime.timedelta(days=offset)


def days(scores: dict[int, int], **answers: tuple[str, ...]) -> list[triage.Day]:
    """Check-ins at day offsets from MONDAY; `answers` by offset name, e.g.
    d3=("numbness_or_tingling",)."""
    return [
        triage.Day(on(offset), score, answers.get(f"d{offset}", ()))
        for offset, score in scores.items()
    ]


def alerted(found: list[triage.Alert]) -> dict[int, set[triage.Kind]]:
    return {(alert.date - MONDAY).days: alert.kinds for alert in found}


WARN, SEVERE, PERSIST = (
    triage.Kind.WARNING_SIGN,
    triage.Kind.SEVERE_PAIN,
    triage.Kind.PERSISTENT_PAIN,
)
EMERGENCY, SAME_DAY, SOON = triage.Tier


def test_the_tiers_go_most_urgent_first_each_with_its_own_words_and_icon():
    assert sorted(triage.Tier) == [EMERGENCY, SAME_DAY, SOON]
    assert [tier.heading for tier in triage.Tier] == [
        "Get emergency help now",
        "Get medical advice today",
        "Book an appointment soon",
    ]
    assert "999 in the UK, 112 in the EU, 911 in the US" in EMERGENCY.advice
    assert "A&E" in EMERGENCY.advice
    assert "GP surgery today" in SAME_DAY.advice and "NHS 111" in SAME_DAY.advice
    assert "GP or a physiotherapist within 1 to 2 weeks" in SOON.advice
    assert len({tier.icon for tier in triage.Tier}) == 3
    assert len({tier.slug for tier in triage.Tier}) == 3


EXPECTED_TIERS = {
    "cauda_equina_signs": EMERGENCY,
    "cannot_bear_weight_after_fall": EMERGENCY,
    "fever_with_hot_hip": EMERGENCY,
    "fever_or_chills": SAME_DAY,
    "weakness_one_leg": SAME_DAY,
    "sudden_onset": SAME_DAY,
    "night_pain": SAME_DAY,
    "accompanying_symptoms": SAME_DAY,  # retired; its more urgent half
    "numbness_or_tingling": SOON,
    "weight_loss": SOON,
    "loss_of_function": SOON,
    "groin_pain_weight_bearing": SOON,
}


@pytest.mark.parametrize("question", triage.QUESTIONS, ids=lambda q: q.field)
def test_every_question_maps_to_one_tier_and_one_of_the_guides_signs(question):
    assert question.tier is EXPECTED_TIERS[question.field]
    assert question.sign in dict(triage.SIGNS)
    (reason,) = triage.reasons(triage.Day(on(0), 0, (question.field,)))
    assert reason.tier is question.tier
    assert reason.sentence == f"You reported {question.label}."
    assert reason.note == f"Reported {question.label}."
    # The model's column is labelled as the question is asked.
    assert CheckIn._meta.get_field(question.field).verbose_name == question.label


def test_the_check_in_links_only_to_guarded_warning_signs():
    """The check-in and its alerts link to a sign by its slug: staff can
    neither rename nor delete a sign the site links to (exercises.guard)."""
    from exercises import guard

    linked = {q.sign for q in triage.QUESTIONS} | {slug for slug, _ in triage.SIGNS}

    assert linked <= guard.GUARDED_SIGN_SLUGS


def test_the_questions_keep_the_seeds_words_and_retire_the_mixed_one():
    assert set(EXPECTED_TIERS) == {q.field for q in triage.QUESTIONS}
    labels = {q.field: q.label for q in triage.QUESTIONS}
    assert labels["numbness_or_tingling"] == "numbness or tingling in the hip or leg"
    assert labels["loss_of_function"] == (
        "loss of function, such as trouble walking or climbing stairs"
    )
    assert [q.field for q in triage.QUESTIONS if not q.asked] == [
        "accompanying_symptoms"
    ]
    assert [title for _, title in triage.SIGNS] == [
        "Severe pain",
        "Numbness or tingling",
        "Loss of function",
        "Sudden onset",
        "Accompanying symptoms",
    ]


def test_a_day_s_reasons_go_most_urgent_first():
    found = triage.reasons(
        triage.Day(
            on(0), 9, ("numbness_or_tingling", "fever_or_chills", "fever_with_hot_hip")
        )
    )

    assert [reason.tier for reason in found] == [EMERGENCY, SAME_DAY, SOON, SOON]
    assert triage.Alert(on(0), found).tier is EMERGENCY


def test_by_tier_groups_the_reasons_most_urgent_tier_first():
    found = triage.alerts(
        [
            triage.Day(on(0), 9),
            triage.Day(on(1), 2, ("night_pain",)),
            triage.Day(on(2), 2, ("cauda_equina_signs", "weight_loss")),
        ],
        start=on(0),
    )

    blocks = triage.by_tier(found[::-1])

    assert [block.tier for block in blocks] == [EMERGENCY, SAME_DAY, SOON]
    assert [
        [(alert.date, reason.kind) for alert, reason in block.entries]
        for block in blocks
    ] == [
        [(on(2), WARN)],
        [(on(1), WARN)],
        [(on(2), WARN), (on(0), SEVERE)],
    ]


CANCER, STEROIDS, YOUNG = triage.HISTORY


@pytest.mark.parametrize(
    ("answers", "tier"),
    [
        (("numbness_or_tingling",), SAME_DAY),
        (("groin_pain_weight_bearing",), SAME_DAY),
        (("night_pain",), SAME_DAY),  # already same day: unchanged
        (("fever_with_hot_hip",), EMERGENCY),  # never made less urgent
    ],
)
def test_any_history_answered_yes_makes_soon_reasons_same_day(answers, tier):
    for history in triage.HISTORY:
        (reason,) = triage.reasons(triage.Day(on(0), 0, answers), history=(history,))
        assert reason.tier is tier
        assert reason.sentence.endswith(
            f", {history.because}." if reason.base_tier is SOON else "."
        )


def test_history_escalates_pain_reasons_and_names_every_history():
    (severe,) = triage.reasons(triage.Day(on(0), 8), history=(CANCER, YOUNG))

    assert severe.tier is SAME_DAY
    assert severe.sentence == (
        "Your pain score was 8 out of 10, with your history of cancer and as you "
        "are under 18."
    )


def test_history_comes_from_the_answers_yes_only():
    assert triage.history_yes(
        {
            "history_cancer": False,
            "history_steroids_or_osteoporosis": True,
            "history_under_18": None,
        }
    ) == (STEROIDS,)
    assert triage.history_yes({}) == ()


@pytest.mark.parametrize(
    ("day_", "reason"),
    [
        (triage.Day(on(0), None, session_pain=8), "of its exercises, was 8"),
        (triage.Day(on(0), 3, session_pain=9), "of its exercises, was 9"),
        (triage.Day(on(0), 8, session_pain=10), "score was 8"),  # one reason
    ],
)
def test_session_pain_of_8_is_the_same_reason_as_a_check_in_of_8(day_, reason):
    (found,) = triage.reasons(day_)

    assert found.kind is SEVERE and found.tier is SOON
    assert reason in found.sentence


def test_session_pain_of_7_is_no_reason():
    assert triage.reasons(triage.Day(on(0), None, session_pain=7)) == ()


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({0: 7, 1: 7, 2: 7}, {2: {PERSIST}}),
        ({0: 7, 1: 7, 2: 7, 3: 9}, {2: {PERSIST}, 3: {PERSIST, SEVERE}}),
        ({0: 7, 1: 7}, {}),  # two check-ins only
        ({0: 7, 2: 7, 5: 7}, {5: {PERSIST}}),  # missed days break nothing
        ({0: 7, 1: 6, 2: 7, 3: 2, 4: 7}, {4: {PERSIST}}),  # 3 of the last 5
        ({0: 7, 1: 2, 2: 2, 3: 7, 4: 7}, {4: {PERSIST}}),
        ({0: 7, 1: 2, 2: 2, 3: 2, 4: 7, 5: 7}, {}),  # the first 7 is 6 back
        ({0: 7, 1: 7, 2: 7, 3: 2}, {2: {PERSIST}, 3: {PERSIST}}),  # still 3 of 4
        ({0: 8}, {0: {SEVERE}}),
        ({0: 10, 1: 2}, {0: {SEVERE}}),
        ({0: 6, 1: 6, 2: 6}, {}),
    ],
)
def test_which_days_alert(scores, expected):
    assert alerted(triage.alerts(days(scores), start=on(0))) == expected


def test_a_warning_sign_alerts_whatever_the_score():
    found = triage.alerts(days({0: 0}, d0=("numbness_or_tingling",)), start=on(0))

    assert alerted(found) == {0: {WARN}}
    (reason,) = found[0].reasons
    assert reason.sentence == "You reported numbness or tingling in the hip or leg."
    assert reason.note == "Reported numbness or tingling in the hip or leg."


def test_each_reason_in_the_persons_words_and_the_reports():
    found = triage.alerts(days({0: 7, 1: 7, 2: 7, 3: 7, 4: 9}), start=on(4))

    (alert,) = found
    assert [reason.sentence for reason in alert.reasons] == [
        "Your pain score was 9 out of 10.",
        "Your pain was 7 or more on 5 of your last 5 check-ins.",
    ]
    assert [reason.note for reason in alert.reasons] == [
        "Pain 9 out of 10.",
        "Pain 7 or more on 5 of 5 check-ins.",
    ]


def test_only_the_days_asked_for_are_judged_but_earlier_days_count():
    scores = {-2: 7, -1: 7, 0: 7, 1: 7, 5: 9}

    assert alerted(triage.alerts(days(scores), start=on(0), end=on(1))) == {
        0: {PERSIST},
        1: {PERSIST},
    }
    # No end: a check-in dated after the user's today is judged like any other.
    assert alerted(triage.alerts(days(scores), start=on(0)))[5] == {
        SEVERE,
        PERSIST,
    }


def test_report_events_find_signs_severe_pain_and_runs_of_persistent_pain():
    found = triage.alerts(
        days(
            {-2: 7, -1: 7, 0: 7, 1: 2, 2: 2, 3: 2, 5: 2, 6: 8, 7: 7, 8: 7, 9: 2},
            d1=("numbness_or_tingling",),
        ),
        start=on(0),
        end=on(9),
    )

    events = triage.events(found)

    assert [
        (event.start, event.end, event.tier, event.description) for event in events
    ] == [
        (on(-2), on(2), SOON, "Pain 7 or more on 3 of 5 check-ins."),
        (
            on(1),
            on(1),
            SOON,
            "Reported numbness or tingling in the hip or leg.",
        ),
        (on(6), on(6), SOON, "Pain 8 out of 10."),
        (on(6), on(9), SOON, "Pain 7 or more on 3 of 4 check-ins."),
    ]


def test_a_run_wholly_before_the_range_is_not_an_event():
    found = triage.alerts(
        days({-6: 7, -5: 7, -4: 7, -3: 2, -2: 2, -1: 2, 0: 3}),
        start=on(-1),
        end=on(0),
    )

    assert triage.events(found) == []


def test_signs_and_severe_pain_of_one_day_are_one_event():
    found = triage.alerts(
        days({0: 9}, d0=("loss_of_function", "cannot_bear_weight_after_fall")),
        start=on(0),
    )

    (event,) = triage.events(found)
    assert event.tier is EMERGENCY
    assert event.description == (
        "Reported not being able to put weight on the leg after a fall, or a leg "
        "that looks deformed. Reported loss of function, such as trouble walking "
        "or climbing stairs. Pain 9 out of 10."
    )


@pytest.mark.parametrize(
    ("scores", "kept"),
    [
        # Before the start: its window's four, and one more whose own window
        # (now complete) shows no persistent pain reaching the start.
        ({3: 2, 2: 9, 1: 8, 0: 2, -1: 7, -2: 7, -3: 1, -4: 1, -5: 1, -6: 7}, 9),
        # A run reaching the start is read back until a check-in out of it.
        (
            {1: 1, 0: 7, -1: 7, -2: 8, -3: 7, -4: 2, -5: 7, -6: 1, -7: 1, -8: 1},
            9,
        ),
        # Fewer check-ins than a window: all of them.
        ({1: 7, -1: 7, -2: 7}, 3),
    ],
)
def test_needed_reads_back_only_the_window_and_the_run_reaching_the_start(scores, kept):
    read = []

    def newest_first():
        for day in sorted(days(scores), key=lambda day: day.date, reverse=True):
            read.append(day)
            yield day

    found = triage.needed(newest_first(), on(0))

    assert len(found) == kept
    assert len(read) == kept  # it stops at the last it needs
    whole = triage.alerts(days(scores), start=on(0))
    assert triage.alerts(found, start=on(0)) == whole


@pytest.mark.parametrize(
    ("earlier", "recent", "stalled"),
    [
        (triage.Week(3, 5.0), triage.Week(3, 5.0), True),
        (triage.Week(3, 5.0), triage.Week(3, 4.0), True),  # 1 point, 20 %
        (triage.Week(3, 5.0), triage.Week(3, 3.0), False),  # 2 points
        (triage.Week(3, 3.0), triage.Week(3, 2.1), False),  # 30 %, and 2.1 > 2
        (triage.Week(3, 3.5), triage.Week(3, 2.5), True),  # 1 point, 29 %
        (triage.Week(3, 6.0), triage.Week(3, 2.0), False),  # in the safe zone
        (triage.Week(3, 2.0), triage.Week(3, 2.0), False),  # in the safe zone
        (triage.Week(3, 4.0), triage.Week(3, 6.0), True),  # worse
        (triage.Week(2, 5.0), triage.Week(7, 5.0), False),  # too few before
        (triage.Week(7, 5.0), triage.Week(2, 5.0), False),  # too few now
        (triage.Week(0, None), triage.Week(5, 5.0), False),
    ],
)
def test_no_improvement(earlier, recent, stalled):
    found = triage.no_improvement(today=on(0), earlier=earlier, recent=recent)

    assert (found is not None) is stalled
    if stalled:
        assert found.kind is triage.Kind.NO_IMPROVEMENT
        assert found.tier is SOON and found.date == on(0)
        escalated = triage.no_improvement(
            today=on(0), earlier=earlier, recent=recent, history=(STEROIDS,)
        )
        assert escalated.tier is SAME_DAY
        assert escalated.sentence.endswith(
            "with your history of long-term steroids or osteoporosis."
        )


def test_no_improvement_compares_the_week_ending_today_with_six_weeks_before():
    earlier, recent = triage.no_improvement_weeks(on(0))

    assert recent == (on(-6), on(0))
    assert earlier == (on(-48), on(-42))


@pytest.mark.parametrize(
    ("scores", "rise"),
    [
        ({0: 3, 1: 5}, 2),
        ({-1: 3, 1: 6}, 3),  # no check-in on the session's day: the day before
        ({-1: 1, 0: 3, 1: 4}, 1),  # the session's day wins over the day before
        ({0: 5, 1: 2}, -3),
        ({0: 3}, None),  # no next day yet
        ({1: 3}, None),  # nothing to compare with
        ({-2: 3, 1: 6}, None),  # two days before does not count
    ],
)
def test_next_day_rise(scores, rise):
    assert triage.next_day_rise(on(0), {on(n): s for n, s in scores.items()}) == rise
    assert set(triage.rise_days(on(0))) == {on(-1), on(0), on(1)}


# Every page applies the same rule -------------------------------------------------


@pytest.mark.parametrize(
    "scores",
    [
        {-9: 7, -8: 7, -7: 7, -6: 7, -5: 2},  # a run crossing the window's start
        {-8: 7, -7: 7, -6: 7},  # a run ending on the window's first day
        {-2: 7, -1: 7, 0: 7},
        {-3: 7, -2: 7, 0: 7, 1: 7},  # a day missing inside
        {-9: 7, -8: 7, -7: 1, -6: 1, -5: 7, -1: 1},  # the window reaches back
        {-4: 8, -1: 6, 0: 9},
    ],
)
def test_the_check_in_page_dashboard_and_report_alert_on_the_same_days(user, scores):
    """The check-in page judges each check-in, the dashboard and the advice
    the last seven days, the report its dates: on the days they share, they
    agree."""
    today = day(0)
    entries = {
        today + datetime.timedelta(days=offset): CheckInFactory(
            user=user, date=today + datetime.timedelta(days=offset), pain_score=score
        )
        for offset, score in scores.items()
    }
    window = triage.recent_start(today)

    page = {date for date, entry in entries.items() if selectors.triage_check_in(entry)}
    dashboard = {item.date for item in selectors.triage_recent(user, today)}
    advice = {item.date for item in selectors.advice(user, None, today).triage}
    _, judged = selectors.judged_check_ins(user, start=window, end=today)
    report = selectors.report(user, start=window, end=today, target=3)

    assert dashboard == advice == {date for date in page if date >= window}
    up_to_today = {date for date in dashboard if date <= today}
    assert {item.date for item in judged} == up_to_today
    # Each day is in one of the report's events.
    for date in up_to_today:
        assert any(event.start <= date <= event.end for event in report.events)


def test_a_run_crossing_the_reports_start_is_reported_whole(user_client, user):
    """A rule applied inconsistently, now the same everywhere: the report read
    only a few check-ins before its dates, so a run of pain 7 or more that
    began earlier showed as starting later, shorter than it was."""
    today = today_for(user)
    start = today - datetime.timedelta(days=6)
    for offset in range(-5, 2):  # seven days, from five days before the start
        CheckInFactory(
            user=user, date=start + datetime.timedelta(days=offset), pain_score=7
        )
    # Calm check-ins before it (with a day missing): not part of the run.
    for offset in (-7, -8, -9):
        CheckInFactory(
            user=user, date=start + datetime.timedelta(days=offset), pain_score=2
        )

    html = user_client.get(
        reverse("journal:report"),
        {"start": start.isoformat(), "end": today.isoformat()},
    ).content.decode()

    first, last = start - datetime.timedelta(days=5), start + datetime.timedelta(days=1)
    assert re.search(
        f"{first:%a %-d %b %Y} to {last:%a %-d %b %Y}</strong> "
        r"<span[^>]*>.*?</span>: Pain 7 or more on 7 of 7 check-ins.",
        html,
    )


@pytest.mark.parametrize("run_days", [10, 40])
def test_a_run_is_read_back_to_its_first_day_a_page_at_a_time(
    user, django_assert_num_queries, run_days
):
    """One query while the run fits in the first page of rows, one more for
    each page beyond (never the whole journal: newest_first stops there);
    and three more: the plan's history, the sessions' highest pain, and the
    weeks the no-improvement rule compares."""
    page = alerts.page_size(triage.RECENT_DAYS + 2)
    # The run, the three calm check-ins that end it, and the two that
    # complete the window that shows it ended, a page at a time.
    queries = math.ceil((run_days + 5) / page) + 3
    today = day(0)
    CheckIn.objects.bulk_create(
        CheckIn(user=user, date=today - datetime.timedelta(days=back), pain_score=7)
        for back in range(run_days)
    )
    CheckIn.objects.bulk_create(
        CheckIn(user=user, date=today - datetime.timedelta(days=back), pain_score=2)
        for back in range(run_days, run_days + 3)
    )
    CheckIn.objects.bulk_create(  # years before it, never read but two
        CheckIn(user=user, date=today - datetime.timedelta(days=back), pain_score=7)
        for back in range(run_days + 3, run_days + 400)
    )

    with django_assert_num_queries(queries):
        found = selectors.triage_recent(user, today)

    (item,) = [item for item in found if item.check_in and item.date == today]
    (reason,) = item.alert.reasons
    assert reason.run_start == today - datetime.timedelta(days=run_days - 1)
    assert (reason.run.high, reason.run.total) == (run_days, run_days)


# The important change (Farrar et al. 2001) -----------------------------------


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (6, 4, True),  # 2 points
        (6, 4.5, False),  # 1.5 points, 25 %
        (3, 2.1, True),  # 0.9 points, 30 %
        (3, 2.2, False),  # 0.8 points, 27 %
        (4, 6, True),  # a rise counts as much as a fall
        (0, 1, False),  # 30 % of nothing is nothing: only points count
        (0, 2, True),
        (5, 5, False),
    ],
)
def test_important_change_is_two_points_or_thirty_percent(before, after, expected):
    assert triage.important_change(before, after) is expected


def test_improved_is_an_important_fall_only():
    assert triage.improved(6, 4)
    assert not triage.improved(4, 6)
    assert not triage.improved(6, 5)
