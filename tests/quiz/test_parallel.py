"""Twenty submissions of one quiz form (one token) at once, over real HTTP
against `live_server`: one saved attempt, and every request answered with the
redirect to it."""

import re
from http import HTTPStatus

import pytest

from quiz.models import Attempt, AttemptAnswer, Quiz
from quiz.services import seed_quiz_load
from tests.factories import UserFactory
from tests.parallel import Browser
from tests.quiz.conftest import ANSWER_KEY, choice_ids

PARALLEL = 20

TOKEN_FIELD = re.compile(r'name="token" value="([^"]+)"')


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_submissions_of_one_quiz_form_save_one_attempt(live_server):
    seed_quiz_load()  # a transactional test empties the database after it
    quiz = Quiz.objects.get(slug="iliopsoas-pain")
    user = UserFactory()
    browser = Browser(live_server.url, user)
    html = browser.get_form(quiz.get_absolute_url())
    token = TOKEN_FIELD.search(html).group(1)

    answers = browser.post_together(
        quiz.get_absolute_url(),
        {"token": token, **choice_ids(quiz, ANSWER_KEY)},
        PARALLEL,
    )

    attempts = list(Attempt.objects.filter(user=user))
    assert len(attempts) == 1
    attempt = attempts[0]
    assert (str(attempt.token), attempt.score, attempt.total) == (token, 5, 5)
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 5
    assert [answer.status for answer in answers] == [HTTPStatus.FOUND] * PARALLEL
    assert {answer.location for answer in answers} == {attempt.get_absolute_url()}
