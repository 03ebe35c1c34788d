import uuid
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from exercises.content import CONTENT_EDITORS_GROUP
from quiz.admin import QuestionAdmin
from quiz.models import AttemptAnswer, Choice, Question, Quiz
from tests.exercises.test_admin import formset
from tests.factories import AttemptFactory, UserFactory
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
        "pass_mark_kind": quiz.pass_mark_kind,
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


# Per-question statistics (issue 15) -------------------------------------------


def answered(question: Question, right: int, wrong: int) -> None:
    """Saved attempts, each answering `question` (right or wrong)."""
    correct = question.choices.get(is_correct=True)
    other = question.choices.filter(is_correct=False).first()
    for is_correct in [True] * right + [False] * wrong:
        chosen = correct if is_correct else other
        AttemptAnswer.objects.create(
            attempt=AttemptFactory(quiz=question.quiz),
            order=question.order,
            question=question,
            question_text=question.text,
            chosen=chosen,
            chosen_text=chosen.text,
            correct_text=correct.text,
            is_correct=is_correct,
            explanation=question.explanation,
        )


def share_column(editor_client, quiz: Quiz, order: str = "") -> tuple[list, str]:
    """The question list of one quiz, in the order `o` asks for: (question
    order, answered correctly) per row, and the page."""
    url = reverse("admin:quiz_question_changelist")
    query = {"quiz__id__exact": quiz.pk, **({"o": order} if order else {})}
    response = editor_client.get(url, query)
    changelist = response.context["cl"]
    return [
        (question.order, changelist.model_admin.share_correct(question))
        for question in changelist.result_list
    ], response.content.decode()


def test_one_attempt_shows_no_share(editor_client, quiz):
    taker = Client()
    taker.force_login(UserFactory())
    taker.post(
        quiz.get_absolute_url(),
        {"token": str(uuid.uuid4()), **choice_ids(quiz, "aabda")},
    )

    rows, html = share_column(editor_client, quiz)

    assert [share for _, share in rows] == ["Fewer than 10 attempts"] * 5
    assert "Fewer than 10 attempts" in html
    assert "% of" not in html


def test_ten_attempts_show_the_share_answered_correctly(editor_client, quiz):
    taker = Client()
    taker.force_login(UserFactory())
    for n in range(10):
        letters = ANSWER_KEY if n < 3 else "a" + ANSWER_KEY[1:]  # 3 of 10 right
        taker.post(
            quiz.get_absolute_url(),
            {"token": str(uuid.uuid4()), **choice_ids(quiz, letters)},
        )

    rows, html = share_column(editor_client, quiz)

    assert rows == [
        (1, "30 % of 10 attempts"),
        *[(order, "100 % of 10 attempts") for order in range(2, 6)],
    ]
    assert "30 % of 10 attempts" in html


def test_the_question_list_sorts_by_the_share_not_the_count(editor_client, quiz):
    """By the count of right answers, question 1 (8 of 20) would come after
    question 2 (5 of 10); by the share, 40 % comes before 50 %. Questions
    with too few attempts have no share: last from the lowest share, first
    from the highest (the one order reversed), on either database."""
    q1, q2, q3, q4, _ = quiz.questions.order_by("order")
    answered(q1, right=8, wrong=12)
    answered(q2, right=5, wrong=5)
    answered(q3, right=9, wrong=1)
    answered(q4, right=1, wrong=0)
    column = QuestionAdmin.list_display.index("share_correct") + 1

    ascending, _ = share_column(editor_client, quiz, str(column))
    descending, _ = share_column(editor_client, quiz, f"-{column}")

    assert ascending[:3] == [
        (1, "40 % of 20 attempts"),
        (2, "50 % of 10 attempts"),
        (3, "90 % of 10 attempts"),
    ]
    assert descending[2:] == ascending[2::-1]
    for too_few in (ascending[3:], descending[:2]):
        assert sorted(too_few) == [
            (4, "Fewer than 10 attempts"),
            (5, "Fewer than 10 attempts"),
        ]


# The pass mark (issue 15) -----------------------------------------------------


def test_the_quiz_list_and_page_say_what_the_pass_mark_means(editor_client, quiz):
    changelist = editor_client.get(reverse("admin:quiz_quiz_changelist"))
    change = editor_client.get(reverse("admin:quiz_quiz_change", args=[quiz.pk]))

    assert '<td class="field-pass_mark_words">4 of 5 correct (80 %)</td>' in (
        changelist.content.decode()
    )
    help_text = change.context["adminform"].form.fields["pass_mark"].help_text
    assert (
        "With 5 questions, as saved: pass at 4 of 5 correct (80 %). With one more "
        "question: pass at 5 of 6."
    ) in help_text
    assert "With 5 questions, as saved" in change.content.decode()


