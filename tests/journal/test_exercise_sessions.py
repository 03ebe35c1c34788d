"""Exercise sessions: the player, logging a session done elsewhere, editing
and deleting one, the dose done, and one form making one row."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from exercises.models import Exercise, Routine
from journal import privacy as journal_privacy
from journal.models import CheckIn, Session, SessionExercise
from tests.factories import (
    ExerciseFactory,
    RoutineFactory,
    RoutineItemFactory,
    SessionFactory,
    held_reps_routine,
)
from tests.html import assert_accessible_page

pytestmark = pytest.mark.django_db

PLAYER = reverse("journal:session", args=["iliopsoas-relief"])


@pytest.fixture
def exercises():
    return {e.slug: e for e in Exercise.objects.all()}


def dose(exercise: Exercise, side: str = "", unit: str = "sets") -> str:
    """The name of a dose field of the session forms."""
    return f"dose_{exercise.pk}" + (f"_{side}" if side else "") + f"_{unit}"


def form_data(client, url) -> dict:
    """The form on the page as a browser without JavaScript would send it
    untouched: the suggested doses, the one-time token, today's date."""
    form = client.get(url).context["form"]
    return {
        name: str(form[name].value())
        for name in form.fields
        if form[name].value() is not None
    }


def finish(client, url=PLAYER, skip=(), **data):
    """Send the page's form with a pain score and an effort; the exercises in
    `skip` (slugs) with 0 sets."""
    form = form_data(client, url)
    form.update({"pain_during": "2", "effort": "right"})
    for slug in skip:
        exercise = Exercise.objects.get(slug=slug)
        for side in ("", "right", "left"):
            if dose(exercise, side) in form:
                form[dose(exercise, side)] = "0"
    form.update(data)
    return client.post(url, form)


def next_morning(user, pain: int = 1) -> None:
    """The sessions recorded today become yesterday's, and today's check-in
    gives the next morning's pain after them (no step up comes without it)."""
    today = timezone.now().date()
    Session.objects.filter(user=user).update(date=today - datetime.timedelta(days=1))
    CheckIn.objects.create(user=user, date=today, pain_score=pain)


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
    assert "2 sets × 10 reps, holding 3 s each side" in html
    assert "Extend Arm and Leg" in html  # steps are on the page
    assert "journal/js/session.js" in html
    assert 'aria-live="polite"' in html
    # Without JavaScript, the dose fields hold the suggested dose, per side.
    form = response.context["form"]
    stretch = Exercise.objects.get(slug="hip-flexor-stretch")
    assert form[dose(stretch, "right")].value() == 2
    assert form[dose(stretch, "left", "hold")].value() == 20
    # Sets, then the reps and/or the hold: 2 stretch rows × 2 + 4 held-rep rows × 3.
    assert html.count('name="dose_') == 16
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
        skip=["glute-bridge-with-hip-extension"],
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
        (entry.exercise.slug, entry.side): (entry.sets, entry.reps, entry.hold_seconds)
        for entry in session.exercises.select_related("exercise")
    }
    assert done == {
        ("hip-flexor-stretch", "right"): (2, None, 20),
        ("hip-flexor-stretch", "left"): (2, None, 20),
        ("bird-dog", "right"): (2, 10, 3),
        ("bird-dog", "left"): (2, 10, 3),
        ("glute-bridge-with-hip-extension", "right"): (0, None, None),
        ("glute-bridge-with-hip-extension", "left"): (0, None, None),
    }
    assert session.partly_done


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


BIRD_DOG = "bird-dog"


@pytest.mark.parametrize(
    ("side", "unit", "value", "message"),
    [
        ("right", "sets", "", "Enter the sets of Bird Dog (right side) you finished"),
        ("right", "sets", "-1", "from 0 (skipped) up"),
        ("left", "sets", "abc", "Enter the sets of Bird Dog (left side)"),
        ("left", "sets", "21", "Enter at most 20."),
        ("right", "reps", "0", "Enter the reps of Bird Dog (right side)"),
        ("right", "reps", "", "you did in each set, such as 10"),
        ("left", "reps", "201", "Enter at most 200."),
        ("right", "reps", "9" * 30, "Enter at most 200."),
    ],
)
def test_a_bad_dose_gets_a_message_next_to_its_field_and_stores_nothing(
    user_client, side, unit, value, message
):
    field = dose(Exercise.objects.get(slug=BIRD_DOG), side, unit)

    response = finish(user_client, **{field: value})

    assert response.status_code == HTTPStatus.OK
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    # The summary at the top links to the field.
    assert f'href="#id_{field}"' in html
    assert html.index("data-error-summary") < html.index('class="player-exercises"')
    assert not Session.objects.exists()


