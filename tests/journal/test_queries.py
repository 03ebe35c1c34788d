"""Journal pages run the same number of queries whatever the data's size."""

import datetime

import pytest
from django.urls import reverse

from exercises.models import Exercise
from journal.models import CheckIn, Session, SessionExercise
from tests.factories import PlanFactory, exercise_done
from tests.journal.test_dashboard_cache import main_of

pytestmark = pytest.mark.django_db


def fill(user, days: int) -> None:
    PlanFactory(user=user)
    start = datetime.date(2021, 1, 1)
    CheckIn.objects.bulk_create(
        CheckIn(user=user, date=start + datetime.timedelta(n), pain_score=n % 11)
        for n in range(days)
    )
    sessions = Session.objects.bulk_create(
        Session(
            user=user, date=start + datetime.timedelta(n), pain_during=2, effort="right"
        )
        for n in range(0, days, 2)
    )
    exercises = list(Exercise.objects.all())
    SessionExercise.objects.bulk_create(
        exercise_done(session, exercise)
        for session in sessions
        for exercise in exercises
    )


@pytest.mark.parametrize("days", [7, 1000])
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        # 4, and the triggers of the page's check-ins (one query).
        ("journal:check-in-list", 5),
        # 4 (the journal's version, read first: the page is then kept in
        # memory, see test_a_second_visit_of_the_session_list_reads_one_query),
        # and the rows that say whether each session was done in full.
        ("journal:session-list", 6),
        # 6, plus the next doses that pre-fill the form: the routine's items,
        # the recent rows of all its exercises (one query, however many), the
        # check-ins after those sessions, and the warning-sign alert
        # that holds them (four: the check-ins, the sessions' highest pain, the
        # weeks the no-improvement rule and the weekly average compare, and the
        # plan's history).
        ("journal:session-new", 12),
    ],
)
def test_list_pages_query_count_is_constant(
    user_client, user, django_assert_num_queries, days, name, queries
):
    fill(user, days)

    with django_assert_num_queries(queries):
        user_client.get(reverse(name))


@pytest.mark.parametrize("days", [7, 1000])
def test_a_second_visit_of_the_session_list_reads_one_query(
    user_client, user, django_assert_num_queries, days
):
    fill(user, days)
    first = user_client.get(reverse("journal:session-list")).content.decode()

    # Session, user and the journal's version.
    with django_assert_num_queries(3):
        second = user_client.get(reverse("journal:session-list")).content.decode()

    # The same list (the header's logout form has a fresh CSRF mask).
    assert main_of(second) == main_of(first)
    assert "In full" in main_of(second)


@pytest.mark.parametrize("days", [7, 1000])
def test_player_and_session_detail_query_counts_are_constant(
    user_client, user, django_assert_num_queries, days
):
    fill(user, days)
    latest = Session.objects.filter(user=user).first()

    # 12 (the warning-sign alert the advice agrees with, four queries, one of
    # them the weeks the weekly average compares too, and
    # today's and yesterday's sessions of the routine among them, in one
    # query), plus the recent rows of all the routine's exercises (one query,
    # however many: selectors.advice._recent_rows) for the next doses.
    with django_assert_num_queries(13):
        user_client.get(reverse("journal:session", args=["iliopsoas-relief"]))
    # Session, user, the session with its rows (two: the rows name their
    # exercises by the titles they keep), and the latest session's id.
    with django_assert_num_queries(5):
        user_client.get(latest.get_absolute_url())
