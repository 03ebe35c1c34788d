import datetime
import re
import threading
import uuid
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from quiz.models import Attempt, Choice, Question, Quiz
from tests.factories import UserFactory
from tests.html import assert_accessible_page
from tests.quiz.conftest import ANSWER_KEY, choice_ids

pytestmark = pytest.mark.django_db


def take(client, quiz, letters, token=None, **extra):
    data = {"token": str(token or uuid.uuid4()), **choice_ids(quiz, letters), **extra}
    return client.post(quiz.get_absolute_url(), data)


def test_quiz_page_shows_every_question_as_a_fieldset_without_revealing_answers(
    client, quiz
):
    response = client.get(quiz.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert html.count("<fieldset") == 5
    assert html.count("<legend") == 5
    assert html.count('type="radio"') == 16
    # The pass mark above the form may say "correct"; the form itself not.
    form = html.split('<form method="post" class="quiz-form"', 1)[1]
    for word in ["correct", "is_correct", "Right", "Wrong", "explanation"]:
        assert word not in form
    assert "Pass: 4 of 5 correct" in html.split("<form", 1)[0]
    assert_accessible_page(html)


def test_full_marks_are_saved_and_shown_with_explanations(user_client, user, quiz):
    response = take(user_client, quiz, ANSWER_KEY)

    attempt = Attempt.objects.get(user=user)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == attempt.get_absolute_url()
    assert (attempt.score, attempt.total, attempt.percent, attempt.passed) == (
        5,
        5,
        100,
        True,
    )
    html = user_client.get(attempt.get_absolute_url()).content.decode()
    assert "Score: 5 / 5 (100 %)" in html
    assert "<strong>Passed</strong>. Pass: 4 of 5 correct." in html
    assert html.count("<strong>Right</strong>") == 5
    assert reverse("exercises:guide-section", args=["causes"]) in html
    assert_accessible_page(html)


def test_zero_marks_show_each_wrong_answer_and_the_right_one(user_client, user, quiz):
    take(user_client, quiz, "abaab")

    attempt = Attempt.objects.get(user=user)
    html = user_client.get(attempt.get_absolute_url()).content.decode()
    assert (attempt.score, attempt.passed) == (0, False)
    assert "Score: 0 / 5 (0 %)" in html
    assert "Not passed" in html
    assert html.count("<strong>Wrong</strong>") == 5
    assert "Overuse" in html and "All of the above" in html


@pytest.mark.parametrize(
    ("letters", "score", "passed"),
    [("dabda", 5, True), ("dabdb", 4, True), ("dabab", 3, False)],
)
def test_pass_and_fail_at_the_pass_mark(
    user_client, user, quiz, letters, score, passed
):
    assert quiz.pass_mark == 80

    take(user_client, quiz, letters)

    attempt = Attempt.objects.get(user=user)
    assert (attempt.score, attempt.passed) == (score, passed)


def test_unanswered_questions_count_as_wrong_and_are_shown_as_unanswered(
    user_client, user, quiz
):
    take(user_client, quiz, "da---", confirm_unanswered="3")

    attempt = Attempt.objects.get(user=user)
    html = user_client.get(attempt.get_absolute_url()).content.decode()
    assert attempt.score == 2
    assert html.count("<strong>Unanswered</strong>") == 3
    assert "No answer given" in html


def test_anonymous_visitors_see_an_unsaved_result_and_an_invitation(client, quiz):
    response = take(client, quiz, ANSWER_KEY)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Score: 5 / 5 (100 %)" in html
    assert "not saved" in html
    assert reverse("account_signup") in html
    assert not Attempt.objects.exists()


def test_submitting_the_same_form_twice_records_one_attempt(user_client, user, quiz):
    token = uuid.uuid4()

    first = take(user_client, quiz, ANSWER_KEY, token=token)
    again = take(user_client, quiz, "abaab", token=token)

    assert Attempt.objects.filter(user=user).count() == 1
    assert first["Location"] == again["Location"]
    assert Attempt.objects.get(user=user).score == 5


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_of_one_form_record_one_attempt():
    # A transactional test starts from an empty database: load the seed quiz.
    from exercises.services import seed_content_load
    from quiz.services import seed_quiz_load

    seed_content_load()
    seed_quiz_load()
    quiz = Quiz.objects.get(slug="iliopsoas-pain")
    user = UserFactory()
    token = str(uuid.uuid4())
    data = {"token": token, **choice_ids(quiz, ANSWER_KEY)}
    barrier = threading.Barrier(2)
    statuses, errors = [], []

    def submit() -> None:
        client = Client()
        client.force_login(user)
        try:
            barrier.wait(timeout=10)
            statuses.append(client.post(quiz.get_absolute_url(), data).status_code)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert statuses == [HTTPStatus.FOUND, HTTPStatus.FOUND]
    assert Attempt.objects.filter(user=user).count() == 1


def other_quiz_choice() -> Choice:
    other = Quiz.objects.create(title="Other", slug="other", is_published=True)
    question = Question.objects.create(quiz=other, order=1, text="?", explanation="-")
    return Choice.objects.create(question=question, order=1, text="x", is_correct=True)


@pytest.mark.parametrize(
    "tamper",
    [
        "another-question",
        "another-quiz",
        "not-a-number",
        "huge-number",
    ],
)
def test_bad_choice_values_get_an_error_next_to_the_question_and_store_nothing(
    user_client, quiz, tamper
):
    data = {"token": str(uuid.uuid4()), **choice_ids(quiz, ANSWER_KEY)}
    first, second = quiz.questions.order_by("order")[:2]
    data[f"q{first.pk}"] = {
        "another-question": str(second.choices.first().pk),
        "another-quiz": str(other_quiz_choice().pk),
        "not-a-number": "abc",
        "huge-number": "9" * 30,
    }[tamper]

    response = user_client.post(quiz.get_absolute_url(), data)

    assert response.status_code == HTTPStatus.OK
    assert f'id="id_q{first.pk}_error"' in response.content.decode()
    assert "Choose one of the answers listed" in response.content.decode()
    assert not Attempt.objects.exists()


def test_a_score_sent_with_the_answers_is_ignored(user_client, user, quiz):
    take(
        user_client,
        quiz,
        "abaab",
        score="5",
        total="5",
        percent="100",
        passed="on",
        is_correct="on",
    )

    attempt = Attempt.objects.get(user=user)
    assert (attempt.score, attempt.total, attempt.percent, attempt.passed) == (
        0,
        5,
        0,
        False,
    )
    assert not attempt.answers.filter(is_correct=True).exists()


@pytest.mark.parametrize("token", ["", "not-a-uuid"])
def test_a_missing_or_broken_token_asks_to_reload_and_stores_nothing(
    user_client, quiz, token
):
    response = user_client.post(
        quiz.get_absolute_url(), {"token": token, **choice_ids(quiz, ANSWER_KEY)}
    )

    assert response.status_code == HTTPStatus.OK
    assert "Please reload the page" in response.content.decode()
    assert not Attempt.objects.exists()


def test_a_tampered_or_unpublished_quiz_slug_answers_404(user_client, quiz):
    draft = Quiz.objects.create(title="Draft", slug="draft", is_published=False)

    missing = reverse("quiz:quiz-detail", args=["no-such-quiz"])
    assert user_client.get(missing).status_code == HTTPStatus.NOT_FOUND
    assert user_client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    response = user_client.post(
        missing, {"token": str(uuid.uuid4()), **choice_ids(quiz, "dabda")}
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Attempt.objects.exists()


def test_editing_or_deleting_questions_leaves_saved_attempts_unchanged(
    user_client, user, quiz
):
    take(user_client, quiz, "dabdb")
    attempt = Attempt.objects.get(user=user)
    before = user_client.get(attempt.get_absolute_url()).content.decode()

    first = quiz.questions.order_by("order").first()
    first.text = "Changed question"
    first.save()
    first.choices.filter(is_correct=True).update(text="Changed choice")
    quiz.questions.order_by("order").last().delete()

    attempt.refresh_from_db()
    after = user_client.get(attempt.get_absolute_url()).content.decode()
    assert (attempt.score, attempt.total, attempt.percent) == (4, 5, 80)
    assert "Changed" not in after
    assert after.count('<li class="quiz-answer') == 5
    assert before.split("<main", 1)[1].split("Taken on")[1].count(
        "Right"
    ) == after.split("<main", 1)[1].split("Taken on")[1].count("Right")


def test_another_users_attempt_answers_404(user_client, quiz):
    other = Client()
    other.force_login(UserFactory())
    take(other, quiz, ANSWER_KEY)
    theirs = Attempt.objects.get()

    response = user_client.get(theirs.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_quiz_list_shows_best_score_and_attempts_and_history_lists_them(
    user_client, user, quiz
):
    take(user_client, quiz, "abaab")
    take(user_client, quiz, "dabdb")
    take(user_client, quiz, "dabab")

    listing = user_client.get(reverse("quiz:quiz-list")).content.decode()
    history = user_client.get(reverse("quiz:attempt-list"))

    assert "Your best score: 80 %" in listing
    assert "(3 attempts)" in listing
    assert len(history.context["page"].object_list) == 3
    assert_accessible_page(history.content.decode())


def test_attempt_pages_need_login(client):
    url = reverse("quiz:attempt-list")

    response = client.get(url)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def make_quiz(size: int) -> Quiz:
    quiz = Quiz.objects.create(
        title=f"Big {size}", slug=f"big-{size}", is_published=True
    )
    for n in range(size):
        question = Question.objects.create(
            quiz=quiz, order=n + 1, text=f"Q{n}", explanation="Because."
        )
        Choice.objects.bulk_create(
            Choice(question=question, order=k, text=f"c{k}", is_correct=k == 1)
            for k in (1, 2, 3)
        )
    return quiz


@pytest.mark.parametrize("size", [5, 40])
def test_take_and_result_pages_run_a_constant_number_of_queries(
    user_client, user, django_assert_num_queries, size
):
    quiz = make_quiz(size)
    data = {"token": str(uuid.uuid4())}
    for question in quiz.questions.all():
        data[f"q{question.pk}"] = str(question.choices.first().pk)

    with django_assert_num_queries(5):
        user_client.get(quiz.get_absolute_url())
    response = user_client.post(quiz.get_absolute_url(), data)
    with django_assert_num_queries(4):
        user_client.get(response["Location"])
    with django_assert_num_queries(3):
        user_client.get(reverse("quiz:quiz-list"))


@pytest.mark.parametrize("size", [5, 40])
@pytest.mark.parametrize(("who", "queries"), [("member", 9), ("visitor", 3)])
def test_a_submission_runs_a_constant_number_of_queries(
    client, user, django_assert_num_queries, size, who, queries
):
    """The form's questions (two queries whatever their number), which the
    service then grades against without reading the key again; a member's
    attempt is saved without first looking for its token (the constraint on
    user and token finds a second submission of the same form)."""
    if who == "member":
        client.force_login(user)
    quiz = make_quiz(size)
    data = {"token": str(uuid.uuid4())}
    for question in quiz.questions.all():
        data[f"q{question.pk}"] = str(question.choices.first().pk)
    client.get(quiz.get_absolute_url())

    with django_assert_num_queries(queries):
        response = client.post(quiz.get_absolute_url(), data)

    if who == "member":
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == Attempt.objects.get(user=user).get_absolute_url()
    else:
        assert response.status_code == HTTPStatus.OK
        assert response.context["result"].total == size


def test_attempt_times_are_written_for_the_readers_zone(client, user, quiz):
    """The server writes UTC and says so; local-time.js rewrites it in the
    browser's zone (a quiz at 21:14 in New York is not dated the next day)."""
    client.force_login(user)
    take(client, quiz, ANSWER_KEY)
    attempt = Attempt.objects.get(user=user)
    Attempt.objects.filter(pk=attempt.pk).update(
        created_at=datetime.datetime(2026, 12, 3, 2, 14, tzinfo=datetime.UTC)
    )

    for url in (reverse("quiz:attempt-list"), attempt.get_absolute_url()):
        html = client.get(url).content.decode()
        assert (
            '<time datetime="2026-12-03T02:14:00Z" data-local-time>'
            "3 December 2026, 02:14 UTC</time>"
        ) in html
        assert "psoasapp/js/local-time.js" in html


# Unanswered questions are graded only once the person confirms (issue 15) ----


def radio(question: Question, letter: str) -> str:
    """A radio button's name and value, as its tag writes them."""
    choice = question.choices.order_by("order")[ord(letter) - ord("a")]
    return f'name="q{question.pk}" value="{choice.pk}"'


@pytest.mark.parametrize("who", ["member", "visitor"])
def test_a_submission_with_unanswered_questions_comes_back_to_be_confirmed(
    client, user, quiz, who
):
    if who == "member":
        client.force_login(user)
    questions = list(quiz.questions.order_by("order"))

    response = take(client, quiz, "da---")

    assert response.status_code == HTTPStatus.OK
    assert "result" not in response.context
    assert not Attempt.objects.exists()
    html = response.content.decode()
    assert (
        "3 questions are not answered. Answer them, or submit with 3 unanswered: "
        "an unanswered question counts as wrong."
    ) in html
    # Each unanswered question is marked where it is, and in the summary.
    for question in questions[2:]:
        assert f'<fieldset aria-describedby="id_q{question.pk}_error">' in html
        assert f'<ul class="errorlist" id="id_q{question.pk}_error">' in html
        assert f'href="#id_q{question.pk}_0"' in html
    for question in questions[:2]:
        assert f"id_q{question.pk}_error" not in html
    # A question's own full stop or question mark ends its label in the
    # summary: no ".:" or "?:" before the message.
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert "Not answered yet." in summary
    assert ".: " not in summary and "?: " not in summary
    # The answers given are kept.
    assert re.search(radio(questions[0], "d") + r"[^>]*\bchecked\b", html)
    assert re.search(radio(questions[1], "a") + r"[^>]*\bchecked\b", html)
    assert html.count(" checked") == 2
    # "Submit answers" stays first (Enter presses it); then the confirmation.
    buttons = re.findall(r"<button[^>]*>[^<]*</button>", html.split("<form")[-1])
    assert buttons == [
        '<button type="submit">Submit answers</button>',
        '<button type="submit" class="button-secondary" name="confirm_unanswered"'
        ' value="3">Submit with 3 unanswered</button>',
    ]
    assert_accessible_page(html)


@pytest.mark.parametrize("who", ["member", "visitor"])
def test_a_submission_with_no_answer_at_all_saves_and_grades_nothing(
    client, user, quiz, who
):
    """What pressing Enter on the first radio button, before choosing, sent."""
    if who == "member":
        client.force_login(user)

    response = take(client, quiz, "-----")

    assert response.status_code == HTTPStatus.OK
    assert "result" not in response.context
    assert "5 questions are not answered" in response.content.decode()
    assert "Submit with 5 unanswered" in response.content.decode()
    assert not Attempt.objects.exists()


def test_confirming_grades_the_attempt_once_with_the_same_token(
    user_client, user, quiz
):
    token = uuid.uuid4()
    take(user_client, quiz, "da---", token=token)

    first = take(user_client, quiz, "da---", token=token, confirm_unanswered="3")
    again = take(user_client, quiz, "da---", token=token, confirm_unanswered="3")

    attempt = Attempt.objects.get(user=user)
    assert first.status_code == again.status_code == HTTPStatus.FOUND
    assert first["Location"] == again["Location"] == attempt.get_absolute_url()
    assert (attempt.score, attempt.total, attempt.passed) == (2, 5, False)
    assert attempt.answers.filter(chosen__isnull=True).count() == 3


def test_a_visitor_who_confirms_sees_the_graded_result(client, quiz):
    response = take(client, quiz, "dab--", confirm_unanswered="2")

    assert response.status_code == HTTPStatus.OK
    assert response.context["result"].score == 3
    assert response.content.decode().count("<strong>Unanswered</strong>") == 2
    assert not Attempt.objects.exists()


@pytest.mark.parametrize("confirmed", ["", "0", "1", "-3", "many"])
def test_confirming_fewer_unanswered_than_were_left_is_no_confirmation(
    user_client, quiz, confirmed
):
    """ "Submit with 1 unanswered", then a second answer taken back: asked again."""
    response = take(user_client, quiz, "d-a--", confirm_unanswered=confirmed)

    assert response.status_code == HTTPStatus.OK
    assert "Submit with 3 unanswered" in response.content.decode()
    assert not Attempt.objects.exists()


def test_confirming_more_than_are_left_unanswered_grades(user_client, user, quiz):
    """Confirmed for 3, then one more answered: 2 left, which was agreed to."""
    take(user_client, quiz, "dab--", confirm_unanswered="3")

    assert Attempt.objects.get(user=user).score == 3


# The pass mark in words (issue 15) --------------------------------------------


def add_question(quiz: Quiz) -> None:
    question = Question.objects.create(
        quiz=quiz, order=6, text="Sixth?", explanation="Because."
    )
    Choice.objects.create(question=question, order=1, text="Yes", is_correct=True)
    Choice.objects.create(question=question, order=2, text="No")


@pytest.mark.parametrize(
    ("kind", "mark", "required"),
    [("percent", 80, 5), ("questions", 4, 4)],
)
def test_a_sixth_question_keeps_a_count_pass_mark_and_moves_a_percentage(
    user_client, user, quiz, kind, mark, required
):
    Quiz.objects.filter(pk=quiz.pk).update(pass_mark_kind=kind, pass_mark=mark)
    add_question(quiz)

    page = user_client.get(quiz.get_absolute_url()).content.decode()
    listing = user_client.get(reverse("quiz:quiz-list")).content.decode()
    take(user_client, quiz, "dabdbb")  # 4 right: the sixth is wrong

    attempt = Attempt.objects.get(user=user)
    assert f"Pass: {required} of 6 correct" in page
    assert f"6 questions · Pass: {required} of 6 correct" in listing
    assert (attempt.score, attempt.pass_required) == (4, required)
    assert attempt.passed is (required == 4)
    result = user_client.get(attempt.get_absolute_url()).content.decode()
    assert f"Pass: {required} of 6 correct." in result


def test_an_attempt_keeps_the_pass_mark_it_was_graded_with(user_client, user, quiz):
    take(user_client, quiz, "dabdb")
    attempt = Attempt.objects.get(user=user)

    Quiz.objects.filter(pk=quiz.pk).update(pass_mark_kind="questions", pass_mark=5)
    add_question(quiz)

    attempt.refresh_from_db()
    assert (attempt.pass_mark_kind, attempt.pass_mark) == ("percent", 80)
    assert (attempt.pass_required, attempt.passed) == (4, True)
    html = user_client.get(attempt.get_absolute_url()).content.decode()
    assert "<strong>Passed</strong>. Pass: 4 of 5 correct." in html
