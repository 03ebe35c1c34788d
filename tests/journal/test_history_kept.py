"""Members' history is never changed by content edits (issue 15): a past
session keeps every exercise it recorded, with the title and the dose as they
were, whatever staff later do to the exercise or the routine; editing it never
drops, replaces or re-plans a row it did not show."""

import datetime
import json
from http import HTTPStatus

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from journal import export, selectors, services
from journal.models import JournalVersion, Plan, Session, SessionExercise
from journal.progression import Dose
from tests.factories import (
    CheckInFactory,
    ExerciseFactory,
    RoutineFactory,
    RoutineItemFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

A, B = "Supine march", "Half-kneeling stretch"
ROUTINE = "Morning hips"


@pytest.fixture
def routine():
    routine = RoutineFactory(title=ROUTINE)
    RoutineItemFactory(routine=routine, exercise=ExerciseFactory(title=A))
    RoutineItemFactory(routine=routine, exercise=ExerciseFactory(title=B))
    return routine


@pytest.fixture
def session(user, routine, today):
    """A session of the routine done in full two days ago, A and B each side."""
    return services.session_record(
        user=user,
        routine=routine,
        date=today - datetime.timedelta(days=2),
        pain_during=2,
        effort="right",
        exercise_ids=[item.exercise_id for item in routine.items.all()],
    )


def item(routine, title):
    return routine.items.get(exercise__title=title)


def rows(session) -> list[tuple]:
    """Everything a session's rows hold, in order."""
    return list(
        SessionExercise.objects.filter(session=session)
        .order_by("pk")
        .values_list(
            "pk",
            "exercise_id",
            "exercise_title",
            "side",
            "sets",
            "reps",
            "hold_seconds",
            "planned_sets",
            "planned_reps",
            "planned_hold_seconds",
            "pain",
        )
    )


def suggestions(user, routine, today) -> dict[str, Dose]:
    return {
        plan.exercise.title: plan.dose
        for plan in selectors.advice(user, routine, today).plans
    }


def edit_data(client, url) -> dict:
    """The edit page's form as a browser would send it untouched."""
    form = client.get(url).context["form"]
    return {
        name: str(form[name].value())
        for name in form.fields
        if form[name].value() is not None
    }


# --- What staff may do to content after the session was recorded ---------


def unpublish_a(routine):
    exercise = item(routine, A).exercise
    exercise.is_published = False
    exercise.save()


def rename_a(routine):
    exercise = item(routine, A).exercise
    exercise.title = "Marching on your back"
    exercise.save()


def change_a_dose(routine):
    row = item(routine, A)
    row.sets, row.reps = 3, 14
    row.save()


def a_not_per_side(routine):
    row = item(routine, A)
    row.per_side = False
    row.save()


def remove_a(routine):
    moved = item(routine, A)
    moved.routine = RoutineFactory()
    moved.save()


def add_an_exercise(routine):
    RoutineItemFactory(routine=routine, exercise=ExerciseFactory(title="New one"))


def unpublish_routine(routine):
    routine.is_published = False
    routine.save()


def rename_routine(routine):
    routine.title = "Evening hips"
    routine.save()


def delete_routine(routine):
    routine.items.all().delete()
    routine.delete()


EDITS = [
    unpublish_a,
    rename_a,
    change_a_dose,
    a_not_per_side,
    remove_a,
    add_an_exercise,
    unpublish_routine,
    rename_routine,
    delete_routine,
]


@pytest.mark.parametrize("content_edit", EDITS)
def test_editing_a_past_session_after_a_content_edit_keeps_every_row(
    user_client, user, routine, session, today, content_edit
):
    """Case 1: the member opens the Edit page after staff changed the content,
    adds a note and saves: every row stays as recorded, and the suggestions for
    the next session are the ones before the edit."""
    before = rows(session)
    content_edit(routine)
    advice_before = suggestions(user, Session.objects.get(pk=session.pk).routine, today)
    url = reverse("journal:session-edit", args=[session.pk])

    page = user_client.get(url)
    data = edit_data(user_client, url)
    data["notes"] = "A note added later."
    response = user_client.post(url, data)

    assert page.status_code == HTTPStatus.OK
    text = page.content.decode()
    assert A in text and B in text and ROUTINE in text
    assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors
    assert response["Location"] == session.get_absolute_url()
    session.refresh_from_db()
    assert session.notes == "A note added later."
    assert session.routine_title == ROUTINE
    assert rows(session) == before
    assert suggestions(user, session.routine, today) == advice_before


def test_the_issue_s_case_unpublished_a_keeps_a_and_the_suggestions(
    user_client, user, routine, session, today
):
    """Issue 15, case 1 as seen: A unpublished, a note added, saved; then A
    published again is suggested exactly as before."""
    suggested = suggestions(user, routine, today)
    unpublish_a(routine)
    exercise = item(routine, A).exercise
    url = reverse("journal:session-edit", args=[session.pk])
    data = edit_data(user_client, url)
    data["notes"] = "Felt fine."

    user_client.post(url, data)

    # The page listed A too, as recorded and editable, not only B.
    assert f"dose_{exercise.pk}_left_sets" in data
    assert SessionExercise.objects.filter(session=session, exercise=exercise).count()
    assert session.exercises.filter(exercise=exercise).count() == 2
    exercise.is_published = True
    exercise.save()
    assert suggestions(user, routine, today) == suggested


def test_a_row_the_form_did_not_send_is_kept_as_it_is(user_client, routine, session):
    """A form from before (its fields for A missing) changes only what it
    sent: A's rows stay."""
    before = rows(session)
    url = reverse("journal:session-edit", args=[session.pk])
    a_id = item(routine, A).exercise_id
    data = {
        name: value
        for name, value in edit_data(user_client, url).items()
        if not name.startswith((f"dose_{a_id}_", f"pain_{a_id}"))
    }

    response = user_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == session.get_absolute_url()
    assert rows(session) == before


def test_a_form_shown_again_lists_the_rows_it_did_not_hold(
    user_client, routine, session
):
    """A form from before, sent with an error: A's rows, which it did not
    hold, are listed as kept; nothing is saved."""
    before = rows(session)
    url = reverse("journal:session-edit", args=[session.pk])
    a_id = item(routine, A).exercise_id
    data = {
        name: value
        for name, value in edit_data(user_client, url).items()
        if not name.startswith(f"dose_{a_id}_")
    }
    data["pain_during"] = "11"

    response = user_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    text = response.content.decode()
    assert "kept as they are" in text
    assert f"{A}, left side: 2 sets × 10 reps" in text
    assert rows(session) == before


def test_a_session_without_exercise_rows_can_be_edited(user_client, user, today):
    """Recorded with no routine (or by a script): the page says so, and the
    rest of the session can still be corrected."""
    empty = SessionFactory(user=user, date=today)
    url = reverse("journal:session-edit", args=[empty.pk])

    page = user_client.get(url)
    response = user_client.post(
        url,
        {"date": today.isoformat(), "pain_during": "1", "effort": "easy"},
    )

    assert "No exercises were recorded in this session." in page.content.decode()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == empty.get_absolute_url()
    empty.refresh_from_db()
    assert (empty.pain_during, empty.effort) == (1, "easy")


def test_editing_changes_the_dose_done_never_the_planned_one(
    user_client, routine, session
):
    change_a_dose(routine)
    url = reverse("journal:session-edit", args=[session.pk])
    a_id = item(routine, A).exercise_id
    data = edit_data(user_client, url)
    assert data[f"dose_{a_id}_left_reps"] == "10"
    data[f"dose_{a_id}_left_sets"] = "1"

    user_client.post(url, data)

    left = session.exercises.get(exercise_id=a_id, side="left")
    assert (left.sets, left.reps) == (1, 10)
    assert (left.planned_sets, left.planned_reps) == (2, 10)


@pytest.mark.parametrize("content_edit", [unpublish_a, rename_a, change_a_dose])
def test_pages_and_exports_show_the_session_as_recorded(
    recent_client, user, routine, session, content_edit
):
    """Detail, list, report, CSV and JSON exports: the titles and doses
    recorded, not the content's current ones."""
    content_edit(routine)
    rename_routine(routine)
    pages = [
        recent_client.get(reverse("journal:session-detail", args=[session.pk])),
        recent_client.get(reverse("journal:session-list")),
        recent_client.get(reverse("journal:report")),
        recent_client.get(reverse("journal:dashboard")),
    ]
    csv_text = "".join(export.csv_lines(user))
    data = json.loads(recent_client.post(reverse("account-export")).content.decode())

    for page in pages:
        assert ROUTINE in page.content.decode()
    assert "Evening hips" not in pages[1].content.decode()
    recent = pages[3].content.decode().split("<h3>Sessions</h3>")[1]
    recent = recent.split("</ul>")[0]
    assert ROUTINE in recent
    assert "Evening hips" not in recent
    # What was recorded (the suggestions below it look ahead, in today's words).
    detail = pages[0].content.decode().split('<dl class="entry-facts">')[1]
    detail = detail.split("</dl>")[0]
    assert f"{A}, right side: 2 sets × 10 reps" in detail
    assert "Marching on your back" not in detail
    assert "Evening hips" not in detail
    assert f"{A} (right side): 2 sets × 10 reps" in csv_text
    assert ROUTINE in csv_text
    (exported,) = data["sessions"]
    assert exported["routine"] == ROUTINE
    assert [row["exercise"] for row in exported["exercises"]] == [A, A, B, B]
    assert {row["planned_reps"] for row in exported["exercises"]} == {10}


# --- The migration that adds the snapshots ------------------------------------

BEFORE_SNAPSHOTS = [("journal", "0009_session_exercise_pain")]


def _version(user_id: int) -> int:
    return (
        JournalVersion.objects.filter(user_id=user_id)
        .values_list("version", flat=True)
        .first()
        or 0
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_titles_and_the_journal_version_still_moves():
    """Sessions recorded before the snapshots get today's titles (a deleted
    routine's stays blank); on SQLite the columns remake both tables, and the
    triggers that move the journal version must be made again (0007)."""
    exercise = ExerciseFactory(title="Supine march")
    routine = RoutineFactory(title="Morning hips")
    user = UserFactory()
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE_SNAPSHOTS)
    try:
        old = executor.loader.project_state(BEFORE_SNAPSHOTS).apps
        OldSession = old.get_model("journal", "Session")
        OldRow = old.get_model("journal", "SessionExercise")
        kept, orphan = (
            OldSession.objects.create(
                user_id=user.pk,
                routine_id=routine_id,
                date=datetime.date(2026, 1, 2),
                pain_during=2,
                effort="right",
            )
            for routine_id in (routine.pk, None)
        )
        OldRow.objects.create(
            session=kept,
            exercise_id=exercise.pk,
            side="",
            sets=2,
            reps=10,
            planned_sets=2,
            planned_reps=10,
        )
    finally:
        MigrationExecutor(connection).migrate(latest)

    assert Session.objects.get(pk=kept.pk).routine_title == "Morning hips"
    assert Session.objects.get(pk=orphan.pk).routine_title == ""
    row = SessionExercise.objects.get(session_id=kept.pk)
    assert row.exercise_title == "Supine march"
    for write in (
        lambda: Session.objects.filter(pk=kept.pk).update(notes="Later."),
        lambda: SessionExercise.objects.filter(pk=row.pk).update(sets=1),
        lambda: SessionExercise.objects.filter(pk=row.pk).delete(),
        lambda: Session.objects.filter(pk=orphan.pk).delete(),
    ):
        version = _version(user.pk)
        write()
        assert _version(user.pk) > version


@pytest.mark.parametrize("content_edit", EDITS)
def test_a_check_in_edit_and_the_account_export_after_a_content_edit(
    recent_client, user, routine, session, today, content_edit
):
    """The other paths that write or read a member's history: editing the
    morning-after check-in and downloading the account's data leave the
    session as recorded, and the suggestions as they were."""
    check_in = CheckInFactory(
        user=user, date=session.date + datetime.timedelta(days=1), pain_score=3
    )
    before = rows(session)
    content_edit(routine)
    live_routine = Session.objects.get(pk=session.pk).routine
    advice_before = suggestions(user, live_routine, today)
    url = reverse("journal:check-in-edit", args=[check_in.pk])

    response = recent_client.post(
        url, {"date": check_in.date.isoformat(), "pain_score": "3", "notes": "Ok."}
    )
    download = recent_client.post(reverse("account-export"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == check_in.get_absolute_url()
    assert rows(session) == before
    assert suggestions(user, live_routine, today) == advice_before
    (exported,) = json.loads(download.content.decode())["sessions"]
    assert exported["routine"] == ROUTINE
    assert [
        (row["exercise"], row["side"], row["sets"], row["planned_reps"])
        for row in exported["exercises"]
    ] == [(title, side, 2, 10) for title in (A, B) for side in ("right", "left")]


def test_logging_a_session_after_the_plan_s_routine_is_unpublished_offers_the_default(
    user_client, user, routine
):
    """The plan's routine gone, "record a session" suggests the published
    default's exercises, not the unpublished routine's."""
    Plan.objects.update_or_create(user=user, defaults={"routine": routine})
    unpublish_routine(routine)

    page = user_client.get(reverse("journal:session-new")).content.decode()

    assert A not in page and B not in page
    assert "Iliopsoas relief" in page
