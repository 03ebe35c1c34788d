"""Staff edit the content while a person is doing a session: the session they
did is recorded as they did it (issue 15: "Members' flow survives edits").

Each test renders the form, makes the content edit through the ORM, as the
admin would, and then sends the form as rendered."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise, Routine
from journal.models import Session, SessionExercise
from tests.factories import ExerciseFactory, RoutineFactory, RoutineItemFactory
from tests.html import assert_accessible_page

pytestmark = pytest.mark.django_db

SLUG = "iliopsoas-relief"
PLAYER = reverse("journal:session", args=[SLUG])
LOG = reverse("journal:session-new")


def dose(exercise: Exercise, side: str = "", unit: str = "sets") -> str:
    return f"dose_{exercise.pk}" + (f"_{side}" if side else "") + f"_{unit}"


def rendered(client, url) -> dict:
    """The page's form as a browser without JavaScript sends it, filled in:
    the suggested doses, the hidden fields, a pain score and an effort."""
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    form = response.context["form"]
    data = {
        name: str(form[name].value())
        for name in form.fields
        if form[name].value() is not None
    }
    data.update({"pain_during": "3", "effort": "right", "notes": "Stiff today."})
    if "date" in form.fields:
        data["date"] = timezone.now().date().isoformat()
    return data


def recorded(response, user) -> Session:
    """The user's one session, which `response` redirected to."""
    session = Session.objects.get(user=user)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == session.get_absolute_url()
    return session


def routine() -> Routine:
    return Routine.objects.get(slug=SLUG)


def first_exercise(of: Routine) -> Exercise:
    """The routine's first exercise done in reps on each side."""
    items = of.items.filter(reps__isnull=False, per_side=True).order_by("order")
    return items.first().exercise


def test_the_form_carries_the_routine_it_was_shown_for(user_client):
    form = user_client.get(PLAYER).context["form"]

    assert form.routine_sent({"routine_key": form["routine_key"].value()}) == (
        routine().pk
    )
    assert 'name="routine_key"' in user_client.get(PLAYER).content.decode()


def test_a_slug_changed_mid_session_still_records_it(user_client, user):
    data = rendered(user_client, PLAYER)
    Routine.objects.filter(slug=SLUG).update(slug="hip-flexor-relief")

    response = user_client.post(PLAYER, data)

    session = recorded(response, user)
    assert session.routine == Routine.objects.get(slug="hip-flexor-relief")
    assert session.notes == "Stiff today."
    assert session.exercises.count() == 6  # three exercises, each per side
    # The progress the browser kept under the page's address is cleared.
    detail = user_client.get(response["Location"]).content.decode()
    assert f'data-player-recorded data-routine="{SLUG}"' in detail


def test_a_routine_unpublished_mid_session_still_records_it(user_client, user):
    data = rendered(user_client, PLAYER)
    Routine.objects.filter(slug=SLUG).update(is_published=False)

    response = user_client.post(PLAYER, data)

    session = recorded(response, user)
    assert session.routine == routine()
    assert session.routine_title == routine().title
    assert session.exercises.count() == 6
    # Offering it stays over: the player of an unpublished routine is a 404.
    assert user_client.get(PLAYER).status_code == HTTPStatus.NOT_FOUND


def test_a_routine_deleted_mid_session_gives_back_what_was_typed(user_client, user):
    shared = first_exercise(routine())
    gone = RoutineFactory(title="Desk break")
    RoutineItemFactory(routine=gone, exercise=shared, sets=2, reps=10)
    url = reverse("journal:session", args=[gone.slug])
    data = rendered(user_client, url)
    data[dose(shared, "right")] = "1"
    gone.delete()

    response = user_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    assert not Session.objects.exists()
    html = response.content.decode()
    assert "removed from the site while you did it" in html
    assert_accessible_page(html)
    assert f'action="{LOG}?routine={routine().pk}"' in html
    form = response.context["form"]
    assert not form.is_bound
    assert form["pain_during"].value() == "3"
    assert form["effort"].value() == "right"
    assert form["notes"].value() == "Stiff today."
    assert form[dose(shared, "right")].value() == "1"
    # Saved as offered, it is recorded under the routine now shown.
    again = rendered_from(response)
    saved = user_client.post(f"{LOG}?routine={routine().pk}", again)
    assert again["routine_key"] != data["routine_key"]
    session = recorded(saved, user)
    assert session.routine == routine()
    assert session.notes == "Stiff today."
    assert session.exercises.get(exercise=shared, side="right").sets == 1


def rendered_from(response) -> dict:
    form = response.context["form"]
    return {
        name: str(form[name].value())
        for name in form.fields
        if form[name].value() is not None
    }


