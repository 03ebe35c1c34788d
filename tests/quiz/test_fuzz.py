"""Property-based bad input to the quiz form, through the test client: never a
5xx; a logged-in user's attempt is saved only on a success redirect, and then
graded right; a visitor's attempt is never saved.

Each test loads the quiz once, then calls an inner Hypothesis function whose
every example runs in a savepoint that is rolled back (`rolled_back`): no
example sees another's rows."""

from http import HTTPStatus

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from quiz.models import Attempt, AttemptAnswer
from quiz.selectors import quiz_questions
from tests.fuzz import (
    FUZZ,
    assert_errors_shown,
    assert_no_server_error,
    is_success_redirect,
    optional,
    post,
    rolled_back,
    submissions,
)

pytestmark = pytest.mark.django_db


def _fields(questions) -> dict:
    """Valid values: any answers left out are confirmed, by the button that
    the form offers once it has come back with them (issue 15)."""
    return {
        "token": st.uuids().map(str),
        "confirm_unanswered": st.integers(len(questions), 10_000).map(str),
        **{
            f"q{question.pk}": optional(
                st.sampled_from([choice.pk for choice in question.choices.all()]).map(
                    str
                )
            )
            for question in questions
        },
    }


def test_quiz_form_saves_only_valid_graded_attempts(user_client, user, quiz):
    questions = quiz_questions(quiz)
    choices = {
        question.pk: {choice.pk: choice for choice in question.choices.all()}
        for question in questions
    }
    url = quiz.get_absolute_url()

    @FUZZ
    @given(submission=submissions(_fields(questions)))
    def check(submission):
        with rolled_back():
            response = post(user_client, url, submission.data)

            attempts = list(Attempt.objects.filter(user=user))
            if not is_success_redirect(response):
                assert not submission.valid, response.context["form"].errors
                assert_errors_shown(response)
                assert attempts == []
                assert not AttemptAnswer.objects.exists()
                return
            assert len(attempts) == 1
            attempt = attempts[0]
            assert response["Location"] == attempt.get_absolute_url()
            attempt.full_clean()
            answers = list(attempt.answers.order_by("order"))
            for answer in answers:
                answer.full_clean()
            assert [answer.question_id for answer in answers] == [
                question.pk for question in questions
            ]
            for answer in answers:
                mine = choices[answer.question_id]
                assert answer.chosen_id is None or answer.chosen_id in mine
                assert answer.is_correct == (
                    answer.chosen_id is not None and mine[answer.chosen_id].is_correct
                )
            assert attempt.total == len(questions)
            assert attempt.score == sum(answer.is_correct for answer in answers)
            assert attempt.percent == round(100 * attempt.score / attempt.total)
            assert attempt.pass_required == quiz.pass_required(attempt.total)
            assert attempt.passed == (attempt.score >= attempt.pass_required)
            unanswered = sum(answer.chosen_id is None for answer in answers)
            if unanswered:
                sent = submission.data["confirm_unanswered"]
                sent = sent[-1] if isinstance(sent, list) else sent
                assert forms.IntegerField().clean(sent) >= unanswered
            if submission.valid:
                assert str(attempt.token) == submission.data["token"]
                assert {answer.question_id: answer.chosen_id for answer in answers} == {
                    question.pk: (
                        int(submission.data[f"q{question.pk}"])
                        if f"q{question.pk}" in submission.data
                        else None
                    )
                    for question in questions
                }

    check()


def test_quiz_form_never_saves_a_visitors_attempt(client, quiz):
    questions = quiz_questions(quiz)
    url = quiz.get_absolute_url()

    @FUZZ
    @given(submission=submissions(_fields(questions)))
    def check(submission):
        with rolled_back():
            response = post(client, url, submission.data)

            assert_no_server_error(response)
            assert not Attempt.objects.exists()
            if response.context and "result" in response.context:
                # Graded on the page: every question, answered or not.
                assert response.status_code == HTTPStatus.OK
                assert response.context["result"].total == len(questions)
            else:
                assert not submission.valid, response.context["form"].errors
                assert_errors_shown(response)

    check()


@pytest.mark.parametrize("field", ["token", "answer"])
def test_a_nul_byte_in_any_field_is_a_form_error(user_client, quiz, field):
    """PostgreSQL refuses NUL in text: it must never get that far."""
    question = quiz_questions(quiz)[0]
    choice = question.choices.first()
    data = {
        "token": "0f0b7a4e-3c8e-4d4b-9a43-0d6f5b1d2c11",
        f"q{question.pk}": choice.pk,
    }
    name = "token" if field == "token" else f"q{question.pk}"
    data[name] = f"{data[name]}\x00"

    response = post(user_client, quiz.get_absolute_url(), data)

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors[name]
    assert_errors_shown(response)
    assert not Attempt.objects.exists()