def test_a_skipped_exercise_needs_no_reps_but_a_session_needs_one_exercise(
    user_client, user
):
    every = ["hip-flexor-stretch", BIRD_DOG, "glute-bridge-with-hip-extension"]
    bird_dog = Exercise.objects.get(slug=BIRD_DOG)

    nothing = finish(user_client, skip=every)
    one = finish(
        user_client,
        skip=every[:1] + every[2:],
        **{dose(bird_dog, "left"): "0", dose(bird_dog, "left", "reps"): ""},
    )

    first = dose(Exercise.objects.get(slug="hip-flexor-stretch"), "right")
    assert "Record at least one exercise" in " ".join(
        nothing.context["form"].errors[first]
    )
    assert one.status_code == HTTPStatus.FOUND
    assert one["Location"] == Session.objects.get(user=user).get_absolute_url()
    assert Session.objects.get(user=user).exercises.filter(sets__gt=0).count() == 1


def test_a_dose_for_an_exercise_of_another_routine_is_ignored(user_client, user):
    outsider = RoutineItemFactory().exercise

    response = finish(user_client, **{dose(outsider): "3"})

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == Session.objects.get(user=user).get_absolute_url()
    assert not SessionExercise.objects.filter(exercise=outsider).exists()


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
    # Before the next day's check-in: no step up yet, and the page says why.
    waiting = user_client.get(session.get_absolute_url()).content.decode()
    assert "Step up" not in waiting
    assert "A check-in the morning after each session is what lets the next step" in (
        waiting
    )
    next_morning(user)

    detail = user_client.get(session.get_absolute_url()).content.decode()
    player = user_client.get(PLAYER).content.decode()

    assert "Suggestions for your next session" in detail
    assert "Step up" in detail
    assert "2 sets × 25 s hold each side" in player
    # Held reps step up by their hold first, 2 s at a time.
    assert "2 sets × 10 reps, holding 5 s each side" in player


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
            planned_sets=2,
            planned_reps=10,
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
    assert response["Location"] == session.get_absolute_url()
    assert session.date == yesterday
    assert session.exercises.count() == 6  # three exercises, each per side


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
    RoutineItemFactory(routine=routine, exercise=ExerciseFactory(title="Walk"))
    url = reverse("journal:session-new") + f"?routine={routine.pk}"

    page = user_client.get(url).content.decode()
    response = finish(user_client, url=url, date=timezone.now().date().isoformat())

    assert "Desk break" in page
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == Session.objects.get(user=user).get_absolute_url()
    assert Session.objects.get(user=user).routine == routine


def test_an_unpublished_routine_cannot_be_chosen(user_client):
    draft = RoutineFactory(is_published=False)

    response = user_client.get(reverse("journal:session-new"), {"routine": draft.pk})

    assert response.status_code == HTTPStatus.OK
    assert "Choose one of the routines listed" in response.content.decode()
    assert response.context["routine"].slug == "iliopsoas-relief"


def test_editing_a_session_changes_its_fields_and_doses_done(
    user_client, user, exercises
):
    finish(user_client)
    session = Session.objects.get(user=user)
    url = reverse("journal:session-edit", args=[session.pk])
    bird_dog = exercises[BIRD_DOG]
    data = form_data(user_client, url)
    assert data[dose(bird_dog, "left", "reps")] == "10"  # the dose recorded
    data.update(
        {
            dose(bird_dog, "left"): "1",
            dose(bird_dog, "left", "reps"): "6",
            dose(exercises["hip-flexor-stretch"], "right"): "0",
            "pain_during": "4",
            "effort": "hard",
            "duration_minutes": "20",
            "notes": "Edited.",
        }
    )

    response = user_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == session.get_absolute_url()
    session.refresh_from_db()
    assert (session.pain_during, session.effort, session.notes) == (
        4,
        "hard",
        "Edited.",
    )
    rows = {
        (row.exercise.slug, row.side): (row.sets, row.reps, row.planned_reps)
        for row in session.exercises.all()
    }
    assert rows[BIRD_DOG, "left"] == (1, 6, 10)
    assert rows[BIRD_DOG, "right"] == (2, 10, 10)
    assert rows["hip-flexor-stretch", "right"] == (0, None, None)
    assert session.partly_done


