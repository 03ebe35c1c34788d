from http import HTTPStatus

import pytest
from django.urls import reverse

from exercises.models import Exercise, GuideSection, Routine
from tests.factories import (
    ExerciseFactory,
    ExerciseStepFactory,
    GuideSectionFactory,
    RoutineFactory,
    RoutineItemFactory,
)
from tests.html import assert_accessible_page

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [exercise.title for exercise in response.context["exercises"]]


def test_guide_shows_every_section_with_an_anchor_tips_and_warning_signs(client):
    response = client.get(reverse("exercises:guide"))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for section in GuideSection.objects.all():
        assert f'id="{section.slug}"' in html
        assert f'href="#{section.slug}"' in html
        assert section.get_absolute_url() in html
    for text in [
        "Proper Warm-up",
        "Gradual Progression",
        "Muscle Balance",
        "Ice and Compression",
        "Severe Pain",
        "Numbness or Tingling",
        "Loss of Function",
        "Sudden Onset",
        "fever, chills, or unexplained weight loss",
        "iliacus and the psoas major",
    ]:
        assert text in html
    assert_accessible_page(html)


def test_each_guide_section_has_its_own_page(client):
    response = client.get(
        reverse("exercises:guide-section", args=["when-to-seek-medical-attention"])
    )

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<h1" in html and "When to Seek Medical Attention" in html
    assert html.count('class="warning-signs"') == 1
    assert 'id="numbness-or-tingling"' in html
    assert reverse("exercises:guide-section", args=["prevention-and-recovery"]) in html
    assert_accessible_page(html)


def test_unpublished_guide_section_is_hidden_and_answers_404(client):
    hidden = GuideSectionFactory(is_published=False, title="Draft section")

    guide = client.get(reverse("exercises:guide")).content.decode()
    page = client.get(hidden.get_absolute_url())

    assert "Draft section" not in guide
    assert page.status_code == HTTPStatus.NOT_FOUND


def test_exercise_list_shows_the_published_exercises(client):
    ExerciseFactory(title="Hidden draft", is_published=False)

    response = client.get(reverse("exercises:exercise-list"))

    assert response.status_code == HTTPStatus.OK
    assert titles(response) == [
        "Hip Flexor Stretch",
        "Bird Dog",
        "Glute Bridge with Hip Extension",
    ]
    assert_accessible_page(response.content.decode())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "stretch"}, ["Hip Flexor Stretch"]),
        ({"kind": "strengthening"}, ["Bird Dog"]),
        ({"kind": "stabilization"}, ["Glute Bridge with Hip Extension"]),
        ({"q": "bird"}, ["Bird Dog"]),
        ({"q": "GLUTES"}, ["Glute Bridge with Hip Extension"]),
        # Found in a step's text only.
        ({"q": "left arm and right leg"}, ["Bird Dog"]),
        ({"q": "hands and knees"}, ["Bird Dog"]),
        ({"q": "hip", "kind": "stretch"}, ["Hip Flexor Stretch"]),
        ({"q": "bird", "kind": "stretch"}, []),
        ({"q": "nothing like this"}, []),
    ],
)
def test_exercise_list_filters_by_kind_and_searches_text(client, query, expected):
    response = client.get(reverse("exercises:exercise-list"), query)

    assert titles(response) == expected
    if not expected:
        assert "No exercise matches" in response.content.decode()


def test_exercise_search_ignores_unpublished_exercises(client):
    ExerciseFactory(title="Secret bird variation", is_published=False)

    response = client.get(reverse("exercises:exercise-list"), {"q": "bird"})

    assert titles(response) == ["Bird Dog"]


@pytest.mark.parametrize(
    ("query", "field"), [({"kind": "yoga"}, "kind"), ({"q": "x" * 101}, "q")]
)
def test_bad_filter_input_gets_a_message_next_to_the_field(client, query, field):
    response = client.get(reverse("exercises:exercise-list"), query)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html
    assert len(titles(response)) == 3


