"""The content pages' bodies kept in memory (exercises/cache.py): a repeat visit
runs one query, and every edit staff can make shows on the next load, whichever
way it is made; nothing of the person looking is kept."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse, set_script_prefix

from exercises import cache
from exercises.models import (
    Exercise,
    ExerciseImage,
    ExerciseStep,
    GuideSection,
    Routine,
    RoutineItem,
    Tip,
    WarningSign,
)
from tests.exercises.test_admin import exercise_form, formset
from tests.factories import (
    ExerciseFactory,
    ExerciseStepFactory,
    GuideSectionFactory,
    RoutineFactory,
    RoutineItemFactory,
)

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


@pytest.fixture
def routine():
    routine = RoutineFactory(title="Morning routine")
    RoutineItemFactory(routine=routine, exercise__title="Kept march")
    return routine


def urls(routine) -> list[str]:
    return [
        reverse("exercises:guide"),
        reverse("exercises:guide-section", args=["causes"]),
        reverse("exercises:exercise-list"),
        Exercise.objects.published().first().get_absolute_url(),
        reverse("exercises:routine-list"),
        routine.get_absolute_url(),
    ]


def test_a_repeat_visit_runs_one_query(client, routine, django_assert_num_queries):
    # The first visit runs the page's queries (the counts of test_views.py);
    # the next reads the content's version with the page's rows, and nothing
    # else.
    for url in urls(routine):
        first = page(client, url)
        with django_assert_num_queries(1):
            again = page(client, url)
        assert again == first


def test_an_edited_exercise_shows_at_once_on_every_page(client, routine):
    exercise = routine.items.get().exercise
    for url in [*urls(routine), exercise.get_absolute_url()]:
        page(client, url)

    exercise.title = "Renamed march"
    exercise.save()

    assert "Renamed march" in page(client, reverse("exercises:exercise-list"))
    assert "Renamed march" in page(client, exercise.get_absolute_url())
    assert "Renamed march" in page(client, routine.get_absolute_url())
    assert "Kept march" not in page(client, routine.get_absolute_url())


def test_a_bulk_publish_and_unpublish_show_at_once(client, routine):
    draft = ExerciseFactory(title="Late lunge", is_published=False)
    shown = routine.items.get().exercise
    list_url = reverse("exercises:exercise-list")
    assert "Late lunge" not in page(client, list_url)
    page(client, routine.get_absolute_url())

    # QuerySet.update: no save(), no updated_at; the published count moves.
    Exercise.objects.filter(pk=draft.pk).update(is_published=True)
    Exercise.objects.filter(pk=shown.pk).update(is_published=False)

    html = page(client, list_url)
    assert "Late lunge" in html
    assert "Kept march" not in html
    assert "Kept march" not in page(client, routine.get_absolute_url())
    assert client.get(shown.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_a_deleted_exercise_is_gone_at_once(client):
    exercise = ExerciseFactory(title="Doomed bridge")
    assert "Doomed bridge" in page(client, reverse("exercises:exercise-list"))
    page(client, exercise.get_absolute_url())

    Exercise.objects.filter(pk=exercise.pk).delete()

    assert "Doomed bridge" not in page(client, reverse("exercises:exercise-list"))
    assert client.get(exercise.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_steps_and_photos_added_without_their_exercise_show_at_once(client):
    # Rows of their own, written without saving the exercise: their counts
    # and the photos' updated_at move the version.
    exercise = ExerciseFactory(title="Quiet bridge")
    ExerciseStepFactory(exercise=exercise, text="First step.")
    page(client, exercise.get_absolute_url())
    page(client, reverse("exercises:exercise-list"))

    ExerciseStep.objects.create(exercise=exercise, order=2, text="Second step.")
    ExerciseImage.objects.bulk_create(
        [
            ExerciseImage(
                exercise=exercise,
                order=1,
                alt_text="Lying on the back, knees bent, feet flat",
                width=1200,
                height=900,
                card="exercise-images/quiet-card.webp",
                page="exercise-images/quiet-page.webp",
            )
        ]
    )

    detail = page(client, exercise.get_absolute_url())
    assert "Second step." in detail
    assert "exercise-images/quiet-page.webp" in detail
    assert "exercise-images/quiet-card.webp" in page(
        client, reverse("exercises:exercise-list")
    )

    photo = ExerciseImage.objects.get(exercise=exercise)
    photo.caption = "From the side"
    photo.save()
    assert "From the side" in page(client, exercise.get_absolute_url())


def test_guide_tips_signs_and_sections_show_at_once(client):
    section = GuideSection.objects.get(slug="causes")
    guide, own = reverse("exercises:guide"), section.get_absolute_url()
    page(client, guide)
    page(client, own)

    Tip.objects.create(
        section=section,
        category="prevention",
        title="Fresh tip",
        body="Body.",
        order=99,
    )
    WarningSign.objects.create(
        section=section, slug="fresh-sign", title="Fresh sign", body="Body.", order=99
    )
    GuideSectionFactory(title="Fresh section")

    for url in (guide, own):
        html = page(client, url)
        assert "Fresh tip" in html
        assert "Fresh sign" in html
    assert "Fresh section" in page(client, guide)

    GuideSection.objects.filter(slug="causes").delete()
    assert "Fresh tip" not in page(client, guide)
    assert client.get(own).status_code == HTTPStatus.NOT_FOUND


def test_routine_items_and_routines_show_at_once(client, routine):
    page(client, routine.get_absolute_url())
    page(client, reverse("exercises:routine-list"))

    RoutineItemFactory(routine=routine, exercise__title="Added plank")
    assert "Added plank" in page(client, routine.get_absolute_url())
    assert "2 exercises" in page(client, reverse("exercises:routine-list"))

    RoutineItem.objects.filter(routine=routine, exercise__title="Added plank").delete()
    assert "Added plank" not in page(client, routine.get_absolute_url())

    Routine.objects.filter(pk=routine.pk).update(is_published=False)
    assert "Morning routine" not in page(client, reverse("exercises:routine-list"))
    assert client.get(routine.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_a_step_edited_in_the_admin_shows_at_once(editor_client):
    # The admin saves the exercise with its inlines: its updated_at moves.
    add = editor_client.post(
        reverse("admin:exercises_exercise_add"),
        exercise_form(steps=[{"order": "1", "title": "Reach", "text": "Reach up."}]),
    )
    assert add.status_code == HTTPStatus.FOUND
    assert add["Location"] == reverse("admin:exercises_exercise_changelist")
    exercise = Exercise.objects.get(slug="dead-bug")
    step = exercise.steps.get()
    assert "Reach up." in page(editor_client, exercise.get_absolute_url())

    change = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    row = {
        "id": str(step.pk),
        "exercise": str(exercise.pk),
        "order": "1",
        "title": "Reach",
        "text": "Reach up slowly.",
    }
    data = {**exercise_form(), **formset("steps", [row], initial=1)}
    response = editor_client.post(change, data)
    assert response.status_code == HTTPStatus.FOUND, response.context and [
        response.context["adminform"].form.errors,
        [f.errors for f in response.context["inline_admin_formsets"][0].formset],
    ]
    assert response["Location"] == reverse("admin:exercises_exercise_changelist")

    assert "Reach up slowly." in page(editor_client, exercise.get_absolute_url())


def test_bodies_hold_nothing_of_the_person_looking(user_client, user, routine):
    url = routine.get_absolute_url()
    member = page(user_client, url)
    visitor = page(Client(), url)

    assert user.email in member
    assert user.email not in visitor
    assert "Start session" in member and "Start session" not in visitor
    assert "Log in to start a session" in visitor
    assert "Log in to start a session" not in page(user_client, url)


def test_bodies_are_kept_per_script_prefix(client):
    # The test client leaves the script prefix alone; a WSGI server sets it
    # from SCRIPT_NAME on every request.
    url = reverse("exercises:exercise-list")
    plain = page(client, url)
    set_script_prefix("/psoas/")
    try:
        prefixed = page(client, url)
    finally:
        set_script_prefix("/")

    assert 'href="/psoas/exercises/' in prefixed
    assert 'href="/exercises/' not in prefixed
    assert page(client, url) == plain


def test_a_search_is_never_kept(client):
    url = reverse("exercises:exercise-list")
    page(client, url)
    searched = page(client, f"{url}?q=bridge")

    assert 'value="bridge"' in searched
    assert 'value="bridge"' not in page(client, url)
    kept = [key for key, prefix, urlconf in cache._bodies.stored()]
    assert kept == [("exercise-list",)]


def test_a_preview_is_never_kept(editor_client):
    exercise = ExerciseFactory(title="Draft dip", is_published=False)
    preview = reverse("exercises:exercise-preview", args=[exercise.slug])

    assert "Draft dip" in editor_client.get(preview).content.decode()
    assert not cache._bodies.stored()