def test_editing_shows_rows_of_exercises_no_longer_in_the_routine(
    user_client, user, exercises
):
    """An exercise unpublished since is still the session's: its rows are
    shown under the title recorded, and stay editable."""
    finish(user_client)
    session = Session.objects.get(user=user)
    url = reverse("journal:session-edit", args=[session.pk])
    bridge = exercises["glute-bridge-with-hip-extension"]
    title = bridge.title
    bridge.is_published = False
    bridge.title = "Renamed bridge"
    bridge.save()
    data = form_data(user_client, url)
    data[dose(bridge, "left")] = "1"

    page = user_client.get(url).content.decode()
    response = user_client.post(url, data)

    assert escape(title) in page
    assert "Renamed bridge" not in page
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == session.get_absolute_url()
    assert {
        row.side: (row.sets, row.exercise_title)
        for row in session.exercises.filter(exercise=bridge)
    } == {"left": (1, title), "right": (2, title)}


def test_deleting_a_session_asks_first(user_client, user):
    session = SessionFactory(user=user)
    url = reverse("journal:session-delete", args=[session.pk])

    confirm = user_client.get(url)

    assert confirm.status_code == HTTPStatus.OK
    page = confirm.content.decode()
    assert "Delete your session of " in page
    assert f'<a href="{session.get_absolute_url()}">No, keep it</a>' in page
    assert Session.objects.filter(pk=session.pk).exists()

    delete = user_client.post(url)

    assert delete.status_code == HTTPStatus.FOUND
    assert delete["Location"] == reverse("journal:session-list")
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


# The dose done (issue 12, case 3) ---------------------------------------------


def test_a_partial_dose_is_stored_beside_the_planned_one(user_client, user, exercises):
    bird_dog = exercises[BIRD_DOG]

    finish(
        user_client,
        skip=["glute-bridge-with-hip-extension"],
        **{
            dose(bird_dog, "right"): "1",
            dose(bird_dog, "right", "reps"): "5",
            dose(exercises["hip-flexor-stretch"], "left", "hold"): "12",
        },
    )

    rows = {
        (row.exercise.slug, row.side): row
        for row in Session.objects.get(user=user).exercises.all()
    }
    right = rows[BIRD_DOG, "right"]
    assert (right.sets, right.reps) == (1, 5)
    assert (right.planned_sets, right.planned_reps) == (2, 10)
    assert right.partly_done
    assert not rows[BIRD_DOG, "left"].partly_done
    stretch = rows["hip-flexor-stretch", "left"]
    assert (stretch.sets, stretch.hold_seconds, stretch.planned_hold_seconds) == (
        2,
        12,
        20,
    )
    assert rows["glute-bridge-with-hip-extension", "left"].skipped


@pytest.mark.parametrize(
    ("short", "player_shows"),
    [
        # Done in full three times: the step up.
        ({}, "2 sets × 10 reps, holding 5 s each side"),
        # One side short each time: the weaker side counts, no step up, and
        # the dose stays the planned one, not the lower one done.
        ({"left": ("2", "7")}, "2 sets × 10 reps, holding 3 s each side"),
        ({"right": ("1", "10")}, "2 sets × 10 reps, holding 3 s each side"),
        # Skipped each time.
        (
            {"right": ("0", ""), "left": ("0", "")},
            "2 sets × 10 reps, holding 3 s each side",
        ),
    ],
)
def test_three_calm_sessions_step_up_only_when_done_in_full(
    user_client, user, exercises, short, player_shows
):
    bird_dog = exercises[BIRD_DOG]
    data = {}
    for side, (sets, reps) in short.items():
        data[dose(bird_dog, side)] = sets
        data[dose(bird_dog, side, "reps")] = reps
    for _ in range(3):
        finish(user_client, pain_during="1", **data)
    next_morning(user)

    html = user_client.get(PLAYER).content.decode()

    bird_dog_card = html[html.index('data-title="Bird Dog"') :]
    assert f"Today's dose:</strong> {player_shows}" in bird_dog_card


def test_lists_say_partly_done(user_client, user, exercises):
    finish(user_client, skip=["glute-bridge-with-hip-extension"])
    finish(user_client)

    listing = user_client.get(reverse("journal:session-list"))
    html = listing.content.decode()
    dashboard = user_client.get(reverse("journal:dashboard")).content.decode()

    assert [s.partly_done for s in listing.context["page"].object_list] == [
        False,
        True,
    ]
    assert html.count("Partly done") == 1
    assert html.count("In full") == 1
    assert 'class="stack-table"' in html
    assert 'data-label="Pain during (0–10)"' in html
    assert 'data-label="Minutes"' in html
    assert dashboard.count("right, partly done</li>") == 1
    assert_accessible_page(html)