@pytest.mark.parametrize("url", [PLAYER, LOG], ids=["player", "log"])
def test_an_exercise_unpublished_mid_session_is_recorded_with_its_doses(
    user_client, user, url
):
    exercise = first_exercise(routine())
    data = rendered(user_client, url)
    offered = data[dose(exercise, "right", "reps")]
    data[dose(exercise, "right")] = "1"
    data[dose(exercise, "left", "reps")] = "4"
    Exercise.objects.filter(pk=exercise.pk).update(is_published=False)

    response = user_client.post(url, data)

    session = recorded(response, user)
    assert session.exercises.count() == 6
    right = session.exercises.get(exercise=exercise, side="right")
    left = session.exercises.get(exercise=exercise, side="left")
    assert (right.sets, right.reps) == (1, int(offered))
    assert left.reps == 4
    assert right.planned_reps == int(offered)  # the dose offered
    assert right.exercise_title == exercise.title


def test_an_invalid_form_keeps_an_exercise_unpublished_since(user_client, user):
    exercise = first_exercise(routine())
    data = rendered(user_client, PLAYER)
    data[dose(exercise, "right")] = "1"
    del data["effort"]
    Exercise.objects.filter(pk=exercise.pk).update(is_published=False)

    answer = user_client.post(PLAYER, data)

    assert answer.status_code == HTTPStatus.OK
    assert answer.context["form"][dose(exercise, "right")].value() == "1"
    assert exercise.pk in [plan.exercise.pk for plan in answer.context["plans"]]
    data["effort"] = "right"
    recorded(user_client.post(PLAYER, data), user)
    assert SessionExercise.objects.get(exercise=exercise, side="right").sets == 1


@pytest.mark.parametrize("url", [PLAYER, LOG], ids=["player", "log"])
def test_an_exercise_unpublished_before_the_form_is_neither_asked_nor_recorded(
    user_client, user, url
):
    exercise = first_exercise(routine())
    Exercise.objects.filter(pk=exercise.pk).update(is_published=False)
    data = rendered(user_client, url)

    response = user_client.post(url, data)

    assert dose(exercise, "right") not in data
    assert recorded(response, user).exercises.count() == 4
    assert not SessionExercise.objects.filter(exercise=exercise).exists()


def test_an_exercise_renamed_mid_session_keeps_its_title_at_record_time(
    user_client, user
):
    exercise = first_exercise(routine())
    data = rendered(user_client, PLAYER)
    Exercise.objects.filter(pk=exercise.pk).update(title="Bird Dog, kneeling")

    response = user_client.post(PLAYER, data)

    recorded(response, user)
    titles = set(
        SessionExercise.objects.filter(exercise=exercise).values_list(
            "exercise_title", flat=True
        )
    )
    assert titles == {"Bird Dog, kneeling"}


def test_a_routine_unpublished_while_logging_a_session_still_records_it(
    user_client, user
):
    other = RoutineFactory(title="Desk break")
    walk = ExerciseFactory(title="Walk")
    RoutineItemFactory(routine=other, exercise=walk)
    url = f"{LOG}?routine={other.pk}"
    data = rendered(user_client, url)
    Routine.objects.filter(pk=other.pk).update(is_published=False)

    response = user_client.post(url, data)

    session = recorded(response, user)
    assert session.routine == other
    assert set(session.exercises.values_list("exercise", flat=True)) == {walk.pk}


def test_a_routine_deleted_while_logging_a_session_gives_back_what_was_typed(
    user_client, user
):
    other = RoutineFactory(title="Desk break")
    RoutineItemFactory(routine=other, exercise=ExerciseFactory(title="Walk"))
    url = f"{LOG}?routine={other.pk}"
    data = rendered(user_client, url)
    other.delete()

    response = user_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    assert "removed from the site while you did it" in response.content.decode()
    assert response.context["form"]["notes"].value() == "Stiff today."
    assert response.context["routine"] == routine()
    assert not Session.objects.exists()


@pytest.mark.parametrize("key", ["forged", "12:not-the-signature"])
def test_a_routine_key_the_site_did_not_sign_asks_for_a_reload(user_client, key):
    data = rendered(user_client, PLAYER)
    data["routine_key"] = key

    response = user_client.post(PLAYER, data)

    assert response.status_code == HTTPStatus.OK
    assert "Please reload the page" in response.content.decode()
    assert not Session.objects.exists()


def test_a_form_from_before_the_key_is_read_by_its_address(user_client, user):
    data = rendered(user_client, PLAYER)
    del data["routine_key"]

    response = user_client.post(PLAYER, data)

    assert recorded(response, user).routine == routine()
