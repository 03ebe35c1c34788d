"""The drawings on the pages: the exercise page names each pose, cards carry
a decorative copy, and the drawing is a field (no query more)."""

import importlib
import re
from http import HTTPStatus

import pytest
from django.apps import apps
from django.urls import reverse

from exercises import figures
from exercises.models import Exercise, Routine
from tests.factories import ExerciseFactory, RoutineFactory, RoutineItemFactory

pytestmark = pytest.mark.django_db

SEEDS = {
    "hip-flexor-stretch": "hip-flexor-stretch",
    "bird-dog": "bird-dog",
    "glute-bridge-with-hip-extension": "glute-bridge",
}


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, re.S)


def opening(markup: str) -> str:
    return markup[: markup.index(">") + 1]


def test_the_seed_exercises_have_their_drawings():
    assert dict(Exercise.objects.values_list("slug", "drawing")) == SEEDS


@pytest.mark.parametrize("slug", SEEDS)
def test_the_exercise_page_shows_start_and_end_named_by_their_positions(client, slug):
    drawing = figures.DRAWINGS[SEEDS[slug]]

    html = client.get(
        reverse("exercises:exercise-detail", args=[slug])
    ).content.decode()

    section = html[
        html.index('class="figure-poses"') : html.index(
            "</section>", html.index('class="figure-poses"')
        )
    ]
    shown = svgs(section)
    assert len(shown) == len(drawing.poses) >= 2
    for index, markup in enumerate(shown):
        head = opening(markup)
        assert 'role="img"' in head
        label = re.search(r'aria-label="([^"]*)"', head).group(1)
        assert label == figures.pose_text(drawing, index).replace("'", "&#x27;")
        assert "image of" not in label.lower()
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", section)
    assert captions == [
        figures.pose_caption(drawing, i) for i in range(len(drawing.poses))
    ]
    assert "Start, right" in captions[0]
    assert 'href="/static/exercises/css/figures.css"' in html
    assert "style=" not in html


def test_an_exercise_without_a_drawing_shows_no_figure(client):
    exercise = ExerciseFactory(drawing="")

    html = client.get(exercise.get_absolute_url()).content.decode()

    assert "<svg" not in html and "Positions" not in html


def test_a_renamed_exercise_keeps_its_drawing(client):
    Exercise.objects.filter(slug="bird-dog").update(slug="bird-dog-on-all-fours")

    html = client.get(
        reverse("exercises:exercise-detail", args=["bird-dog-on-all-fours"])
    ).content.decode()

    assert "Start: on hands and knees" in html


def card_figures(html: str) -> list[str]:
    return re.findall(
        r'<div class="figure-card(?: is-upright)?">(<svg\b.*?</svg>)</div>', html, re.S
    )


def test_the_list_and_routine_cards_carry_decorative_start_figures(client):
    pages = [
        reverse("exercises:exercise-list"),
        Routine.objects.get(slug="iliopsoas-relief").get_absolute_url(),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        cards = card_figures(html)
        assert len(cards) == 3, page
        for markup in cards:
            head = opening(markup)
            assert 'aria-hidden="true"' in head and 'focusable="false"' in head
            assert "aria-label" not in head and 'role="img"' not in head
            assert "fig-accent" in markup
        # The start pose, and each card still names its exercise in words.
        assert cards[0] == str(
            figures.figure("hip-flexor-stretch", 0, decorative=True).svg
        )
        for title in (
            "Hip Flexor Stretch",
            "Bird Dog",
            "Glute Bridge with Hip Extension",
        ):
            assert f">{title}</a></h3>" in html
        assert "style=" not in html
        assert 'href="/static/exercises/css/figures.css"' in html


@pytest.mark.parametrize("size", [3, 50])
def test_figures_on_the_cards_cost_no_query(client, django_assert_num_queries, size):
    # The counts are the pages' own: the list's exercises and its photos (one
    # prefetch), the routine page's routine, items and photos; a drawing adds none.
    routine = RoutineFactory()
    for exercise in ExerciseFactory.create_batch(
        size, drawing="bird-dog", title="Test q"
    ):
        RoutineItemFactory(routine=routine, exercise=exercise)

    with django_assert_num_queries(2):
        listing = client.get(reverse("exercises:exercise-list"), {"q": "Test q"})
    with django_assert_num_queries(3):
        detail = client.get(routine.get_absolute_url())

    assert len(card_figures(listing.content.decode())) == size
    assert len(card_figures(detail.content.decode())) == size


def test_the_admin_offers_the_drawings(superuser_client):
    exercise = Exercise.objects.get(slug="bird-dog")
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])

    html = superuser_client.get(url).content.decode()

    assert '<select name="drawing"' in html
    assert "Which of the project's drawings shows this exercise" in html
    for key, label in figures.DRAWING_CHOICES:
        assert f'<option value="{key}"' in html and label in html


def test_the_drawing_choices_are_the_migrations_copy():
    migration = importlib.import_module("exercises.migrations.0007_exercise_drawing")
    assert migration.CHOICES == figures.DRAWING_CHOICES
    assert dict(migration.SEED_DRAWINGS) == SEEDS
    assert Exercise._meta.get_field("drawing").choices == figures.DRAWING_CHOICES


def test_the_migration_fills_only_empty_seed_drawings_and_reverses():
    migration = importlib.import_module("exercises.migrations.0007_exercise_drawing")
    Exercise.objects.update(drawing="")
    Exercise.objects.filter(slug="bird-dog").update(drawing="glute-bridge")  # staff's
    other = ExerciseFactory(drawing="")

    migration.forwards(apps, None)

    drawings = dict(Exercise.objects.values_list("slug", "drawing"))
    assert drawings["hip-flexor-stretch"] == "hip-flexor-stretch"
    assert drawings["bird-dog"] == "glute-bridge"
    assert drawings[other.slug] == ""

    migration.backwards(apps, None)

    drawings = dict(Exercise.objects.values_list("slug", "drawing"))
    assert drawings["hip-flexor-stretch"] == ""
    assert drawings["bird-dog"] == "glute-bridge"


def test_the_page_answers_for_every_drawing(client):
    for key in figures.DRAWINGS:
        exercise = ExerciseFactory(drawing=key)
        response = client.get(exercise.get_absolute_url())
        assert response.status_code == HTTPStatus.OK
        assert len(svgs(response.content.decode())) == len(figures.DRAWINGS[key].poses)