def test_the_partly_done_query_agrees_with_the_rows(user, exercises):
    full = SessionFactory(user=user)
    short = SessionFactory(user=user)
    for session, sets in [(full, 2), (short, 1)]:
        SessionExercise.objects.create(
            session=session,
            exercise=exercises[BIRD_DOG],
            sets=sets,
            reps=10,
            planned_sets=2,
            planned_reps=10,
        )

    annotated = {
        session.pk: session.partly_done
        for session in Session.objects.filter(user=user).with_partly_done()
    }
    computed = {
        session.pk: session.partly_done for session in Session.objects.filter(user=user)
    }

    assert annotated == computed == {full.pk: False, short.pk: True}


def test_session_detail_words_and_plurals(user_client, user, exercises):
    finish(
        user_client,
        duration_minutes="1",
        **{dose(exercises[BIRD_DOG], "right"): "1"},
    )
    session = Session.objects.get(user=user)

    html = user_client.get(session.get_absolute_url()).content.decode()

    assert "1 minute<" in html
    assert "1 minutes" not in html
    assert (
        "Bird Dog, right side: 1 set × 10 reps, holding 3 s "
        "(planned 2 sets × 10 reps, holding 3 s)"
    ) in html
    assert "(partly done)" in html


# One form, one row (issue 12, case 4) -----------------------------------------


@pytest.mark.parametrize(
    "url", [PLAYER, reverse("journal:session-new")], ids=["player", "log"]
)
def test_the_same_form_sent_three_times_makes_one_session(user_client, user, url):
    data = form_data(user_client, url)
    data.update({"pain_during": "1", "effort": "easy"})

    answers = [user_client.post(url, data) for _ in range(3)]

    session = Session.objects.get(user=user)
    assert str(session.token) == data["token"]
    assert [answer.status_code for answer in answers] == [HTTPStatus.FOUND] * 3
    assert {answer["Location"] for answer in answers} == {session.get_absolute_url()}
    # Not three comfortable sessions: no step up.
    assert (
        "2 sets × 10 reps, holding 3 s each side"
        in user_client.get(PLAYER).content.decode()
    )


def test_each_new_form_has_its_own_token(user_client, user):
    finish(user_client)
    finish(user_client)

    assert Session.objects.filter(user=user).count() == 2


def test_a_form_without_its_token_asks_for_a_reload(user_client):
    response = finish(user_client, token="")

    assert "Please reload the page" in response.content.decode()
    assert not Session.objects.exists()


def test_the_page_after_recording_clears_the_players_progress_once(user_client, user):
    response = finish(user_client)
    first = user_client.get(response["Location"]).content.decode()
    again = user_client.get(response["Location"]).content.decode()

    today = timezone.now().date().isoformat()
    assert (
        f'data-player-recorded data-routine="iliopsoas-relief" data-today="{today}"'
        in first
    )
    assert "journal/js/session_recorded.js" in first
    assert "data-player-recorded" not in again


def test_the_player_marks_required_fields_and_gives_its_storage_key(user_client):
    html = user_client.get(PLAYER).content.decode()

    # Pain, effort and the sets carry the `required` attribute that site.css
    # marks "(required)", so every required field says so the same way.
    assert html.count('name="pain_during"') == html.count('name="pain_during" value="')
    assert re.search(r'<input type="radio" name="pain_during"[^>]* required', html)
    assert re.search(r'<input type="radio" name="effort"[^>]* required', html)
    assert re.search(
        r'<input type="number" name="dose_\d+(_right)?_sets"[^>]* required', html
    )
    assert "(required) (required)" not in html
    today = timezone.now().date().isoformat()
    assert f'data-routine="iliopsoas-relief" data-today="{today}"' in html