def test_exercise_detail_shows_everything_a_user_needs(client):
    exercise = Exercise.objects.get(slug="bird-dog")

    response = client.get(exercise.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for text in [
        "Why it helps",
        "core strengthening exercise that works the iliopsoas",
        "Starting position",
        "hands directly below your shoulders",
        "How to progress",
        "Gradually increase the hold time as you get stronger, up to 10 seconds",
        "2–3 sets of 10–15 reps; hold each rep 3–10 seconds, each side",
        "Keep your back flat and your hips level throughout.",
    ]:
        assert text in html, text
    steps = html[html.index('<ol class="steps">') :]
    assert steps.index("Extend Arm and Leg") < steps.index(
        "Return to Starting Position"
    )
    assert (
        reverse("exercises:guide-section", args=["when-to-seek-medical-attention"])
        in html
    )
    assert_accessible_page(html)


def test_unpublished_exercise_answers_404(client):
    draft = ExerciseFactory(is_published=False)

    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    missing = reverse("exercises:exercise-detail", args=["no-such-exercise"])
    assert client.get(missing).status_code == HTTPStatus.NOT_FOUND


def test_routine_list_and_detail_show_the_default_routine(client):
    listing = client.get(reverse("exercises:routine-list"))
    routine = Routine.objects.get(is_default=True)
    detail = client.get(routine.get_absolute_url())

    assert "Iliopsoas relief" in listing.content.decode()
    assert "about 13 min" in listing.content.decode()
    html = detail.content.decode()
    assert "about 13 minutes" in html
    order = [
        html.index(title)
        for title in ["Hip Flexor Stretch", "Bird Dog", "Glute Bridge with Hip"]
    ]
    assert order == sorted(order)
    assert "2 sets × 20 s hold each side" in html
    assert "Log in to start a session" in html
    assert_accessible_page(html)


def test_routine_hides_unpublished_exercises_and_unpublished_routines_404(client):
    routine = RoutineFactory()
    RoutineItemFactory(routine=routine, exercise__title="Visible one")
    RoutineItemFactory(
        routine=routine, exercise__title="Draft one", exercise__is_published=False
    )
    draft = RoutineFactory(is_published=False, title="Draft routine")

    html = client.get(routine.get_absolute_url()).content.decode()

    assert "Visible one" in html
    assert "Draft one" not in html
    assert (
        "Draft routine"
        not in client.get(reverse("exercises:routine-list")).content.decode()
    )
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("size", [3, 50])
def test_exercise_list_query_count_is_constant(client, django_assert_num_queries, size):
    ExerciseFactory.create_batch(size)

    # The exercises, then their photos (issue 17).
    with django_assert_num_queries(2):
        response = client.get(reverse("exercises:exercise-list"), {"q": "test"})

    assert len(response.context["exercises"]) == size


@pytest.mark.parametrize("size", [3, 50])
def test_exercise_detail_query_count_is_constant(
    client, django_assert_num_queries, size
):
    exercise = ExerciseFactory()
    ExerciseFactory.create_batch(size)
    ExerciseStepFactory.create_batch(size, exercise=exercise)

    # The exercise, its steps and its photos (issue 17).
    with django_assert_num_queries(3):
        response = client.get(exercise.get_absolute_url())

    assert response.content.decode().count("Step text") == size


@pytest.mark.parametrize("size", [3, 50])
def test_routine_pages_query_count_is_constant(client, django_assert_num_queries, size):
    routine = RoutineFactory()
    for exercise in ExerciseFactory.create_batch(size):
        RoutineItemFactory(routine=routine, exercise=exercise)
    RoutineFactory.create_batch(size)

    # The routine, its items with their exercises, and the exercises' photos.
    with django_assert_num_queries(3):
        detail = client.get(routine.get_absolute_url())
    with django_assert_num_queries(2):
        client.get(reverse("exercises:routine-list"))

    assert detail.content.decode().count("Test exercise") == size


@pytest.mark.parametrize("size", [3, 50])
def test_guide_query_count_is_constant(client, django_assert_num_queries, size):
    GuideSectionFactory.create_batch(size)

    with django_assert_num_queries(3):
        client.get(reverse("exercises:guide"))
    with django_assert_num_queries(3):
        client.get(reverse("exercises:guide-section", args=["causes"]))
