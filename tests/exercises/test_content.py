"""The seed content is in the database, faithfully, after `migrate`."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from exercises import content
from exercises.models import (
    Exercise,
    ExerciseStep,
    GuideSection,
    Routine,
    RoutineItem,
    Tip,
    WarningSign,
)
from exercises.services import seed_content_load

# A copy of shared/seed/iliopsoas-pain-guide.txt, so the tests need nothing
# outside the repository.
SEED = (Path(__file__).parent.parent / "data" / "iliopsoas-pain-guide.txt").read_text()


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


SEED_TEXT = normalize(SEED)


def in_seed(text: str) -> bool:
    return normalize(text) in SEED_TEXT


@pytest.mark.django_db
def test_the_six_tips_are_the_seeds_word_for_word():
    tips = Tip.objects.order_by("category", "order")

    assert [(tip.category, tip.title) for tip in tips] == [
        ("prevention", "Proper Warm-up"),
        ("prevention", "Gradual Progression"),
        ("prevention", "Muscle Balance"),
        ("recovery", "Rest"),
        ("recovery", "Ice and Compression"),
        ("recovery", "Stretching"),
    ]
    for tip in tips.exclude(title="Stretching"):
        assert in_seed(f"{tip.title}: {tip.body}"), tip.title
    # The one change: the seed's last words call the bird dog a stretch, which
    # its own exercise section calls core strengthening (issue 12, case 11).
    stretching = tips.get(title="Stretching").body
    kept, _, changed = stretching.partition(" such as the hip flexor stretch")
    assert in_seed(f"Stretching: {kept} such as the hip flexor stretch and the bird")
    assert changed == ", alongside strengthening exercises such as the bird dog."


@pytest.mark.django_db
def test_the_guide_never_calls_the_bird_dog_a_stretch(client):
    stretch = re.compile(r"bird[ -]dog stretch", re.IGNORECASE)
    assert stretch.search(SEED), "the seed says it; the product does not"
    pages = [
        client.get(
            reverse("exercises:guide-section", args=[section.slug])
        ).content.decode()
        for section in GuideSection.objects.all()
    ]
    texts = [tip.body for tip in Tip.objects.all()] + [
        section.body for section in GuideSection.objects.all()
    ]

    assert [text for text in pages + texts if stretch.search(text)] == []


@pytest.mark.django_db
def test_the_default_routine_is_for_the_default_weekly_target_not_daily(client):
    from journal.models.plan import DEFAULT_WEEKLY_TARGET

    routine = Routine.objects.get(is_default=True)
    url = reverse("exercises:routine-detail", args=[routine.slug])
    page = client.get(url).content.decode()

    assert DEFAULT_WEEKLY_TARGET == 3
    assert "three times a week" in routine.description
    assert "daily" not in routine.description.lower()
    assert "daily" not in page.lower()


@pytest.mark.django_db
@pytest.mark.parametrize("edited", [False, True], ids=["as-seeded", "edited"])
def test_the_wording_migration_replaces_only_seeded_text(edited):
    migration = importlib.import_module(
        "exercises.migrations.0004_wording_bird_dog_and_routine_frequency"
    )
    tip = Tip.objects.get(title="Stretching")
    routine = Routine.objects.get(slug=migration.ROUTINE_SLUG)
    suffix = " (edited by staff)" if edited else ""
    Tip.objects.filter(pk=tip.pk).update(body=migration.TIP_OLD + suffix)
    Routine.objects.filter(pk=routine.pk).update(
        description=migration.ROUTINE_OLD + suffix
    )

    migration.forwards(apps, None)

    tip.refresh_from_db()
    routine.refresh_from_db()
    if edited:
        assert (tip.body, routine.description) == (
            migration.TIP_OLD + suffix,
            migration.ROUTINE_OLD + suffix,
        )
    else:
        assert (tip.body, routine.description) == (
            content.TIPS[-1]["body"],
            content.DEFAULT_ROUTINE["description"],
        )


@pytest.mark.django_db
def test_the_five_warning_signs_are_the_seeds_word_for_word():
    signs = WarningSign.objects.order_by("order")

    assert [sign.title for sign in signs] == [
        "Severe Pain",
        "Numbness or Tingling",
        "Loss of Function",
        "Sudden Onset",
        "Accompanying Symptoms",
    ]
    for sign in signs:
        assert in_seed(f"{sign.title}: {sign.body}"), sign.title
    assert {sign.section.slug for sign in signs} == {"when-to-seek-medical-attention"}


@pytest.mark.django_db
def test_guide_sections_cover_the_seed_in_order():
    sections = list(GuideSection.objects.published())

    assert [section.slug for section in sections] == [
        "introduction",
        "anatomy-and-function",
        "causes",
        "exercises-for-relief",
        "prevention-and-recovery",
        "when-to-seek-medical-attention",
    ]
    for section in sections[1:]:
        for paragraph in section.body.split("\n\n"):
            assert in_seed(paragraph), (section.slug, paragraph[:60])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "kind", "sets", "reps", "hold", "per_side", "progression"),
    [
        (
            "hip-flexor-stretch",
            "stretch",
            (2, 3),
            (None, None),
            (20, 30),
            True,
            "30 seconds",
        ),
        (
            "bird-dog",
            "strengthening",
            (2, 3),
            (10, 15),
            (None, None),
            True,
            "Gradually increase the hold time as you get stronger.",
        ),
        (
            "glute-bridge-with-hip-extension",
            "stabilization",
            (2, 3),
            (10, 15),
            (None, None),
            True,
            "Gradually increase the hold time at the top position as you get stronger.",
        ),
    ],
)
def test_seed_exercises_have_the_seeds_doses(
    slug, kind, sets, reps, hold, per_side, progression
):
    exercise = Exercise.objects.get(slug=slug)

    assert exercise.is_published
    assert exercise.kind == kind
    assert (exercise.sets_min, exercise.sets_max) == sets
    assert (exercise.reps_min, exercise.reps_max) == reps
    assert (exercise.hold_seconds_min, exercise.hold_seconds_max) == hold
    assert exercise.per_side is per_side
    assert progression in exercise.progression


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["bird-dog", "glute-bridge-with-hip-extension"])
def test_bird_dog_and_bridge_steps_are_the_seeds_word_for_word(slug):
    exercise = Exercise.objects.get(slug=slug)
    steps = list(exercise.steps.all())

    assert in_seed(f"Starting Position: {exercise.starting_position}")
    assert [step.order for step in steps] == [1, 2]
    for step in steps:
        assert in_seed(f"{step.title}: {step.text}"), step.title
    seed_dose = "Perform 10-15 repetitions on each side for 2-3 sets"
    assert seed_dose in SEED_TEXT


@pytest.mark.django_db
def test_hip_flexor_stretch_is_a_consistent_half_kneeling_stretch():
    exercise = Exercise.objects.get(slug="hip-flexor-stretch")
    text = normalize(
        " ".join(
            [exercise.starting_position]
            + [step.text for step in exercise.steps.order_by("order")]
        )
    )

    assert "Kneel on one knee" in text
    assert "other foot flat on the floor in front of you" in text
    assert "spine neutral and your core engaged" in text
    assert "gently push your hips forward" in text
    assert "front of the hip and thigh on the kneeling side" in text
    assert "avoid arching your back" in text
    assert "20-30 seconds" in text
    assert "2-3 times on each side" in text
    # The seed's contradiction is gone: no leg both "extended straight back"
    # and lunging forward.
    assert "lunge" not in text.lower()
    assert "extended straight back" not in text


@pytest.mark.django_db
def test_default_routine_has_the_three_exercises_in_order():
    routine = Routine.objects.get(is_default=True)

    assert routine.title == "Iliopsoas relief"
    items = list(routine.items.select_related("exercise"))
    assert [item.exercise.slug for item in items] == [
        "hip-flexor-stretch",
        "bird-dog",
        "glute-bridge-with-hip-extension",
    ]
    assert [item.dose_text for item in items] == [
        "2 sets × 20 s hold each side",
        "2 sets × 10 reps each side",
        "2 sets × 10 reps each side",
    ]
    assert routine.estimated_minutes() == 11


@pytest.mark.django_db
def test_loading_again_adds_nothing_and_keeps_staff_edits():
    step = ExerciseStep.objects.get(exercise__slug="bird-dog", order=1)
    step.text = "Edited by staff."
    step.save()
    Tip.objects.filter(title="Rest").update(body="Staff wording.")
    counts = [
        model.objects.count()
        for model in (Exercise, ExerciseStep, GuideSection, Tip, WarningSign, Routine)
    ]

    added = seed_content_load()

    assert set(added.values()) == {0}
    assert counts == [
        model.objects.count()
        for model in (Exercise, ExerciseStep, GuideSection, Tip, WarningSign, Routine)
    ]
    step.refresh_from_db()
    assert step.text == "Edited by staff."
    assert Tip.objects.get(title="Rest").body == "Staff wording."


@pytest.mark.django_db
def test_loading_restores_a_deleted_seed_exercise_only():
    Routine.objects.all().delete()
    Exercise.objects.filter(slug="bird-dog").delete()

    added = content.load_seed(apps)

    assert added["exercises"] == 1
    assert added["routines"] == 1
    assert Exercise.objects.get(slug="bird-dog").steps.count() == 2
    assert Routine.objects.get().is_default


@pytest.mark.django_db
def test_content_editors_can_manage_content_and_nothing_else():
    group = Group.objects.get(name=content.CONTENT_EDITORS_GROUP)
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))

    exercise_perms = set(
        Permission.objects.filter(content_type__app_label="exercises").values_list(
            "content_type__app_label", "codename"
        )
    )
    assert exercise_perms <= granted
    assert len(exercise_perms) == 28  # 7 models x add, change, delete, view
    assert {app for app, _ in granted} <= {"exercises", "quiz"}


@pytest.mark.parametrize(
    ("dose", "text"),
    [
        (
            {"sets_min": 1, "sets_max": None, "reps_min": 1, "reps_max": None},
            "1 set of 1 rep",
        ),
        (
            {"sets_min": 1, "sets_max": 2, "reps_min": 8, "reps_max": 10},
            "1–2 sets of 8–10 reps",
        ),
        (
            {"sets_min": 1, "sets_max": None, "hold_seconds_min": 1},
            "Hold 1 second, once",
        ),
        (
            {"sets_min": 2, "sets_max": 3, "hold_seconds_min": 20},
            "Hold 20 seconds, 2–3 times",
        ),
    ],
)
def test_dose_text_uses_plurals(dose, text):
    exercise = Exercise(title="Test", **dose)

    assert exercise.dose_text == text


@pytest.mark.parametrize(
    ("reps", "text"), [(1, "1 set × 1 rep"), (2, "1 set × 2 reps")]
)
def test_routine_step_dose_uses_plurals(reps, text):
    item = RoutineItem(sets=1, reps=reps, per_side=False)

    assert item.dose_text == text
