import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise, Routine
from journal.models import CheckIn, Session, SessionExercise
from tests.factories import (
    ExerciseFactory,
    RoutineFactory,
    RoutineItemFactory,
    SessionFactory,
)
from tests.html import assert_accessible_page

pytestmark = pytest.mark.django_db

PLAYER = reverse("journal:session", args=["iliopsoas-relief"])


@pytest.fixture
def exercises():
    return {e.slug: e for e in Exercise.objects.all()}


def finish(client, url=PLAYER, **data):
    form = {
        "exercises": [
            str(e.pk) for e in Exercise.objects.filter(routine_items__isnull=False)
        ],
        "pain_during": "2",
        "effort": "right",
        "duration_minutes": "",
        "notes": "",
    }
    form.update(data)
    return client.post(url, form)


def test_player_shows_each_exercise_in_order_with_steps_dose_and_a_checklist(
    user_client,
):
    response = user_client.get(PLAYER)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    positions = [
        html.index(title)
        for title in [
            "Hip Flexor Stretch",
            "Bird Dog",
            "Glute Bridge with Hip Extension",
        ]
    ]
    assert positions == sorted(positions)
    assert "2 sets × 20 s hold each side" in html
    assert "2 sets × 10 reps each side" in html
    assert "Extend Arm and Leg" in html  # steps are on the page
    assert "journal/js/session.js" in html
    assert 'aria-live="polite"' in html
    # The no-JavaScript checklist: every exercise ticked by default.
    assert html.count('name="exercises"') == 3
    assert html.count("checked") >= 3
    assert_accessible_page(html)


def test_routine_page_offers_start_session_to_logged_in_users(user_client):
    html = user_client.get(
        reverse("exercises:routine-detail", args=["iliopsoas-relief"])
    ).content.decode()

    assert f'href="{PLAYER}"' in html
    assert "Start session" in html


def test_finishing_records_a_session_for_today_with_the_doses_done(
    user_client, user, exercises
):
    response = finish(
        user_client,
        exercises=[
            str(exercises["bird-dog"].pk),
            str(exercises["hip-flexor-stretch"].pk),
        ],
        pain_during="3",
        effort="easy",
        duration_minutes="12",
        notes="Felt good.",
    )

    session = Session.objects.get(user=user)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == session.get_absolute_url()
    assert session.date == timezone.now().date()
    assert session.routine.slug == "iliopsoas-relief"
    assert (session.pain_during, session.effort, session.duration_minutes) == (
        3,
        "easy",
        12,
    )
    done = {
        entry.exercise.slug: (entry.sets, entry.reps, entry.hold_seconds)
        for entry in session.exercises.select_related("exercise")
    }
    assert done == {"hip-flexor-stretch": (2, None, 20), "bird-dog": (2, 10, None)}


def test_several_sessions_a_day_are_allowed(user_client, user):
    finish(user_client)
    finish(user_client)

    assert Session.objects.filter(user=user).count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"pain_during": "11"}, "pain_during"),
        ({"pain_during": "-1"}, "pain_during"),
        ({"pain_during": "abc"}, "pain_during"),
        ({"pain_during": ""}, "pain_during"),
        ({"effort": "extreme"}, "effort"),
        ({"duration_minutes": "0"}, "duration_minutes"),
        ({"duration_minutes": "601"}, "duration_minutes"),
        ({"duration_minutes": "ten"}, "duration_minutes"),
        ({"notes": "n" * 100_000}, "notes"),
        ({"exercises": []}, "exercises"),
        ({"exercises": ["abc"]}, "exercises"),
        ({"exercises": ["999999"]}, "exercises"),
    ],
)
def test_bad_finish_input_gets_a_message_next_to_the_field_and_stores_nothing(
    user_client, data, field
):
    response = finish(user_client, **data)

    assert response.status_code == HTTPStatus.OK
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Session.objects.exists()


def test_an_exercise_from_another_routine_is_refused(user_client):
    outsider = RoutineItemFactory().exercise

    response = finish(user_client, exercises=[str(outsider.pk)])

    assert "this routine only" in " ".join(response.context["form"].errors["exercises"])
    assert not Session.objects.exists()


