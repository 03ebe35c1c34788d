from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils.html import escape

from exercises.models import Exercise, ExerciseStep, Routine, RoutineItem

pytestmark = pytest.mark.django_db


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def exercise_form(**overrides) -> dict:
    data = {
        "title": "Dead Bug",
        "slug": "dead-bug",
        "kind": "stabilization",
        "summary": "Core control lying on your back.",
        "is_published": "on",
        "order": "4",
        "why_it_helps": "It trains the core.",
        "starting_position": "Lie on your back.",
        "sets_min": "2",
        "sets_max": "3",
        "reps_min": "8",
        "reps_max": "12",
        "hold_seconds_min": "",
        "hold_seconds_max": "",
        "per_side": "on",
        "seconds_per_rep": "4",
        "progression": "",
        "safety_cues": "Keep your back flat.",
    }
    data.update(overrides)
    steps = data.pop("steps", [{"order": "1", "title": "Reach", "text": "Reach up."}])
    return {**data, **formset("steps", steps), **formset("images", [])}


def test_content_editor_adds_an_exercise_with_inline_steps(editor_client):
    data = exercise_form(
        steps=[
            {"order": "1", "title": "Reach", "text": "Reach your arms up."},
            {"order": "2", "title": "Lower", "text": "Lower one arm and leg."},
        ]
    )

    response = editor_client.post(reverse("admin:exercises_exercise_add"), data)

    assert response.status_code == HTTPStatus.FOUND, response.context and [
        response.context["adminform"].form.errors,
        [f.errors for f in response.context["inline_admin_formsets"][0].formset],
    ]
    assert response["Location"] == reverse("admin:exercises_exercise_changelist")
    exercise = Exercise.objects.get(slug="dead-bug")
    assert list(exercise.steps.values_list("order", "text")) == [
        (1, "Reach your arms up."),
        (2, "Lower one arm and leg."),
    ]
    page = editor_client.get(exercise.get_absolute_url()).content.decode()
    assert "Lower one arm and leg." in page


def test_content_editor_edits_a_step_and_the_public_page_shows_it(
    editor_client, client
):
    exercise = Exercise.objects.get(slug="bird-dog")
    steps = list(exercise.steps.all())
    fields = {
        field.name: value
        for field in Exercise._meta.fields
        if field.editable and (value := getattr(exercise, field.attname)) is not None
    }
    data = exercise_form(
        **{key: ("on" if value is True else value) for key, value in fields.items()},
        steps=[
            {
                "id": str(step.pk),
                "exercise": str(exercise.pk),
                "order": str(step.order),
                "title": step.title,
                "text": "Reach far forward with the right arm."
                if step.order == 1
                else step.text,
            }
            for step in steps
        ],
    )
    data["steps-INITIAL_FORMS"] = str(len(steps))
    for key in [k for k, v in data.items() if v is False]:
        del data[key]

    response = editor_client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]), data
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:exercises_exercise_changelist")
    editor_client.logout()
    public = client.get(exercise.get_absolute_url()).content.decode()
    assert "Reach far forward with the right arm." in public


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"hold_seconds_min": "30", "hold_seconds_max": "20", "reps_min": ""},
            "hold_seconds_max",
            "cannot be below the minimum hold",
        ),
        ({"sets_min": "0"}, "sets_min", "at least one set"),
        (
            {"reps_min": "", "reps_max": "", "hold_seconds_min": ""},
            "reps_min",
            "reps or a hold time",
        ),
        ({"slug": "bird-dog"}, "slug", "already exists"),
    ],
)
def test_invalid_exercise_gets_a_clear_admin_error_and_saves_nothing(
    editor_client, overrides, field, message
):
    count = Exercise.objects.count()

    response = editor_client.post(
        reverse("admin:exercises_exercise_add"), exercise_form(**overrides)
    )

    assert response.status_code == HTTPStatus.OK
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field]), errors
    assert Exercise.objects.count() == count


def test_duplicate_step_order_gets_a_clear_admin_error_and_saves_nothing(
    editor_client,
):
    steps = [
        {"order": "1", "title": "A", "text": "First."},
        {"order": "1", "title": "B", "text": "Second."},
    ]
    exercises, step_count = Exercise.objects.count(), ExerciseStep.objects.count()

    response = editor_client.post(
        reverse("admin:exercises_exercise_add"), exercise_form(steps=steps)
    )

    assert response.status_code == HTTPStatus.OK
    formset = response.context["inline_admin_formsets"][0].formset
    # Next to each clashing number (core/admin_ordering.py), not above the table.
    for form in formset.forms:
        assert "Another step also has number 1" in " ".join(form.errors["order"])
    assert (Exercise.objects.count(), ExerciseStep.objects.count()) == (
        exercises,
        step_count,
    )


