"""Issue 15, case 4: an editor reorders an exercise's steps with the keyboard alone
("Move step 4 up" in the admin), saves, and the public page shows the new order."""

from importlib import import_module

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from exercises.content import CONTENT_EDITORS_GROUP
from exercises.models import Exercise, ExerciseStep
from tests.factories import UserFactory

from .conftest import log_in
from .test_content_editor import GROUP_MIGRATIONS

FOURTH = "Breathe out and let the stretch ease off before you stand."

# The focused element's name as a screen reader reads it: its text without the
# parts hidden from assistive technology (the arrows), or an input's value.
FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el) return "";
  const copy = el.cloneNode(true);
  copy.querySelectorAll("[aria-hidden=true]").forEach((node) => node.remove());
  return (el.getAttribute("aria-label") || copy.textContent || el.value || "")
    .replace(/\\s+/g, " ").trim();
}
"""


@pytest.fixture
def editor(content):
    """Staff in the Content editors group (see test_content_editor.editor)."""
    state_apps = MigrationLoader(connection).project_state().apps
    for name in GROUP_MIGRATIONS:
        import_module(name).grant(state_apps, None)
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS_GROUP))
    return user


def tab_to(page, name: str, limit: int = 300) -> None:
    """Press Tab until the focused element is called `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_an_editor_moves_step_4_up_by_keyboard_and_the_site_shows_it(web, editor):
    exercise = Exercise.objects.get(slug="hip-flexor-stretch")
    ExerciseStep.objects.create(exercise=exercise, order=4, title="", text=FOURTH)
    third = exercise.steps.get(order=3)
    page = web.page
    log_in(web, editor)

    web.goto(reverse("admin:exercises_exercise_change", args=[exercise.pk]))
    tab_to(page, "Move step 4 Up")
    page.keyboard.press("Enter")

    # The row moved, its number and the others' were renumbered, focus stayed
    # on the pressed button (now named after the row's new place), and the
    # live region said where the row went.
    assert page.evaluate(FOCUSED) == "Move step 3 Up"
    steps = page.get_by_role("group", name="Exercise steps")
    texts = steps.get_by_role("textbox", name="Text")
    assert texts.nth(2).input_value() == FOURTH
    assert texts.nth(3).input_value() == third.text
    orders = steps.get_by_role("spinbutton", name="Order")
    # The blank row for a new step is numbered too, and its number is emptied
    # again when the form is sent (so it is not taken for a new step).
    assert [orders.nth(i).input_value() for i in range(5)] == ["1", "2", "3", "4", "5"]
    status = steps.get_by_role("status")
    assert "now step 3 of 5" in status.inner_text()
    web.check()

    tab_to(page, "Save and continue editing")
    web.press("Enter")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assert list(exercise.steps.values_list("text", flat=True))[2:] == [
        FOURTH,
        third.text,
    ]

    web.goto(reverse("exercises:exercise-detail", args=[exercise.slug]))
    public = page.get_by_role("region", name="Steps").get_by_role("listitem")
    assert FOURTH in public.nth(2).inner_text()
    assert third.text in public.nth(3).inner_text()


def test_the_first_step_cannot_move_up_and_says_so(web, editor):
    exercise = Exercise.objects.get(slug="hip-flexor-stretch")
    page = web.page
    log_in(web, editor)
    web.goto(reverse("admin:exercises_exercise_change", args=[exercise.pk]))

    tab_to(page, "Move step 1 Up")
    page.keyboard.press("Space")

    steps = page.get_by_role("group", name="Exercise steps")
    assert "Step 1 is already first" in steps.get_by_role("status").inner_text()
    assert page.evaluate(FOCUSED) == "Move step 1 Up"
    first = exercise.steps.get(order=1)
    texts = steps.get_by_role("textbox", name="Text")
    assert texts.first.input_value() == first.text
