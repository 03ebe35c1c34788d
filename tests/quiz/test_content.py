import pytest

from quiz.models import Question
from tests.quiz.conftest import ANSWER_KEY

pytestmark = pytest.mark.django_db


def test_the_seed_quiz_is_published_with_five_questions_in_order(quiz):
    assert quiz.title == "Test your understanding of iliopsoas pain"
    assert quiz.is_published
    assert [q.text for q in quiz.questions.order_by("order")] == [
        "Which of the following is a common cause of iliopsoas pain?",
        "True or False: Stretching exercises can help improve the flexibility of "
        "the iliopsoas muscle.",
        "Which exercise effectively strengthens both the iliopsoas and core muscles?",
        "When should you seek medical attention for iliopsoas pain?",
        "True or False: Rest is an important part of recovering from iliopsoas pain.",
    ]


def test_choices_are_in_the_seeds_order_with_the_seeds_answer_key(quiz):
    questions = list(quiz.questions.order_by("order"))
    choices = [[c.text for c in q.choices.order_by("order")] for q in questions]

    assert choices == [
        ["Overuse", "Muscle weakness", "Direct injuries", "All of the above"],
        ["True", "False"],
        [
            "Hip flexor stretch",
            "Bird dog exercise",
            "Glute bridge with hip extension",
            "None of the above",
        ],
        [
            "When the pain is severe and persistent",
            "If you experience numbness or tingling",
            "If the pain limits your daily activities",
            "All of the above",
        ],
        ["True", "False"],
    ]
    key = ""
    for question in questions:
        ordered = list(question.choices.order_by("order"))
        [correct] = [n for n, c in enumerate(ordered) if c.is_correct]
        key += "abcd"[correct]
    assert key == ANSWER_KEY


def test_each_question_explains_and_links_to_its_guide_section(quiz):
    sections = [
        q.guide_section.slug
        for q in quiz.questions.order_by("order").select_related("guide_section")
    ]

    assert sections == [
        "causes",
        "exercises-for-relief",
        "exercises-for-relief",
        "when-to-seek-medical-attention",
        "prevention-and-recovery",
    ]
    assert all(len(q.explanation) > 40 for q in Question.objects.all())
