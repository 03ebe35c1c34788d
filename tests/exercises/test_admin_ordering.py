"""Issue 15, case 4: reordering in the admin's inlines (core/admin_ordering.py).

Every test posts the change page back the way a browser would (all its fields,
as shown) with only the order numbers edited, so it goes through the admin's own
forms, formsets and save."""

from http import HTTPStatus

import pytest
from django.db import IntegrityError, transaction
from django.forms import CheckboxInput
from django.urls import reverse

from exercises.models import (
    Exercise,
    ExerciseStep,
    GuideSection,
    Routine,
    RoutineItem,
    Tip,
    WarningSign,
)
from quiz.models import Choice, Question, Quiz

pytestmark = pytest.mark.django_db

# (the admin whose change page holds the inline, its parent from the seed
# content, the ordered model, the two rows swapped: positions among the parent's
# rows, in the same group).
ORDERED = [
    pytest.param(
        "exercises_exercise",
        lambda: Exercise.objects.get(slug="hip-flexor-stretch"),
        ExerciseStep,
        id="exercise-steps",
    ),
    pytest.param(
        "exercises_routine",
        lambda: Routine.objects.get(is_default=True),
        RoutineItem,
        id="routine-items",
    ),
    pytest.param(
        "exercises_guidesection",
        lambda: GuideSection.objects.get(slug="prevention-and-recovery"),
        Tip,
        id="tips",
    ),
    pytest.param(
        "exercises_guidesection",
        lambda: GuideSection.objects.get(slug="when-to-seek-medical-attention"),
        WarningSign,
        id="warning-signs",
    ),
    pytest.param(
        "quiz_quiz",
        lambda: Quiz.objects.order_by("pk").first(),
        Question,
        id="questions",
    ),
    pytest.param(
        "quiz_question",
        lambda: Quiz.objects.order_by("pk").first().questions.first(),
        Choice,
        id="choices",
    ),
]
# What each model's order number is unique within, besides the parent.
GROUPS = {Tip: ("category",)}
# How the move buttons name a row: "Move step 2 up".
NOUNS = {
    ExerciseStep: "step",
    RoutineItem: "item",
    Tip: "tip",
    WarningSign: "warning sign",
    Question: "question",
    Choice: "choice",
}


def page_data(response) -> dict:
    """What a browser sends back when the change page is saved as shown."""
    data: dict = {}

    def add(form) -> None:
        for field in form:
            value = field.value()
            if isinstance(field.field.widget, CheckboxInput):
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            else:
                data[field.html_name] = "" if value is None else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def opened(client, admin: str, parent):
    url = reverse(f"admin:{admin}_change", args=[parent.pk])
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return url, page_data(response), response


def formset_of(response, model):
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is model
    ]
    return formset


def saved(response) -> None:
    assert response.status_code == HTTPStatus.FOUND, [
        (inline.formset.non_form_errors(), inline.formset.errors)
        for inline in response.context["inline_admin_formsets"]
    ] + [response.context["adminform"].form.errors]


def orders(model, parent_field: str, parent) -> dict[int, int]:
    return dict(
        model.objects.filter(**{parent_field: parent}).values_list("pk", "order")
    )


@pytest.mark.parametrize(("admin", "parent_of", "model"), ORDERED)
def test_two_rows_swap_their_order_numbers(editor_client, admin, parent_of, model):
    parent = parent_of()
    url, data, response = opened(editor_client, admin, parent)
    formset = formset_of(response, model)
    first, second = formset.initial_forms[:2]
    assert first.instance.order != second.instance.order
    data[first["order"].html_name] = str(second.instance.order)
    data[second["order"].html_name] = str(first.instance.order)

    saved(editor_client.post(url, data))

    now = orders(model, formset.fk.name, parent)
    assert now[first.instance.pk] == second.instance.order
    assert now[second.instance.pk] == first.instance.order
    places = list(
        model.objects.filter(**{formset.fk.name: parent}).values_list(
            *GROUPS.get(model, ()), "order"
        )
    )
    assert len(set(places)) == len(places)


@pytest.mark.parametrize(("admin", "parent_of", "model"), ORDERED)
def test_every_row_moves_down_one_place_and_the_last_comes_first(
    editor_client, admin, parent_of, model
):
    """A rotation: each row's new number is the number another row had."""
    parent = parent_of()
    url, data, response = opened(editor_client, admin, parent)
    formset = formset_of(response, model)
    first = formset.initial_forms[0]
    group = [
        form
        for form in formset.initial_forms
        if all(
            form.initial[name] == first.initial[name] for name in GROUPS.get(model, ())
        )
    ]
    assert len(group) >= 3
    numbers = [form.instance.order for form in group]
    for form, number in zip(group, numbers[1:] + numbers[:1], strict=True):
        data[form["order"].html_name] = str(number)

    saved(editor_client.post(url, data))

    now = orders(model, formset.fk.name, parent)
    assert [now[form.instance.pk] for form in group] == numbers[1:] + numbers[:1]


