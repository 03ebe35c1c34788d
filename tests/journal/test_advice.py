"""The advice never contradicts the warning-sign alert (issue 12, case 5), and
follows the pain-monitoring model: the next day's response, the weekly average
and the exercise's own pain (issue 14)."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exercises.models import Routine
from journal import selectors
from journal.models import SessionExercise
from journal.progression import (
    ALERT_HOLD,
    NEXT_DAY_CHECK_IN,
    Action,
    Dose,
    Suggestion,
    WeeklyPain,
    under_alert,
)
from journal.selectors.advice import weekly_pain
from tests.factories import (
    CheckInFactory,
    PlanFactory,
    SessionFactory,
    UserFactory,
    exercise_done,
    held_reps_routine,
)
from tests.journal.test_dashboard import today_for

DAY = datetime.timedelta(days=1)
CURRENT = Dose(2, 10)
HIGHER = Dose(2, 12)
LOWER = Dose(1, 10)


@pytest.mark.parametrize(
    ("suggestion", "dose"),
    [
        (Suggestion(Action.PROGRESS, HIGHER, "you could try"), CURRENT),
        (Suggestion(Action.KEEP, CURRENT, "Going well."), CURRENT),
        (Suggestion(Action.KEEP, CURRENT, "Start with this dose"), CURRENT),
    ],
)
def test_under_an_alert_nothing_steps_up(suggestion, dose):
    held = under_alert(suggestion, current=CURRENT)

    assert held.action is Action.HOLD
    assert held.dose == dose
    assert held.message == ALERT_HOLD
    assert held.show_warning_signs


def test_under_an_alert_easing_off_stays_and_points_to_the_alert():
    eased = Suggestion(Action.EASE, LOWER, "Because your pain…, consider easing off.")

    held = under_alert(eased, current=CURRENT)

    assert held.action is Action.EASE
    assert held.dose == LOWER
    assert held.message.startswith(eased.message)
    assert "When to seek medical attention" in held.message
    assert held.show_warning_signs


def comfortable_history(
    user, today, routine, *, last_pain: int = 1, next_day: int | None = 2
) -> None:
    """Three sessions at the starting dose, each followed by a check-in the
    next day (`next_day`; None: none after the last session), the last with
    `last_pain` during it: at 1 the progression would suggest a step up for
    every exercise, at 4 keeping the dose, at 7 easing off."""
    for back in (6, 4, 2):
        if back > 2 or next_day is not None:
            CheckInFactory(
                user=user,
                date=today - (back - 1) * DAY,
                pain_score=2 if back > 2 else next_day,
            )
        session = SessionFactory(
            user=user,
            date=today - back * DAY,
            routine=routine,
            pain_during=last_pain if back == 2 else 1,
        )
        for item in routine.items.all():
            for side in ("right", "left") if item.per_side else ("",):
                exercise_done(
                    session,
                    item.exercise,
                    side=side,
                    sets=item.sets,
                    reps=item.reps,
                    hold_seconds=item.hold_seconds,
                ).save()


ALERTS = {
    "none": {},
    "numbness": {"numbness_or_tingling": True},
    "loss of function": {"loss_of_function": True},
    "sudden onset": {"sudden_onset": True},
    "fever": {"accompanying_symptoms": True},
    "pain 8": {"pain_score": 8},
}


# The progression's states: a step up, keeping the dose (a new journal, or
# pain 4-5), easing off (pain above 5), each as the last session leaves it.
HISTORIES = {
    "none": (None, Action.KEEP),
    "comfortable": (1, Action.PROGRESS),
    "amber": (4, Action.KEEP),
    "painful": (7, Action.EASE),
}


@pytest.mark.django_db
@pytest.mark.parametrize("history", HISTORIES)
@pytest.mark.parametrize("alert", ALERTS)
def test_dashboard_cards_agree_with_the_alert(user_client, user, history, alert):
    PlanFactory(user=user)
    today = today_for(user)
    routine = Routine.objects.get(slug="iliopsoas-relief")
    last_pain, action = HISTORIES[history]
    if last_pain is not None:
        comfortable_history(user, today, routine, last_pain=last_pain)
    CheckInFactory(user=user, date=today, **{"pain_score": 2, **ALERTS[alert]})
    assert {
        plan.suggestion.action for plan in selectors.exercise_plans(user, routine)
    } == {action}, "the history leads to the progression state it names"

    response = user_client.get(reverse("journal:dashboard"))
    html = response.content.decode()
    plans = selectors.advice(user, routine, today).plans

    assert response.status_code == HTTPStatus.OK
    next_session = html.split('id="next-title"')[1].split("</section>")[0]
    start = reverse("journal:session", args=[routine.slug])
    if alert == "none":
        assert "triage-alert" not in html
        assert f'<a class="button" href="{start}">Start the session</a>' in html
        if history == "comfortable":
            assert all(plan.suggestion.action is Action.PROGRESS for plan in plans)
            assert "you could try" in next_session
    else:
        assert "triage-alert" in html
        if action is Action.EASE:
            # Easing off stays, and points to the alert.
            assert all(plan.suggestion.action is Action.EASE for plan in plans)
            assert (
                "Read “When to seek medical attention” at the top of the page first."
                in (next_session)
            )
        else:
            assert all(plan.suggestion.action is Action.HOLD for plan in plans)
            assert all(plan.dose == plan.start_dose for plan in plans)
            assert "Keep at:" in next_session
        assert "you could try" not in next_session
        assert "you could step up" not in next_session
        # The alert's link is the main call to action, not the session.
        assert f'<a class="button" href="{start}">' not in html
        assert f'class="button button-secondary" href="{start}">Start the session' in (
            next_session
        )
        assert "Read when to seek medical attention</a>" in next_session


@pytest.mark.django_db
@pytest.mark.parametrize("alert", [True, False])
def test_player_and_latest_session_agree_with_the_alert(user_client, user, alert):
    PlanFactory(user=user)
    today = today_for(user)
    routine = Routine.objects.get(slug="iliopsoas-relief")
    comfortable_history(user, today, routine)
    CheckInFactory(user=user, date=today, pain_score=2, numbness_or_tingling=alert)
    latest = user.sessions.first()

    player = user_client.get(reverse("journal:session", args=[routine.slug]))
    detail = user_client.get(latest.get_absolute_url())

    for response in (player, detail):
        html = response.content.decode()
        assert ("you could try" in html) is not alert
        assert ("triage-alert" in html) is alert
    assert ("Keep the dose or pause" in detail.content.decode()) is alert
    if alert:
        assert ALERT_HOLD in detail.content.decode()


@pytest.mark.django_db
def test_following_the_held_dose_is_not_partly_done(user_client, user):
    """Under an alert the form offers the held dose; the session records it as
    the plan, so doing just that is done in full, not 'partly done'."""
    PlanFactory(user=user)
    today = today_for(user)
    routine = Routine.objects.get(slug="iliopsoas-relief")
    comfortable_history(user, today, routine)
    CheckInFactory(user=user, date=today, pain_score=2, numbness_or_tingling=True)
    url = reverse("journal:session", args=[routine.slug])
    form = user_client.get(url).context["form"]
    data = {
        name: str(form[name].value())
        for name in form.fields
        if form[name].value() is not None
    }

    user_client.post(url, {**data, "pain_during": "1", "effort": "easy"})

    session = user.sessions.order_by("-created_at").first()
    assert session.date == today
    assert not session.partly_done
    assert all(row.done == row.planned for row in session.exercises.all())


# The pain-monitoring model through the advice ------------------------------------

ROUTINE = "iliopsoas-relief"


def actions(user, today, routine=None) -> set[Action]:
    routine = routine or Routine.objects.get(slug=ROUTINE)
    return {
        plan.suggestion.action for plan in selectors.advice(user, routine, today).plans
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("next_day", "action", "message"),
    [
        (None, Action.KEEP, NEXT_DAY_CHECK_IN),
        (3, Action.PROGRESS, "you could try"),
        # 4 the morning after, against 2 the day before the session.
        (4, Action.EASE, "your pain rose by 2 points the next day"),
        (6, Action.EASE, "the morning after the last session was 6 out of 10"),
    ],
)
def test_the_step_up_waits_for_the_next_morning(user, next_day, action, message):
    PlanFactory(user=user)
    today = today_for(user)
    routine = Routine.objects.get(slug=ROUTINE)
    comfortable_history(user, today, routine, next_day=next_day)

    plans = selectors.advice(user, routine, today).plans

    assert {plan.suggestion.action for plan in plans} == {action}
    assert all(message in plan.suggestion.message for plan in plans)


@pytest.mark.django_db
def test_a_rising_weekly_average_holds_the_step_up(user):
    PlanFactory(user=user)
    today = today_for(user)
    routine = Routine.objects.get(slug=ROUTINE)
    comfortable_history(user, today, routine)  # check-ins of 2 this week
    assert actions(user, today) == {Action.PROGRESS}
    # The week before: lower, then the same.
    CheckInFactory(user=user, date=today - 10 * DAY, pain_score=1)

    plans = selectors.advice(user, routine, today).plans

    assert {plan.suggestion.action for plan in plans} == {Action.KEEP}
    assert all(plan.dose == plan.start_dose for plan in plans)
    assert all(
        "(2.0) is higher than over the 7 days before (1.0)" in plan.suggestion.message
        for plan in plans
    )
    CheckInFactory(user=user, date=today - 12 * DAY, pain_score=3)
    assert actions(user, today) == {Action.PROGRESS}


@pytest.mark.django_db
def test_the_weekly_average_pain_is_one_aggregate_of_the_two_weeks(
    user, django_assert_num_queries
):
    today = datetime.date(2026, 3, 18)
    for back, pain in [(0, 4), (6, 2), (7, 1), (13, 3), (14, 10), (-1, 10)]:
        CheckInFactory(user=user, date=today - back * DAY, pain_score=pain)
    CheckInFactory(date=today, pain_score=10)  # someone else's

    with django_assert_num_queries(1):
        weekly = weekly_pain(user, today)

    # Days 0 to 6 back, then 7 to 13 back; day 14 and the day after today
    # belong to neither.
    assert weekly == WeeklyPain(3.0, 2.0)
    assert weekly.rising


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("exercise_pain", "action"),
    [(None, Action.PROGRESS), (3, Action.PROGRESS), (4, Action.KEEP), (7, Action.EASE)],
)
def test_an_exercise_s_own_pain_counts_instead_of_the_session_s(
    user, exercise_pain, action
):
    PlanFactory(user=user)
    today = today_for(user)
    routine = Routine.objects.get(slug=ROUTINE)
    comfortable_history(user, today, routine)
    latest = user.sessions.order_by("-date").first()
    bird_dog = routine.items.get(exercise__slug="bird-dog").exercise
    SessionExercise.objects.filter(session=latest, exercise=bird_dog).update(
        pain=exercise_pain
    )

    plans = {
        plan.exercise.slug: plan
        for plan in selectors.advice(user, routine, today).plans
    }

    assert plans["bird-dog"].suggestion.action is action
    # The other exercises read the session's pain (1): a step up.
    assert {
        plan.suggestion.action for slug, plan in plans.items() if slug != "bird-dog"
    } == {Action.PROGRESS}


@pytest.mark.django_db
def test_under_an_alert_the_dose_kept_is_the_one_planned_not_more_done(user):
    """Done beyond the plan counts as done in full; the alert keeps the dose
    planned, not the higher one done."""
    PlanFactory(user=user)
    today = today_for(user)
    routine = Routine.objects.get(slug=ROUTINE)
    comfortable_history(user, today, routine)
    SessionExercise.objects.filter(session__user=user, sets__gte=1).update(sets=3)
    CheckInFactory(user=user, date=today, pain_score=2, numbness_or_tingling=True)

    plans = selectors.advice(user, routine, today).plans

    assert all(plan.suggestion.action is Action.HOLD for plan in plans)
    assert all(plan.dose == plan.start_dose for plan in plans)


# A dose of reps each held (bird dog and glute bridge, issue 14) -----------------


@pytest.fixture
def held_routine(db):
    """A routine of one exercise done as 10 reps, each held 3 s (up to 10 s)."""
    return held_reps_routine()


@pytest.mark.django_db
def test_held_reps_step_up_the_hold_first(user, held_routine):
    PlanFactory(user=user)
    today = today_for(user)
    comfortable_history(user, today, held_routine)

    (plan,) = selectors.advice(user, held_routine, today).plans

    assert plan.start_dose == Dose(1, 10, 3)
    assert plan.suggestion.action is Action.PROGRESS
    assert plan.dose == Dose(1, 10, 5)
    assert "you could try 1 set × 10 reps, holding 5 s" in plan.suggestion.message


@pytest.mark.django_db
def test_an_exercise_history_is_read_from_the_users_sessions_not_every_members(
    user,
):
    """Each exercise's last sessions are found by walking the user's sessions
    newest first, whatever the database knows of its tables' sizes: through the
    exercise's index (SQLite's plan without statistics) it read and sorted
    every member's rows of that exercise."""
    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's query plan")
    routine = Routine.objects.get(is_default=True)
    with CaptureQueriesContext(connection) as queries:
        selectors.exercise_plans(user, routine)

    history = [
        query["sql"]
        for query in queries.captured_queries
        if 'FROM "journal_sessionexercise"' in query["sql"]
    ]
    assert history
    with connection.cursor() as cursor:
        for sql in history:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " ".join(row[-1] for row in cursor.fetchall())
            assert "session_user_newest" in plan, plan
            assert "exercise_id" not in plan, plan


