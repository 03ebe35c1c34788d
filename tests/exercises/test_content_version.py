"""The content's version (exercises.ContentVersion, issue 20): the database
writes a new token on every write to a content table, whichever way it is
made, and the pages read it with one row instead of eight tables' state."""

import re

import pytest
from django.apps import apps
from django.db import connection

from exercises import selectors
from exercises.models import (
    ContentVersion,
    Exercise,
    ExerciseStep,
    GuideSection,
    Routine,
    Tip,
)
from tests.db_triggers import triggers_on, version_triggers
from tests.factories import ExerciseFactory, ExerciseStepFactory, RoutineItemFactory

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    model
    for model in apps.get_app_config("exercises").get_models()
    if model is not ContentVersion
]


def token() -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selectors.content_version_sql()}")
        (found,) = cursor.fetchone()
    return found


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model.__name__)
def test_every_content_table_moves_the_version(model):
    """A new content table must join, and a migration that remakes one on
    SQLite must create its triggers again (exercises 0009 shows how)."""
    table = model._meta.db_table
    assert version_triggers("content_version", table) <= triggers_on(table)


def test_the_version_is_a_random_token_read_in_one_row():
    assert re.fullmatch(r"[0-9a-f]{32}", token())
    assert ContentVersion.objects.count() == 1
    assert token() == token()  # reading moves nothing


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda: ExerciseFactory(), id="a new exercise"),
        pytest.param(
            lambda: Routine.objects.update(title="Renamed"), id="a QuerySet.update"
        ),
        pytest.param(
            lambda: Exercise.objects.filter(is_published=True).update(
                is_published=False
            ),
            id="a bulk unpublish",
        ),
        pytest.param(lambda: Tip.objects.all().delete(), id="deleted tips"),
        pytest.param(
            lambda: ExerciseStep.objects.bulk_create(
                [
                    ExerciseStep(
                        exercise=Exercise.objects.first(), order=90 + n, text=t
                    )
                    for n, t in enumerate(("one", "two"))
                ]
            ),
            id="a bulk_create",
        ),
        pytest.param(
            lambda: connection.cursor().execute(
                f"UPDATE {GuideSection._meta.db_table} SET title = title || '.'"
            ),
            id="raw SQL",
        ),
        pytest.param(
            lambda: RoutineItemFactory(
                routine=Routine.objects.first(),
                exercise=Exercise.objects.first(),
                order=99,
            ),
            id="a routine item",
        ),
    ],
)
def test_every_kind_of_write_moves_the_version(write):
    before = token()
    write()
    assert token() != before


def test_a_step_added_without_its_exercise_moves_the_version():
    exercise = ExerciseFactory()
    before = token()
    ExerciseStepFactory(exercise=exercise)
    assert token() != before