def routine_form(items: list[dict]) -> dict:
    return {
        "title": "Evening routine",
        "slug": "evening-routine",
        "summary": "A short one.",
        "description": "",
        "order": "2",
        "is_published": "on",
        **formset("items", items),
    }


@pytest.mark.parametrize(
    ("item", "field", "message"),
    [
        ({"sets": "0", "reps": "10"}, "sets", "at least one set"),
        ({"sets": "2", "reps": "", "hold_seconds": ""}, "reps", "reps or a hold time"),
    ],
)
def test_invalid_routine_item_gets_a_clear_error_and_saves_nothing(
    editor_client, item, field, message
):
    exercise = Exercise.objects.get(slug="bird-dog")
    row = {"order": "1", "exercise": str(exercise.pk), "rest_seconds": "30", **item}

    response = editor_client.post(
        reverse("admin:exercises_routine_add"), routine_form([row])
    )

    assert response.status_code == HTTPStatus.OK
    formset = response.context["inline_admin_formsets"][0].formset
    assert message in " ".join(formset.forms[0].errors[field])
    assert not Routine.objects.filter(slug="evening-routine").exists()


def test_content_editor_builds_a_routine_with_ordered_items(editor_client, client):
    stretch = Exercise.objects.get(slug="hip-flexor-stretch")
    bridge = Exercise.objects.get(slug="glute-bridge-with-hip-extension")
    rows = [
        {
            "order": "1",
            "exercise": str(bridge.pk),
            "sets": "3",
            "reps": "12",
            "per_side": "on",
            "rest_seconds": "45",
        },
        {
            "order": "2",
            "exercise": str(stretch.pk),
            "sets": "2",
            "hold_seconds": "30",
            "per_side": "on",
            "rest_seconds": "30",
        },
    ]

    response = editor_client.post(
        reverse("admin:exercises_routine_add"), routine_form(rows)
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:exercises_routine_changelist")
    routine = Routine.objects.get(slug="evening-routine")
    assert [
        item.exercise_id for item in RoutineItem.objects.filter(routine=routine)
    ] == [
        bridge.pk,
        stretch.pk,
    ]
    html = client.get(routine.get_absolute_url()).content.decode()
    assert "3 sets × 12 reps each side" in html


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:psoasapp_user_changelist"),
        reverse("admin:auth_group_changelist"),
    ],
)
def test_content_editor_is_refused_on_user_admin(editor_client, url):
    assert editor_client.get(url).status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize(
    "name",
    [
        "admin:exercises_exercise_changelist",
        "admin:exercises_routine_changelist",
        "admin:exercises_guidesection_changelist",
        "admin:exercises_tip_changelist",
        "admin:exercises_warningsign_changelist",
    ],
)
def test_content_editor_sees_every_content_list(editor_client, name):
    response = editor_client.get(reverse(name))

    assert response.status_code == HTTPStatus.OK
    listed = response.context["cl"]
    assert listed.result_count == listed.model.objects.count() > 0
    html = response.content.decode()
    for row in listed.result_list:
        assert escape(row.title) in html, row.title


def test_admin_exercise_list_searches_and_filters(editor_client):
    response = editor_client.get(
        reverse("admin:exercises_exercise_changelist"),
        {"q": "bird", "kind": "strengthening"},
    )

    assert [e.slug for e in response.context["cl"].result_list] == ["bird-dog"]


@pytest.mark.parametrize(
    "url",
    ["/admin/journal/checkin/", "/admin/journal/session/", "/admin/journal/plan/"],
)
def test_content_editor_cannot_reach_journal_data_in_admin(editor_client, url):
    index = editor_client.get(reverse("admin:index")).content.decode()
    # The journal's one piece of content, the check-in's triggers, is theirs.
    journal = editor_client.get("/admin/journal/").content.decode()

    assert editor_client.get(url).status_code in {
        HTTPStatus.FORBIDDEN,
        HTTPStatus.NOT_FOUND,
    }
    assert url not in index
    assert url not in journal
    assert "/admin/journal/trigger/" in journal
