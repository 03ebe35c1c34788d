import uuid
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from exercises.content import CONTENT_EDITORS_GROUP
from quiz.models import Choice, Question, Quiz
from tests.exercises.test_admin import formset
from tests.factories import UserFactory
from tests.quiz.conftest import ANSWER_KEY, choice_ids

pytestmark = pytest.mark.django_db


def question_form(question: Question, choices: list[dict], **overrides) -> dict:
    data = {
        "quiz": str(question.quiz_id),
        "order": str(question.order),
        "text": question.text,
        "kind": question.kind,
        "explanation": question.explanation,
        "guide_section": str(question.guide_section_id or ""),
        **overrides,
    }
    existing = list(question.choices.order_by("order"))
    rows = []
    for index, row in enumerate(choices):
        if index < len(existing):
            row = {"id": str(existing[index].pk), "question": str(question.pk), **row}
        rows.append(row)
    data.update(formset("choices", rows, initial=min(len(existing), len(rows))))
    return data


def test_content_editors_manage_quizzes_but_not_attempts():
    group = Group.objects.get(name=CONTENT_EDITORS_GROUP)
    quiz_perms = set(
        group.permissions.filter(content_type__app_label="quiz").values_list(
            "content_type__model", flat=True
        )
    )

    assert quiz_perms == {"quiz", "question", "choice"}
    assert Permission.objects.filter(content_type__model="attempt").exists()


def test_content_editor_fixes_a_choice_and_the_quiz_shows_it(editor_client, client):
    question = Question.objects.get(quiz__slug="iliopsoas-pain", order=1)
    rows = [
        {"order": "1", "text": "Overuse of the hip", "is_correct": ""},
        {"order": "2", "text": "Muscle weakness"},
        {"order": "3", "text": "Direct injuries"},
        {"order": "4", "text": "All of the above", "is_correct": "on"},
    ]

    response = editor_client.post(
        reverse("admin:quiz_question_change", args=[question.pk]),
        question_form(question, rows),
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:quiz_question_changelist")
    html = client.get(question.quiz.get_absolute_url()).content.decode()
    assert "Overuse of the hip" in html


@pytest.mark.parametrize(
    ("kind", "rows", "message"),
    [
        (
            "single",
            [
                {"order": "1", "text": "A", "is_correct": "on"},
                {"order": "2", "text": "B", "is_correct": "on"},
            ],
            "exactly one choice as correct (now 2)",
        ),
        (
            "single",
            [{"order": "1", "text": "A"}, {"order": "2", "text": "B"}],
            "exactly one choice as correct (now 0)",
        ),
        (
            "true_false",
            [
                {"order": "1", "text": "True", "is_correct": "on"},
                {"order": "2", "text": "Maybe"},
            ],
            "exactly two choices: True and False",
        ),
        (
            "true_false",
            [
                {"order": "1", "text": "True", "is_correct": "on"},
                {"order": "2", "text": "False"},
                {"order": "3", "text": "False"},
            ],
            "exactly two choices: True and False",
        ),
        (
            "true_false",
            [{"order": "1", "text": "True"}, {"order": "2", "text": "False"}],
            "exactly one choice as correct (now 0)",
        ),
    ],
)
def test_invalid_choices_are_refused_with_a_clear_error_and_nothing_saved(
    editor_client, kind, rows, message
):
    question = Question.objects.get(quiz__slug="iliopsoas-pain", order=2)
    before = list(question.choices.values_list("text", "is_correct"))

    response = editor_client.post(
        reverse("admin:quiz_question_change", args=[question.pk]),
        question_form(question, rows, kind=kind, text="Changed?"),
    )

    assert response.status_code == HTTPStatus.OK
    formset_ = response.context["inline_admin_formsets"][0].formset
    assert message in " ".join(formset_.non_form_errors())
    question.refresh_from_db()
    assert question.text != "Changed?"
    assert list(question.choices.values_list("text", "is_correct")) == before


def quiz_form(quiz: Quiz, **overrides) -> dict:
    questions = list(quiz.questions.order_by("order"))
    data = {
        "title": quiz.title,
        "slug": quiz.slug,
        "introduction": quiz.introduction,
        "pass_mark": str(quiz.pass_mark),
        "order": str(quiz.order),
        "is_published": "on",
        **formset(
            "questions",
            [
                {
                    "id": str(q.pk),
                    "quiz": str(quiz.pk),
                    "order": str(q.order),
                    "text": q.text,
                    "kind": q.kind,
                    "explanation": q.explanation,
                    "guide_section": str(q.guide_section_id or ""),
                }
                for q in questions
            ],
            initial=len(questions),
        ),
    }
    data.update(overrides)
    return data


def test_a_quiz_with_an_invalid_question_cannot_be_published(editor_client, quiz):
    quiz.is_published = False
    quiz.save()
    Choice.objects.filter(question__quiz=quiz, question__order=3).update(
        is_correct=True
    )

    response = editor_client.post(
        reverse("admin:quiz_quiz_change", args=[quiz.pk]), quiz_form(quiz)
    )

    assert response.status_code == HTTPStatus.OK
    errors = response.context["adminform"].form.errors["is_published"]
    assert "cannot be published" in " ".join(errors)
    assert "Question 3: Mark exactly one choice as correct (now 4)." in errors
    quiz.refresh_from_db()
    assert not quiz.is_published


def test_a_new_question_without_choices_blocks_publishing(editor_client, quiz):
    data = quiz_form(quiz)
    data["questions-TOTAL_FORMS"] = "6"
    data.update(
        {
            "questions-5-order": "6",
            "questions-5-text": "New?",
            "questions-5-kind": "single",
            "questions-5-explanation": "Why.",
        }
    )

    response = editor_client.post(
        reverse("admin:quiz_quiz_change", args=[quiz.pk]), data
    )

    assert response.status_code == HTTPStatus.OK
    [questions] = response.context["inline_admin_formsets"]
    assert questions.formset.non_form_errors() == [
        "A new question has no choices yet: save the quiz unpublished, add the "
        "question's choices, then publish it."
    ]
    assert not Question.objects.filter(text="New?").exists()


def test_question_list_shows_the_share_answered_correctly(editor_client, quiz):
    taker = Client()
    taker.force_login(UserFactory())
    for letters in (ANSWER_KEY, "aabda", "babda", "cabda"):
        taker.post(
            quiz.get_absolute_url(),
            {"token": str(uuid.uuid4()), **choice_ids(quiz, letters)},
        )

    html = editor_client.get(reverse("admin:quiz_question_changelist")).content.decode()

    assert "25 % of 4 attempts" in html  # question 1: one right in four
    assert "100 % of 4 attempts" in html
