import importlib
import re

import pytest
from django.apps import apps

from quiz.content import QUESTIONS
from quiz.models import Question, Quiz
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


NUMBER_WORDS = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|\d+) "
    r"(short )?questions?\b",
    re.IGNORECASE,
)


def test_the_introduction_counts_the_questions_staff_add(client, quiz):
    question = Question.objects.create(
        quiz=quiz, order=6, text="Is a sixth question counted?", explanation="Yes."
    )
    question.choices.create(order=1, text="Yes", is_correct=True)
    question.choices.create(order=2, text="No", is_correct=False)

    html = client.get(quiz.get_absolute_url()).content.decode()
    text = re.sub(r"<[^>]+>", " ", html)

    assert [match.group(0) for match in NUMBER_WORDS.finditer(text)] == ["6 questions"]
    assert not NUMBER_WORDS.search(quiz.introduction)


@pytest.mark.parametrize("edited", [False, True], ids=["as-seeded", "edited"])
def test_the_introduction_migration_replaces_only_the_seeded_text(quiz, edited):
    migration = importlib.import_module(
        "quiz.migrations.0004_introduction_without_a_count"
    )
    before = migration.OLD + (" Edited by staff." if edited else "")
    Quiz.objects.filter(pk=quiz.pk).update(introduction=before)

    migration.forwards(apps, None)

    quiz.refresh_from_db()
    assert quiz.introduction == (before if edited else migration.NEW)


def explanations(quiz) -> list[str]:
    return [q.explanation for q in quiz.questions.order_by("order")]


def test_explanations_agree_with_the_guide(quiz):
    causes, _, bird_dog, seek_help, rest = explanations(quiz)

    # Question 1: the guide says overuse and imbalances are common, direct
    # injuries less common; the answer (all of the above) stays.
    assert "All three are common" not in causes
    assert "Overuse" in causes and "muscle imbalances" in causes
    assert "are common causes" in causes
    assert "Direct injuries" in causes and "are less common" in causes
    # Question 3: the bird dog works the core with the hip's muscles.
    assert "targets the iliopsoas" not in bird_dog
    assert "rather than the iliopsoas alone" in bird_dog
    # Question 4: how soon depends on the sign, as the guide's tiers say.
    assert "call for emergency help now" in seek_help
    assert "numbness in the groin or buttocks" in seek_help
    assert "the same day and which within 1-2 weeks" in seek_help
    # Question 5: relative rest, not complete rest.
    assert "relative rest rather than complete rest" in rest
    assert "keep active within comfortable limits" in rest


@pytest.mark.parametrize("edited", [False, True], ids=["as-seeded", "edited"])
def test_the_explanations_migration_replaces_only_seeded_text_and_reverses(
    quiz, edited
):
    migration = importlib.import_module("quiz.migrations.0005_honest_explanations")
    suffix = " Edited by staff." if edited else ""
    for order, old, _ in migration.EXPLANATIONS:
        Question.objects.filter(quiz=quiz, order=order).update(explanation=old + suffix)
    before = explanations(quiz)

    migration.forwards(apps, None)

    after = explanations(quiz)
    if edited:
        assert after == before
    else:
        assert [after[order - 1] for order, _, _ in migration.EXPLANATIONS] == [
            new for _, _, new in migration.EXPLANATIONS
        ]
        assert after[1] == before[1]  # question 2 is unchanged

    migration.backwards(apps, None)

    assert explanations(quiz) == before


def test_a_migrated_database_has_the_explanations_load_content_gives(quiz):
    assert explanations(quiz) == [explanation for _, _, _, explanation, _ in QUESTIONS]
