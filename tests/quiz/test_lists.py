"""The quiz list and the attempt pages read what they show in fewer, cheaper
queries (issue 20) and show the same."""

import pytest
from django.urls import reverse

from exercises.models import GuideSection
from quiz import selectors
from quiz.models import Quiz
from tests.factories import UserFactory
from tests.quiz.conftest import ANSWER_KEY
from tests.quiz.test_taking import take

pytestmark = pytest.mark.django_db

FIGURES = ("pk", "question_total", "attempt_count", "best_percent")


def figures(quizzes) -> list[tuple]:
    return [tuple(getattr(quiz, name, None) for name in FIGURES) for quiz in quizzes]


def test_the_list_reads_what_quizzes_published_reads(user_client, user, quiz):
    other = UserFactory()
    Quiz.objects.create(title="Empty", slug="empty", is_published=True)
    Quiz.objects.create(title="Draft", slug="draft", is_published=False)
    take(user_client, quiz, "abaab")
    take(user_client, quiz, ANSWER_KEY)

    for person in (user, other, None):
        listed = figures(selectors.quizzes_listed(person))
        assert sorted(listed) == sorted(figures(selectors.quizzes_published(person)))
        # In the quizzes' order for everyone (the aggregates of
        # quizzes_published dropped it for members: Django leaves
        # Meta.ordering out of a GROUP BY query).
        assert [row[0] for row in listed] == list(
            Quiz.objects.published().values_list("pk", flat=True)
        )
    assert (quiz.pk, 5, 2, 100) in figures(selectors.quizzes_listed(user))
    assert (quiz.pk, 5, 0, None) in figures(selectors.quizzes_listed(other))


@pytest.mark.parametrize("attempts", [1, 4])
def test_the_result_page_reads_its_answers_and_sections_in_one_query(
    user_client, user, quiz, django_assert_num_queries, attempts
):
    # The session, the user, the attempt with its quiz, and its answers with
    # their guide sections (a join, not a query of their own).
    for _ in range(attempts):
        response = take(user_client, quiz, ANSWER_KEY)

    with django_assert_num_queries(4):
        html = user_client.get(response["Location"]).content.decode()

    assert html.count("Read more in the guide:") == 5
    assert reverse("exercises:guide-section", args=["causes"]) in html
    assert reverse("quiz:quiz-detail", args=[quiz.slug]) in html


@pytest.mark.parametrize(("attempts", "queries"), [(1, 3), (20, 3), (21, 4), (25, 4)])
def test_the_attempt_list_counts_the_attempts_only_when_they_fill_a_page(
    user_client, user, quiz, django_assert_num_queries, attempts, queries
):
    # The session, the user and the first page's rows (one more than it
    # shows); the count only when that one more is there. Each attempt keeps
    # its quiz's title, so no quiz is read.
    for _ in range(attempts):
        take(user_client, quiz, ANSWER_KEY)
    Quiz.objects.filter(pk=quiz.pk).update(title="Renamed since")

    with django_assert_num_queries(queries):
        first = user_client.get(reverse("quiz:attempt-list")).content.decode()

    assert first.count("<tr>") == min(attempts, 20) + 1
    assert "Renamed since" not in first
    pages = (attempts + 19) // 20
    assert (f"Page 1 of {pages}" in first) == (pages > 1)
    if pages > 1:
        with django_assert_num_queries(4):
            second = user_client.get(reverse("quiz:attempt-list"), {"page": 2})
        html = second.content.decode()
        assert html.count("<tr>") == attempts - 20 + 1
        assert f"Page 2 of {pages}" in html


def test_the_result_page_reads_each_answers_section_as_the_orm_would(
    user_client, user, quiz
):
    response = take(user_client, quiz, "abaab")
    attempt = user.quiz_attempts.get()
    GuideSection.objects.filter(slug="causes").update(is_published=False)
    answers = selectors.attempt_answers(attempt)

    expected = attempt.answers.select_related("guide_section").order_by("order")
    assert [
        (a.pk, a.order, a.is_correct, a.chosen_text, a.guide_section_id)
        for a in answers
    ] == [
        (a.pk, a.order, a.is_correct, a.chosen_text, a.guide_section_id)
        for a in expected
    ]
    for answer, orm in zip(answers, expected, strict=True):
        section, other = answer.guide_section, orm.guide_section
        assert (section is None) == (other is None)
        if section is not None:
            assert (section.title, section.is_published) == (
                other.title,
                other.is_published,
            )
            assert section.get_absolute_url() == other.get_absolute_url()
            # What the page does not read is not made up: it is read if asked.
            assert section.body == other.body

    html = user_client.get(response["Location"]).content.decode()
    assert reverse("exercises:guide-section", args=["causes"]) not in html
    assert html.count("Read more in the guide:") == sum(
        1 for a in expected if a.guide_section and a.guide_section.is_published
    )


def test_the_result_page_reads_the_attempt_and_its_quiz_as_the_orm_would(
    user_client, user, quiz
):
    take(user_client, quiz, "abaab")
    expected = user.quiz_attempts.select_related("quiz").get()

    attempt = selectors.attempt_with_quiz(user, expected.pk)

    fields = [field.attname for field in type(expected)._meta.concrete_fields]
    assert [getattr(attempt, name) for name in fields] == [
        getattr(expected, name) for name in fields
    ]
    assert attempt.quiz == expected.quiz and attempt.quiz.slug == quiz.slug
    assert selectors.attempt_with_quiz(UserFactory(), expected.pk) is None


def test_the_result_of_a_quiz_since_deleted_still_shows(user_client, user, quiz):
    """The attempt keeps its quiz's title; the quiz is gone (SET_NULL)."""
    response = take(user_client, quiz, ANSWER_KEY)
    Quiz.objects.filter(pk=quiz.pk).delete()

    page = user_client.get(response["Location"])

    assert page.status_code == 200
    assert selectors.attempt_with_quiz(user, user.quiz_attempts.get().pk).quiz is None
    assert quiz.title in page.content.decode()