def step_row(data: dict, index: int, exercise, text: str) -> None:
    data.update(
        {
            f"steps-{index}-exercise": str(exercise.pk),
            f"steps-{index}-order": "",
            f"steps-{index}-title": "",
            f"steps-{index}-text": text,
        }
    )


def test_new_steps_without_a_number_go_to_the_end(editor_client):
    exercise = Exercise.objects.get(slug="hip-flexor-stretch")
    url, data, response = opened(editor_client, "exercises_exercise", exercise)
    count = exercise.steps.count()
    # The page's blank row shows no number, and a second row is added.
    formset = formset_of(response, ExerciseStep)
    assert formset.extra_forms[0]["order"].value() in {None, ""}
    step_row(data, count, exercise, "Breathe out slowly.")
    step_row(data, count + 1, exercise, "Rest for a moment.")
    data["steps-TOTAL_FORMS"] = str(count + 2)

    saved(editor_client.post(url, data))

    steps = list(exercise.steps.values_list("order", "text"))
    assert steps[-2:] == [
        (count + 1, "Breathe out slowly."),
        (count + 2, "Rest for a moment."),
    ]


def test_a_new_tip_without_a_number_goes_to_the_end_of_its_category(editor_client):
    section = GuideSection.objects.get(slug="prevention-and-recovery")
    url, data, response = opened(editor_client, "exercises_guidesection", section)
    total = section.tips.count()
    last_prevention = max(
        section.tips.filter(category=Tip.Category.PREVENTION).values_list(
            "order", flat=True
        )
    )
    data.update(
        {
            f"tips-{total}-section": str(section.pk),
            f"tips-{total}-category": Tip.Category.PREVENTION,
            f"tips-{total}-order": "",
            f"tips-{total}-title": "Sleep",
            f"tips-{total}-body": "Sleep well; muscles recover at rest.",
        }
    )
    data["tips-TOTAL_FORMS"] = str(total + 1)

    saved(editor_client.post(url, data))

    tip = section.tips.get(title="Sleep")
    assert (tip.category, tip.order) == (Tip.Category.PREVENTION, last_prevention + 1)


def test_a_swap_a_deletion_and_a_new_row_in_one_save(editor_client):
    """Step 1 deleted, step 3 takes number 1 (the deleted row's), step 2 keeps
    its number, and a new step without a number goes to the end."""
    exercise = Exercise.objects.get(slug="hip-flexor-stretch")
    one, two, three = exercise.steps.order_by("order")

    url, data, response = opened(editor_client, "exercises_exercise", exercise)
    forms = {form.instance.pk: form for form in formset_of(response, ExerciseStep)}
    data[forms[one.pk]["DELETE"].html_name] = "on"
    data[forms[three.pk]["order"].html_name] = "1"
    count = exercise.steps.count()
    step_row(data, count, exercise, "Stand up slowly.")
    data["steps-TOTAL_FORMS"] = str(count + 1)

    saved(editor_client.post(url, data))

    new = exercise.steps.get(text="Stand up slowly.")
    assert list(exercise.steps.values_list("pk", "order")) == [
        (three.pk, 1),
        (two.pk, 2),
        (new.pk, 3),
    ]
    assert not ExerciseStep.objects.filter(pk=one.pk).exists()


@pytest.mark.parametrize(("admin", "parent_of", "model"), ORDERED)
def test_a_real_duplicate_is_refused_next_to_the_numbers_and_nothing_is_stored(
    editor_client, admin, parent_of, model
):
    parent = parent_of()
    url, data, response = opened(editor_client, admin, parent)
    formset = formset_of(response, model)
    first, second = formset.initial_forms[:2]
    before = orders(model, formset.fk.name, parent)
    data[second["order"].html_name] = str(first.instance.order)
    # Another change on the page, which must not be stored either.
    data[first["order"].html_name] = str(first.instance.order)

    response = editor_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    refused = formset_of(response, model)
    for index in (0, 1):
        (message,) = refused.forms[index].errors["order"]
        assert f"also has number {first.instance.order}" in message
        assert "Give each" in message
    assert "also has number" in response.content.decode()
    assert orders(model, formset.fk.name, parent) == before


def test_the_database_still_refuses_two_steps_with_one_number():
    exercise = Exercise.objects.get(slug="hip-flexor-stretch")
    taken = exercise.steps.first().order
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseStep.objects.create(exercise=exercise, order=taken, text="Again.")


@pytest.mark.parametrize(("admin", "parent_of", "model"), ORDERED)
def test_the_rows_have_move_buttons_named_after_their_place(
    editor_client, admin, parent_of, model
):
    parent = parent_of()
    response = editor_client.get(reverse(f"admin:{admin}_change", args=[parent.pk]))
    page = response.content.decode()
    noun = NOUNS[model]
    assert f"Move {noun} 2 </span>" in page
    assert 'data-order-move="up"' in page
    assert 'data-order-move="down"' in page
    assert "psoasapp/js/admin-ordering.js" in page
