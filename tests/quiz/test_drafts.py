"""Issue 15, case 5, for quizzes: staff preview a draft quiz as members will
take it, without saving an attempt; the publish action refuses a quiz the form
would refuse."""

import uuid
from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertTemplateUsed

from quiz.models import Attempt, Quiz
from tests.factories import ChoiceFactory, QuestionFactory, QuizFactory

from .conftest import ANSWER_KEY, choice_ids

pytestmark = pytest.mark.django_db

BANNER = "not published; members cannot see this page"


@pytest.fixture
def draft(quiz) -> Quiz:
    quiz.is_published = False
    quiz.save()
    return quiz


def test_staff_preview_a_draft_quiz_with_its_questions(editor_client, draft):
    response = editor_client.get(reverse("quiz:quiz-preview", args=[draft.slug]))

    assert response.status_code == HTTPStatus.OK
    assertTemplateUsed(response, "quiz/quiz_detail.html")
    html = response.content.decode()
    assert BANNER in html
    assert f'href="{reverse("admin:quiz_quiz_change", args=[draft.pk])}"' in html
    for question in draft.questions.all():
        assert question.text.split("\n")[0][:40] in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache
    member_page = editor_client.get(reverse("quiz:quiz-detail", args=[draft.slug]))
    assert member_page.status_code == HTTPStatus.NOT_FOUND


def test_submitting_a_preview_grades_it_and_saves_nothing(editor_client, draft):
    page = editor_client.get(reverse("quiz:quiz-preview", args=[draft.slug]))
    token = page.context["form"]["token"].value()

    response = editor_client.post(
        reverse("quiz:quiz-preview", args=[draft.slug]),
        {"token": token, **choice_ids(draft, ANSWER_KEY)},
    )

    assert response.status_code == HTTPStatus.OK
    assertTemplateUsed(response, "quiz/attempt_detail.html")
    assert response.context["result"].score == len(ANSWER_KEY)
    assert BANNER in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
    assert not Attempt.objects.exists()


def test_a_quiz_preview_is_not_found_for_a_member(user_client, draft):
    url = reverse("quiz:quiz-preview", args=[draft.slug])

    get = user_client.get(url)
    post = user_client.post(
        url, {"token": str(uuid.uuid4()), **choice_ids(draft, ANSWER_KEY)}
    )

    assert get.status_code == post.status_code == HTTPStatus.NOT_FOUND
    assert draft.title not in get.content.decode() + post.content.decode()
    assert not Attempt.objects.exists()


def test_view_on_site_opens_a_draft_quizs_preview(editor_client, draft):
    response = editor_client.get(reverse("admin:quiz_quiz_change", args=[draft.pk]))

    assert response.context["absolute_url"] == reverse(
        "quiz:quiz-preview", args=[draft.slug]
    )


def test_the_publish_action_refuses_a_quiz_with_broken_questions(editor_client):
    broken = QuizFactory(title="Broken quiz", is_published=False)
    question = QuestionFactory(quiz=broken)
    ChoiceFactory(question=question, text="Yes")
    ChoiceFactory(question=question, text="No")  # neither marked correct
    sound = QuizFactory(title="Sound quiz", is_published=False)
    question = QuestionFactory(quiz=sound)
    ChoiceFactory(question=question, text="Yes", is_correct=True)
    ChoiceFactory(question=question, text="No")

    response = editor_client.post(
        reverse("admin:quiz_quiz_changelist"),
        {
            "action": "publish_selected",
            "_selected_action": [str(broken.pk), str(sound.pk)],
        },
        follow=True,
    )

    broken.refresh_from_db()
    sound.refresh_from_db()
    assert not broken.is_published
    assert sound.is_published
    shown = [str(message) for message in response.context["messages"]]
    assert shown == [
        "Published 1 quiz: “Sound quiz”. Members can see it now.",
        "“Broken quiz” was not published, and stays a draft: The quiz cannot be "
        "published until its questions are fixed. Question 1: Mark exactly one "
        "choice as correct (now 0). Fix this on the quiz’s page, then publish it.",
    ]


def test_the_quiz_list_filters_drafts_and_names_the_status(editor_client, draft):
    changelist = reverse("admin:quiz_quiz_changelist")
    QuizFactory(title="Published quiz")

    response = editor_client.get(changelist, {"status": "draft"})

    assert list(response.context["cl"].result_list) == [draft]
    assert '<td class="field-publication_status">Draft</td>' in (
        response.content.decode()
    )