def test_an_editor_keeps_the_pass_mark_as_a_number_of_questions(editor_client, quiz):
    response = editor_client.post(
        reverse("admin:quiz_quiz_change", args=[quiz.pk]),
        quiz_form(quiz, pass_mark_kind="questions", pass_mark="4"),
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:quiz_quiz_changelist")
    quiz.refresh_from_db()
    assert (quiz.pass_mark_kind, quiz.pass_mark) == ("questions", 4)
    assert quiz.pass_required(6) == 4
    changelist = editor_client.get(reverse("admin:quiz_quiz_changelist"))
    assert '<td class="field-pass_mark_words">4 of 5 correct</td>' in (
        changelist.content.decode()
    )


@pytest.mark.parametrize(
    ("kind", "mark", "message"),
    [
        (
            "questions",
            "6",
            "The quiz has 5 questions: a published quiz cannot ask for 6 correct "
            "answers.",
        ),
        ("percent", "101", "A percentage pass mark is between 1 and 100."),
        ("percent", "0", "Ensure this value is greater than or equal to 1."),
        ("questions", "0", "Ensure this value is greater than or equal to 1."),
        ("fraction", "4", "Select a valid choice."),
    ],
)
def test_an_impossible_pass_mark_is_refused_next_to_its_field(
    editor_client, quiz, kind, mark, message
):
    response = editor_client.post(
        reverse("admin:quiz_quiz_change", args=[quiz.pk]),
        quiz_form(quiz, pass_mark_kind=kind, pass_mark=mark),
    )

    assert response.status_code == HTTPStatus.OK
    errors = response.context["adminform"].form.errors
    field = "pass_mark_kind" if kind == "fraction" else "pass_mark"
    assert message in " ".join(errors[field])
    assert list(errors) == [field]
    quiz.refresh_from_db()
    assert (quiz.pass_mark_kind, quiz.pass_mark) == ("percent", 80)


def test_an_unpublished_quiz_may_ask_for_more_than_its_questions_so_far(
    editor_client, quiz
):
    data = quiz_form(quiz, pass_mark_kind="questions", pass_mark="8")
    del data["is_published"]

    response = editor_client.post(
        reverse("admin:quiz_quiz_change", args=[quiz.pk]), data
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:quiz_quiz_changelist")
    quiz.refresh_from_db()
    assert (quiz.pass_mark, quiz.is_published) == (8, False)


def test_deleting_questions_below_a_count_pass_mark_is_refused(editor_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(pass_mark_kind="questions", pass_mark=5)
    quiz.refresh_from_db()

    response = editor_client.post(
        reverse("admin:quiz_quiz_change", args=[quiz.pk]),
        quiz_form(quiz, **{"questions-4-DELETE": "on"}),
    )

    assert response.status_code == HTTPStatus.OK
    [questions] = response.context["inline_admin_formsets"]
    assert questions.formset.non_form_errors() == [
        "The pass mark asks for 5 correct answers: a published quiz cannot keep "
        "only 4 questions. Lower the pass mark first, or keep the question."
    ]
    assert quiz.questions.count() == 5


def _count_pass_mark(quiz: Quiz, mark: int) -> None:
    Quiz.objects.filter(pk=quiz.pk).update(pass_mark_kind="questions", pass_mark=mark)
    quiz.refresh_from_db()


def test_a_question_s_own_delete_page_keeps_a_count_pass_mark_reachable(
    editor_client, quiz
):
    """Its own delete page and the bulk action refuse, as the quiz page's rows
    do, a deletion that leaves fewer questions than a count pass mark asks."""
    _count_pass_mark(quiz, 5)
    question = quiz.questions.order_by("order").last()
    change = reverse("admin:quiz_question_change", args=[question.pk])

    asked = editor_client.get(reverse("admin:quiz_question_delete", args=[question.pk]))
    confirmed = editor_client.post(
        reverse("admin:quiz_question_delete", args=[question.pk]),
        {"post": "yes"},
        follow=True,
    )
    bulk = editor_client.post(
        reverse("admin:quiz_question_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [question.pk],
            "post": "yes",
        },
        follow=True,
    )

    assert asked.status_code == HTTPStatus.FOUND
    assert asked["Location"] == change
    for response in (confirmed, bulk):
        text = response.content.decode()
        assert "asks for 5 correct answers to pass" in text
        assert "cannot keep only 4 questions" in text
    assert quiz.questions.count() == 5


def test_a_question_above_a_count_pass_mark_can_still_be_deleted(editor_client, quiz):
    _count_pass_mark(quiz, 4)
    question = quiz.questions.order_by("order").last()

    response = editor_client.post(
        reverse("admin:quiz_question_delete", args=[question.pk]), {"post": "yes"}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:quiz_question_changelist")
    assert quiz.questions.count() == 4


def test_a_question_added_on_its_own_page_without_a_number_goes_to_the_end(
    editor_client, quiz
):
    last = quiz.questions.order_by("order").last()
    data = {
        "quiz": str(quiz.pk),
        "order": "",
        "text": "Is rest alone always enough?",
        "kind": "true_false",
        "explanation": "Gentle movement helps most people.",
        "guide_section": "",
    }
    data.update(
        formset(
            "choices",
            [
                {"order": "", "text": "True", "is_correct": ""},
                {"order": "", "text": "False", "is_correct": "on"},
            ],
        )
    )

    response = editor_client.post(reverse("admin:quiz_question_add"), data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:quiz_question_changelist")
    added = quiz.questions.get(text="Is rest alone always enough?")
    assert added.order == last.order + 1
    assert list(added.choices.values_list("text", "order")) == [
        ("True", 1),
        ("False", 2),
    ]
