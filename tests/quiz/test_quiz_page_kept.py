"""Issue 20: the quiz page's questions are kept in process memory
(quiz.cache) under the quiz's version (quiz.selectors.quizzes_versioned:
the quiz's, its questions' and their choices' latest change and number), read
with the quiz: any edit shows at once, and the kept questions hold nothing of
the person or the request (no token)."""

import re
from http import HTTPStatus

import pytest

from quiz.models import Choice, Question, Quiz
from tests.journal.kept import main_without_tokens
from tests.quiz.test_taking import make_quiz

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="token" value="([^"]*)"')


def _main(html: str) -> str:
    return TOKEN.sub("", main_without_tokens(html))


def _visit(client, quiz: Quiz) -> str:
    return _main(client.get(quiz.get_absolute_url()).content.decode())


def _fresh(client, quiz: Quiz) -> str:
    from quiz import cache

    cache.forget()
    return _visit(client, quiz)


def _question(quiz: Quiz) -> Question:
    return quiz.questions.order_by("order").first()


def _question_edited(quiz):
    question = _question(quiz)
    question.text = "Edited question 2b7d"
    question.save()


def _choice_edited(quiz):
    choice = _question(quiz).choices.order_by("order").first()
    choice.text = "Edited choice 2b7d"
    choice.save()


def _choice_deleted(quiz):
    _question(quiz).choices.order_by("order").last().delete()


def _question_added(quiz):
    question = Question.objects.create(
        quiz=quiz, order=99, text="Added question 2b7d", explanation="Because."
    )
    Choice.objects.create(question=question, order=1, text="Yes", is_correct=True)
    Choice.objects.create(question=question, order=2, text="No")


def _question_moved_away(quiz):
    other = Quiz.objects.create(title="Other", slug="other-2b7d", is_published=True)
    question = _question(quiz)
    question.quiz = other
    question.save()


def _question_deleted(quiz):
    _question(quiz).delete()


EDITS = {
    "a question edited": _question_edited,
    "a choice edited": _choice_edited,
    "a choice deleted": _choice_deleted,
    "a question added": _question_added,
    "a question moved to another quiz": _question_moved_away,
    "a question deleted": _question_deleted,
}


@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("member", [True, False])
def test_every_edit_shows_at_once(client, user, edit, member):
    if member:
        client.force_login(user)
    quiz = make_quiz(3)
    _visit(client, quiz)
    before = _visit(client, quiz)

    EDITS[edit](quiz)
    after = _visit(client, quiz)

    assert after != before
    assert after == _fresh(client, quiz)


def test_the_kept_questions_hold_nothing_of_the_person(client, user):
    quiz = make_quiz(3)
    visitor = client.get(quiz.get_absolute_url()).content.decode()
    client.force_login(user)
    first = client.get(quiz.get_absolute_url()).content.decode()
    second = client.get(quiz.get_absolute_url()).content.decode()

    tokens = [TOKEN.findall(html) for html in (visitor, first, second)]
    assert all(len(found) == 1 for found in tokens)
    assert len({found[0] for found in tokens}) == 3
    assert _main(first) == _main(second)
    # The questions are the visitor's; the page around them is the member's.
    questions = re.findall(r'<div class="quiz-question">.*?</fieldset>', second, re.S)
    assert questions
    assert questions == re.findall(
        r'<div class="quiz-question">.*?</fieldset>', visitor, re.S
    )
    assert "Log in</a> to keep your results" in visitor
    assert "Log in</a> to keep your results" not in first


def test_a_sent_form_is_drawn_afresh(client, user):
    client.force_login(user)
    quiz = make_quiz(3)
    kept = _visit(client, quiz)
    question = _question(quiz)
    token = TOKEN.search(client.get(quiz.get_absolute_url()).content.decode())[1]

    response = client.post(
        quiz.get_absolute_url(),
        {"token": token, f"q{question.pk}": question.choices.first().pk},
    )
    html = _main(response.content.decode())

    assert response.status_code == HTTPStatus.OK
    assert "2 questions are not answered" in html
    assert " checked" in html
    assert _visit(client, quiz) == kept


def test_a_token_from_a_kept_page_records_one_attempt(client, user):
    client.force_login(user)
    quiz = make_quiz(2)
    client.get(quiz.get_absolute_url())
    html = client.get(quiz.get_absolute_url()).content.decode()
    data = {"token": TOKEN.search(html)[1]}
    for question in quiz.questions.all():
        data[f"q{question.pk}"] = str(question.choices.first().pk)

    first = client.post(quiz.get_absolute_url(), data)
    again = client.post(quiz.get_absolute_url(), data)

    assert first.status_code == again.status_code == HTTPStatus.FOUND
    assert first["Location"] == again["Location"]
    assert user.quiz_attempts.count() == 1


@pytest.mark.parametrize("size", [5, 40])
@pytest.mark.parametrize(("member", "queries"), [(True, 3), (False, 1)])
def test_a_kept_quiz_page_is_read_with_one_query(
    client, user, django_assert_num_queries, size, member, queries
):
    """The quiz with its version and its number of questions (and, for a
    member, the session and the user), whatever the number of questions."""
    if member:
        client.force_login(user)
    quiz = make_quiz(size)
    first = _visit(client, quiz)

    with django_assert_num_queries(queries):
        second = _visit(client, quiz)

    assert second == first
    assert f"{size} questions" in second