@pytest.mark.parametrize(
    ("posted", "recorded"),
    [
        # Begun before midnight, recorded after it: the day it was begun.
        ("2026-12-01", datetime.date(2026, 12, 1)),
        ("2026-12-02", datetime.date(2026, 12, 2)),
        # Older, in the future, or nonsense: today.
        ("2026-11-29", datetime.date(2026, 12, 2)),
        ("2026-12-03", datetime.date(2026, 12, 2)),
        ("yesterday", datetime.date(2026, 12, 2)),
        (None, datetime.date(2026, 12, 2)),
    ],
)
def test_a_player_session_begun_yesterday_evening_is_yesterdays(
    user_client, monkeypatch, posted, recorded
):
    # 00:05 on 2 December in UTC, the plan's zone.
    moment = datetime.datetime(2026, 12, 2, 0, 5, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    data = {} if posted is None else {"day": posted}

    response = finish(user_client, **data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == Session.objects.get().get_absolute_url()
    assert Session.objects.get().date == recorded


def test_the_player_says_when_the_routine_was_recorded_today(user_client, user):
    page = user_client.get(PLAYER).content.decode()
    assert "You already recorded a session of this routine today" not in page

    finish(user_client)
    session = Session.objects.get()
    page = user_client.get(PLAYER).content.decode()

    assert "You already recorded a session of this routine today" in page
    assert f'href="{session.get_absolute_url()}"' in page
    # The browser does not refill the form from its history after Back.
    assert 'autocomplete="off" data-finish-form' in page


def test_the_player_gives_yesterday_s_session_for_one_begun_before_midnight(
    user_client, user
):
    """Found by a tester (issue 17): a session begun yesterday and finished
    after midnight was not told that yesterday already had one."""
    finish(
        user_client,
        day=(timezone.now().date() - datetime.timedelta(days=1)).isoformat(),
    )
    session = Session.objects.get()
    page = user_client.get(PLAYER).content.decode()

    # session.js shows it when the session was begun yesterday; without
    # JavaScript the page is today's, as before.
    assert "You already recorded a session of this routine today" not in page
    assert '<p class="notice-recorded" data-recorded-notice="yesterday" hidden>' in page
    assert f'href="{session.get_absolute_url()}"' in page


def test_empty_session_fields_never_read_none_and_the_report_has_session_notes(
    user_client, user
):
    quiet = SessionFactory(user=user, date=timezone.now().date(), notes="")
    noted = SessionFactory(
        user=user, date=timezone.now().date(), notes="Stopped bird dog early."
    )

    detail = user_client.get(quiet.get_absolute_url()).content.decode()
    report = user_client.get(reverse("journal:report")).content.decode()

    assert "<dd>No notes</dd>" in detail
    assert ">None<" not in detail and ">None recorded<" not in detail
    assert noted.notes in report
    assert ">None<" not in report and ">None recorded<" not in report
    assert 'data-label="Notes" class="notes">no notes<' in report


# Pain per exercise (optional) ----------------------------------------------------


def pain_field(exercise: Exercise) -> str:
    return f"pain_{exercise.pk}"


@pytest.mark.parametrize("url", [PLAYER, reverse("journal:session-new")])
def test_an_exercise_s_pain_is_optional_and_kept_on_each_side(
    user_client, user, exercises, url
):
    bird_dog = exercises[BIRD_DOG]
    page = user_client.get(url).content.decode()
    assert f"Pain during {bird_dog.title} (optional)" in page
    assert "Leave it blank and your pain during the whole session counts" in page

    response = finish(user_client, url, pain_during="2", **{pain_field(bird_dog): "6"})

    session = Session.objects.get(user=user)
    assert response["Location"] == session.get_absolute_url()
    pains = {(row.exercise.slug, row.side): row.pain for row in session.exercises.all()}
    assert pains[BIRD_DOG, "right"] == pains[BIRD_DOG, "left"] == 6
    assert {pain for (slug, _), pain in pains.items() if slug != BIRD_DOG} == {None}
    detail = user_client.get(session.get_absolute_url()).content.decode()
    assert (
        f"{bird_dog.title}, right side: 2 sets × 10 reps, holding 3 s; "
        "pain during it 6 out of 10" in detail
    )


@pytest.mark.parametrize("value", ["11", "x", "-1", "3.5"])
@pytest.mark.parametrize("url", [PLAYER, reverse("journal:session-new")])
def test_a_bad_exercise_pain_gets_a_message_next_to_it_and_stores_nothing(
    user_client, exercises, url, value
):
    field = pain_field(exercises[BIRD_DOG])

    response = finish(user_client, url, **{field: value})

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors[field] == [
        "Choose a pain score from 0 to 10, or leave it blank to use your pain "
        "during the whole session."
    ]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("value", "stored"), [("3", 3), ("", None), ("0", 0), ("10", 10)]
)
def test_editing_an_exercise_s_pain(user_client, user, exercises, value, stored):
    bird_dog = exercises[BIRD_DOG]
    finish(user_client, **{pain_field(bird_dog): "6"})
    session = Session.objects.get(user=user)
    url = reverse("journal:session-edit", args=[session.pk])
    data = form_data(user_client, url)
    assert data[pain_field(bird_dog)] == "6"  # the pain recorded

    user_client.post(url, {**data, pain_field(bird_dog): value})

    assert set(
        session.exercises.filter(exercise=bird_dog).values_list("pain", flat=True)
    ) == {stored}


def test_editing_with_a_bad_exercise_pain_changes_nothing(user_client, user, exercises):
    bird_dog = exercises[BIRD_DOG]
    finish(user_client, **{pain_field(bird_dog): "6"})
    session = Session.objects.get(user=user)
    url = reverse("journal:session-edit", args=[session.pk])

    response = user_client.post(
        url, {**form_data(user_client, url), pain_field(bird_dog): "11"}
    )

    assert f'id="id_{pain_field(bird_dog)}_error"' in response.content.decode()
    assert set(
        session.exercises.filter(exercise=bird_dog).values_list("pain", flat=True)
    ) == {6}


def test_the_database_refuses_an_exercise_pain_above_10(user):
    session = SessionFactory(user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionExercise.objects.create(
            session=session,
            exercise=Exercise.objects.get(slug=BIRD_DOG),
            sets=1,
            reps=10,
            planned_sets=1,
            planned_reps=10,
            pain=11,
        )


def test_the_json_export_gives_an_exercise_s_pain(user_client, user, exercises):
    finish(user_client, **{pain_field(exercises[BIRD_DOG]): "6"})

    (session,) = journal_privacy.export(user)["sessions"]

    pains = {row["exercise"]: row["pain"] for row in session["exercises"]}
    assert pains[exercises[BIRD_DOG].title] == 6
    assert pains[exercises["hip-flexor-stretch"].title] is None


# A dose of reps each held (bird dog and glute bridge, issue 14) -----------------


@pytest.fixture
def held_routine(db):
    """A routine of one exercise done as 10 reps, each held 3 s (up to 10 s)."""
    return held_reps_routine()


def test_a_dose_of_held_reps_is_shown_logged_and_edited(
    user_client, user, held_routine
):
    exercise = held_routine.items.get().exercise
    player_url = reverse("journal:session", args=[held_routine.slug])
    player = user_client.get(player_url).content.decode()
    assert "<strong>Today's dose:</strong> 1 set × 10 reps, holding 3 s." in player
    assert 'data-reps="10" data-hold="3"' in player
    log_url = reverse("journal:session-new") + f"?routine={held_routine.pk}"
    form = user_client.get(log_url).context["form"]
    assert form[dose(exercise, unit="reps")].label == "Reps in each set"
    assert form[dose(exercise, unit="hold")].label == "Seconds held each rep"

    # 8 reps, each held 3 s: partly done, the hold in full.
    finish(
        user_client,
        log_url,
        **{dose(exercise): "1", dose(exercise, unit="reps"): "8"},
    )

    session = Session.objects.get(user=user)
    row = session.exercises.get()
    assert (row.sets, row.reps, row.hold_seconds) == (1, 8, 3)
    assert (row.planned_sets, row.planned_reps, row.planned_hold_seconds) == (1, 10, 3)
    assert (
        row.summary
        == "1 set × 8 reps, holding 3 s (planned 1 set × 10 reps, holding 3 s)"
    )
    edit_url = reverse("journal:session-edit", args=[session.pk])
    data = form_data(user_client, edit_url)
    assert (data[dose(exercise, unit="reps")], data[dose(exercise, unit="hold")]) == (
        "8",
        "3",
    )

    user_client.post(edit_url, {**data, dose(exercise, unit="hold"): "2"})

    row.refresh_from_db()
    assert (row.sets, row.reps, row.hold_seconds) == (1, 8, 2)


def test_the_player_shows_each_exercise_s_safety_cues_where_it_is_done(
    user_client, exercises
):
    html = user_client.get(PLAYER).content.decode()

    for slug, exercise in exercises.items():
        card = html[html.index(f'data-title="{exercise.title}"') :]
        cues = card[card.index("<h3>Take care</h3>") :]
        cues = cues[: cues.index("</ul>")]
        assert exercise.safety_cue_list, slug
        for cue in exercise.safety_cue_list:
            assert escape(cue) in cues, (slug, cue)
    # The easier start of the bridge is where the person does the bridge.
    assert "go back to the two-leg bridge" in html
