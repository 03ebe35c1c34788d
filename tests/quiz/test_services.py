"""attempt_submit grades the answers itself, inside its transaction: whatever a
caller hands it, the score comes from the quiz in the database."""

import inspect
import uuid
from inspect import Parameter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quiz import selectors, services
from quiz.models import Attempt, AttemptAnswer, Choice, Question, Quiz
from tests.quiz.conftest import ANSWER_KEY

pytestmark = pytest.mark.django_db


def answers_for(quiz: Quiz, letters: str) -> dict[int, int]:
    """Question id to the id of the choice at a letter, '-' for none."""
    answers = {}
    for question, letter in zip(quiz.questions.order_by("order"), letters, strict=True):
        if letter != "-":
            choice = question.choices.order_by("order")[ord(letter) - ord("a")]
            answers[question.pk] = choice.pk
    return answers


def other_quiz() -> Quiz:
    quiz = Quiz.objects.create(title="Other", slug="other", is_published=True)
    question = Question.objects.create(quiz=quiz, order=1, text="?", explanation="-")
    Choice.objects.create(question=question, order=1, text="yes", is_correct=True)
    Choice.objects.create(question=question, order=2, text="no", is_correct=False)
    return quiz


def submit(user, quiz, answers, token=None, *, preloaded=False) -> Attempt:
    """`preloaded`: hand in the questions as the view does (read by the quiz's
    selector for the form), which the service grades against."""
    return services.attempt_submit(
        user=user,
        quiz=quiz,
        answers=answers,
        token=token or uuid.uuid4(),
        questions=selectors.quiz_questions(quiz) if preloaded else None,
    )


@pytest.mark.parametrize("preloaded", [False, True])
def test_the_score_comes_from_the_answers_and_the_quiz(user, quiz, preloaded):
    attempt = submit(user, quiz, answers_for(quiz, "dabdb"), preloaded=preloaded)

    attempt.refresh_from_db()
    assert (attempt.score, attempt.total, attempt.percent, attempt.passed) == (
        4,
        5,
        80,
        True,
    )
    assert [a.is_correct for a in attempt.answers.all()] == [1, 1, 1, 1, 0]
    assert attempt.quiz_title == quiz.title and attempt.pass_mark == quiz.pass_mark


def test_a_grade_made_elsewhere_cannot_be_handed_in(user, quiz):
    """The view used to grade and hand a Grade in, which was saved as given:
    the service now takes only the answers, and grading is its own."""
    params = inspect.signature(services.attempt_submit).parameters

    assert list(params) == ["user", "quiz", "answers", "token", "questions"]
    assert {param.kind for param in params.values()} == {Parameter.KEYWORD_ONLY}
    assert not hasattr(services, "attempt_grade")
    with pytest.raises(TypeError):
        services.attempt_submit(
            user=user, quiz=quiz, answers={}, grade=object(), token=uuid.uuid4()
        )
    assert not Attempt.objects.exists()


@pytest.mark.parametrize("preloaded", [False, True])
@pytest.mark.parametrize("foreign", ["another-question", "another-quiz", "unknown"])
def test_a_choice_that_is_not_the_questions_own_counts_as_unanswered(
    user, quiz, foreign, preloaded
):
    """Each question gets the right choice of another question (or quiz, or
    an id that names no choice): none of them scores."""
    questions = list(quiz.questions.order_by("order"))
    right = {q.pk: q.choices.get(is_correct=True).pk for q in questions}
    theirs = Choice.objects.get(question__quiz=other_quiz(), is_correct=True).pk
    elsewhere = {
        "another-question": lambda i: right[questions[(i + 1) % len(questions)].pk],
        "another-quiz": lambda i: theirs,
        "unknown": lambda i: 10**9 + i,
    }[foreign]

    answers = {q.pk: elsewhere(i) for i, q in enumerate(questions)}
    attempt = submit(user, quiz, answers, preloaded=preloaded)

    attempt.refresh_from_db()
    assert (attempt.score, attempt.total, attempt.passed) == (0, 5, False)
    saved = list(attempt.answers.all())
    assert [a.chosen_id for a in saved] == [None] * 5
    assert not any(a.answered for a in saved)


def test_answers_to_another_quizs_questions_are_ignored(user, quiz):
    stranger = other_quiz().questions.get()
    answers = {
        **answers_for(quiz, "d----"),
        stranger.pk: stranger.choices.get(is_correct=True).pk,
    }

    attempt = submit(user, quiz, answers)

    attempt.refresh_from_db()
    assert (attempt.score, attempt.total) == (1, 5)
    assert attempt.answers.count() == 5
    assert not AttemptAnswer.objects.filter(question=stranger).exists()


def test_a_visitors_attempt_is_graded_and_returned_unsaved(quiz):
    attempt = services.attempt_submit(
        user=None, quiz=quiz, answers=answers_for(quiz, "dab--")
    )

    assert attempt.pk is None
    assert (attempt.score, attempt.total, attempt.percent, attempt.passed) == (
        3,
        5,
        60,
        False,
    )
    assert [a.pk for a in attempt.graded_answers] == [None] * 5
    assert [a.answered for a in attempt.graded_answers] == [1, 1, 1, 0, 0]
    assert [a.order for a in attempt.graded_answers] == [1, 2, 3, 4, 5]
    assert not Attempt.objects.exists()
    assert not AttemptAnswer.objects.exists()


def test_the_same_token_returns_the_attempt_already_saved(user, quiz):
    token = uuid.uuid4()

    first = submit(user, quiz, answers_for(quiz, ANSWER_KEY), token)
    again = submit(user, quiz, answers_for(quiz, "abaab"), token)

    assert again.pk == first.pk
    assert Attempt.objects.get().score == 5
    assert AttemptAnswer.objects.count() == 5


def test_the_quiz_is_read_inside_the_transaction_that_saves_the_attempt(user, quiz):
    """The answer key the score comes from is read in the same transaction as
    the attempt is written (a savepoint here, inside the test's own)."""
    answers = answers_for(quiz, ANSWER_KEY)

    with CaptureQueriesContext(connection) as captured:
        submit(user, quiz, answers)

    sql = [query["sql"] for query in captured.captured_queries]
    start = next(i for i, q in enumerate(sql) if q.startswith("SAVEPOINT"))
    end = next(i for i, q in enumerate(sql) if q.startswith("RELEASE SAVEPOINT"))
    reads = [i for i, q in enumerate(sql) if '"quiz_choice"' in q and "SELECT" in q]
    writes = [i for i, q in enumerate(sql) if q.startswith("INSERT")]
    assert reads and writes
    assert start < min(reads) and max(reads) < min(writes) and max(writes) < end