def test_unpublished_or_unknown_routine_has_no_player(user_client):
    draft = RoutineFactory(is_published=False)

    assert (
        user_client.get(reverse("journal:session", args=[draft.slug])).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert (
        user_client.get(reverse("journal:session", args=["nope"])).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_anonymous_users_cannot_open_the_player(client):
    response = client.get(PLAYER)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_after_three_calm_sessions_the_player_offers_the_next_step(user_client, user):
    for _ in range(3):
        finish(user_client, pain_during="1")
    session = Session.objects.filter(user=user).first()

    detail = user_client.get(session.get_absolute_url()).content.decode()
    player = user_client.get(PLAYER).content.decode()

    assert "Suggestions for your next session" in detail
    assert "Step up" in detail
    assert "2 sets × 25 s hold each side" in player
    assert "2 sets × 12 reps each side" in player


def test_a_painful_session_suggests_easing_off_with_the_warning_signs(
    user_client, user
):
    finish(user_client, pain_during="7")
    session = Session.objects.get(user=user)

    html = user_client.get(session.get_absolute_url()).content.decode()

    assert "Ease off" in html
    assert (
        reverse("exercises:guide-section", args=["when-to-seek-medical-attention"])
        in html
    )


def test_a_next_day_flare_in_the_check_ins_suggests_easing_off(user_client, user):
    today = timezone.now().date()
    for days_ago in (3, 2, 1):
        SessionExercise.objects.create(
            session=SessionFactory(
                user=user,
                date=today - datetime.timedelta(days=days_ago),
                pain_during=1,
                routine=Routine.objects.get(slug="iliopsoas-relief"),
            ),
            exercise=Exercise.objects.get(slug="bird-dog"),
            sets=2,
            reps=10,
        )
    CheckIn.objects.create(user=user, date=today - datetime.timedelta(1), pain_score=2)
    CheckIn.objects.create(user=user, date=today, pain_score=5)

    html = user_client.get(PLAYER).content.decode()

    assert "rose by 3 points the next day" in html


def test_logging_a_session_done_elsewhere_for_a_past_date(user_client, user):
    yesterday = timezone.now().date() - datetime.timedelta(days=1)
    url = reverse("journal:session-new")

    page = user_client.get(url)
    response = finish(user_client, url=url, date=yesterday.isoformat())

    assert page.status_code == HTTPStatus.OK
    assert_accessible_page(page.content.decode())
    assert response.status_code == HTTPStatus.FOUND
    session = Session.objects.get(user=user)
    assert session.date == yesterday
    assert session.exercises.count() == 3


@pytest.mark.parametrize(
    ("date", "message"),
    [("2999-01-01", "in the future"), ("not-a-date", "real date"), ("", "required")],
)
def test_logging_a_session_with_a_bad_date_is_refused(user_client, date, message):
    response = finish(user_client, url=reverse("journal:session-new"), date=date)

    assert response.status_code == HTTPStatus.OK
    assert message in " ".join(response.context["form"].errors["date"])
    assert not Session.objects.exists()


def test_logging_a_session_of_another_routine(user_client, user):
    routine = RoutineFactory(title="Desk break")
    item = RoutineItemFactory(routine=routine, exercise=ExerciseFactory(title="Walk"))
    url = reverse("journal:session-new") + f"?routine={routine.pk}"

    page = user_client.get(url).content.decode()
    response = finish(
        user_client,
        url=url,
        date=timezone.now().date().isoformat(),
        exercises=[str(item.exercise.pk)],
    )

    assert "Desk break" in page
    assert response.status_code == HTTPStatus.FOUND
    assert Session.objects.get(user=user).routine == routine


def test_an_unpublished_routine_cannot_be_chosen(user_client):
    draft = RoutineFactory(is_published=False)

    response = user_client.get(reverse("journal:session-new"), {"routine": draft.pk})

    assert response.status_code == HTTPStatus.OK
    assert "Choose one of the routines listed" in response.content.decode()
    assert response.context["routine"].slug == "iliopsoas-relief"


def test_editing_a_session_changes_its_fields_and_exercises(
    user_client, user, exercises
):
    finish(user_client)
    session = Session.objects.get(user=user)

    response = user_client.post(
        reverse("journal:session-edit", args=[session.pk]),
        {
            "date": session.date.isoformat(),
            "exercises": [str(exercises["bird-dog"].pk)],
            "pain_during": "4",
            "effort": "hard",
            "duration_minutes": "20",
            "notes": "Edited.",
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    session.refresh_from_db()
    assert (session.pain_during, session.effort, session.notes) == (
        4,
        "hard",
        "Edited.",
    )
    assert [e.exercise.slug for e in session.exercises.all()] == ["bird-dog"]


def test_deleting_a_session_asks_first(user_client, user):
    session = SessionFactory(user=user)
    url = reverse("journal:session-delete", args=[session.pk])

    assert user_client.get(url).status_code == HTTPStatus.OK
    assert Session.objects.filter(pk=session.pk).exists()
    assert user_client.post(url).status_code == HTTPStatus.FOUND
    assert not Session.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("journal:session-detail", "get"),
        ("journal:session-edit", "get"),
        ("journal:session-edit", "post"),
        ("journal:session-delete", "get"),
        ("journal:session-delete", "post"),
    ],
)
def test_another_users_session_answers_404(user_client, name, method):
    theirs = SessionFactory()

    response = getattr(user_client, method)(reverse(name, args=[theirs.pk]), {})

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert Session.objects.filter(pk=theirs.pk).exists()


def test_session_list_shows_only_mine(user_client, user):
    SessionFactory(user=user, notes="mine")
    SessionFactory(effort="hard")

    response = user_client.get(reverse("journal:session-list"))

    assert [s.user for s in response.context["page"].object_list] == [user]
    assert_accessible_page(response.content.decode())