@pytest.mark.django_db
def test_postgresql_walks_the_users_sessions_not_every_members_rows(user):
    """On PostgreSQL, with statistics of a crowd's rows (as autovacuum keeps
    them), each exercise's last sessions are found down session_user_newest:
    compared as an expression (SQLite's guard), the exercise's guessed
    selectivity made it scan every member's rows."""
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's query plan")
    from journal.models import Session
    from journal.selectors.advice import recent_rows_query

    routine = Routine.objects.get(is_default=True)
    exercises = [item.exercise for item in routine.items.all()]
    today = today_for(user)
    crowd = [UserFactory() for _ in range(20)] + [user]
    sessions = Session.objects.bulk_create(
        Session(user=member, date=today - back * DAY, pain_during=2, effort="right")
        for member in crowd
        for back in range(60)
    )
    SessionExercise.objects.bulk_create(
        exercise_done(session, exercise)
        for session in sessions
        for exercise in exercises
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE journal_session, journal_sessionexercise")
    with CaptureQueriesContext(connection) as queries:
        selectors.exercise_plans(user, routine)

    (history,) = [
        query["sql"]
        for query in queries.captured_queries
        if 'FROM "journal_sessionexercise"' in query["sql"]
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {history}")
        plan = " ".join(row[0] for row in cursor.fetchall())
    # Each exercise's arm ("done", "done_1", ...) walks the user's sessions;
    # the rows they find are then read by their ids.
    assert plan.count("Index Scan using session_user_newest") == len(exercises)
    assert "Seq Scan on journal_sessionexercise done" not in plan, plan

    # Prepared (rows.read_ahead prepares the dashboard's reads), the plan made
    # for any user and exercise walks the same way.
    sql, params = recent_rows_query(user.pk, [exercise.pk for exercise in exercises])
    numbered = iter(range(1, len(params) + 1))
    prepared = re.sub("%s", lambda _: f"${next(numbered)}", sql)
    with connection.cursor() as cursor:
        cursor.execute(f"PREPARE recent_rows AS {prepared}")
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute(
            f"EXPLAIN EXECUTE recent_rows({', '.join(['%s'] * len(params))})", params
        )
        generic = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("DEALLOCATE recent_rows")
    assert generic.count("Index Scan using session_user_newest") == len(exercises)
    assert "Seq Scan on journal_sessionexercise done" not in generic, generic


@pytest.mark.django_db
@pytest.mark.parametrize("exercises", [1, 2, 6])
def test_every_exercise_s_last_sessions_are_read_in_one_query(
    user, django_assert_num_queries, exercises
):
    """Each exercise gets its own newest rows, enough for its last three
    sessions (an arm of the union each, with its own limit), however the
    sessions interleave, and never another member's: in one query, whatever
    the number of exercises."""
    from journal.selectors.advice import (
        HISTORY_SESSIONS,
        ROWS_PER_SESSION,
        _recent_rows,
    )
    from tests.factories import ExerciseFactory, UserFactory

    made = [ExerciseFactory(title=f"Exercise {n}") for n in range(exercises)]
    today = today_for(user)
    expected = {exercise.pk: [] for exercise in made}
    for back in range(24):
        session = SessionFactory(user=user, date=today - back * DAY)
        for number, exercise in enumerate(made):
            # The first exercise every day, the others every other day.
            if number and back % 2:
                continue
            row = exercise_done(session, exercise)
            row.save()
            if len(expected[exercise.pk]) < HISTORY_SESSIONS * ROWS_PER_SESSION:
                expected[exercise.pk].append(row.pk)
    someone = SessionFactory(user=UserFactory(), date=today)
    for exercise in made:
        exercise_done(someone, exercise).save()

    with django_assert_num_queries(1):
        rows = _recent_rows(user, [exercise.pk for exercise in made])

    found = {exercise.pk: [] for exercise in made}
    for row in rows:
        found[row.exercise_id].append(row.pk)
    assert found == expected
    with django_assert_num_queries(0):
        assert [row.session.date for row in rows] == sorted(
            (row.session.date for row in rows), reverse=True
        )
        # What the outcomes read of a session, without a query; one instance
        # per session, however many of its rows came back.
        shared = {}
        for row in rows:
            assert row.session.pain_during is not None and row.session.created_at
            assert shared.setdefault(row.session_id, row.session) is row.session
