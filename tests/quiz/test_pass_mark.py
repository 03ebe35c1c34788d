"""The pass mark, kept as a percentage or a number of correct answers (issue
15): one pure rule for how many correct answers pass, and the migration that
gave the quizzes and attempts saved before it their kind and count."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from quiz import services
from quiz.models import Attempt, PassMarkKind, Quiz, pass_required
from tests.factories import UserFactory
from tests.quiz.test_services import answers_for

PERCENT, QUESTIONS = PassMarkKind.PERCENT, PassMarkKind.QUESTIONS


@pytest.mark.parametrize(
    ("kind", "mark", "total", "required"),
    [
        (PERCENT, 80, 5, 4),
        (PERCENT, 80, 6, 5),  # the sixth question moves a percentage
        (QUESTIONS, 4, 5, 4),
        (QUESTIONS, 4, 6, 4),  # and keeps a count
        (PERCENT, 100, 5, 5),
        (PERCENT, 1, 5, 1),
        (PERCENT, 67, 3, 2),  # 2 of 3 is 67 % once rounded
        (PERCENT, 50, 8, 4),
        (QUESTIONS, 7, 5, 5),  # a question deleted since: all of them
        (PERCENT, 80, 0, 1),  # no questions: no pass
        (QUESTIONS, 4, 0, 1),
    ],
)
def test_the_correct_answers_needed(kind, mark, total, required):
    assert pass_required(kind, mark, total) == required


def test_a_percentage_passes_exactly_the_attempts_it_passed_before():
    """Before, an attempt passed when its rounded percent reached the mark."""
    for total in range(1, 41):
        for mark in range(1, 101):
            required = pass_required(PERCENT, mark, total)
            for score in range(total + 1):
                before = round(100 * score / total) >= mark
                assert (score >= required) == before, (mark, score, total)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "mark", "letters", "required", "passed"),
    [
        (PERCENT, 80, "dabdb", 4, True),
        (PERCENT, 80, "dabab", 4, False),
        (QUESTIONS, 3, "dabab", 3, True),
        (QUESTIONS, 5, "dabdb", 5, False),
    ],
)
def test_grading_keeps_the_rule_it_used(quiz, kind, mark, letters, required, passed):
    Quiz.objects.filter(pk=quiz.pk).update(pass_mark_kind=kind, pass_mark=mark)
    quiz.refresh_from_db()

    attempt = services.attempt_submit(
        user=UserFactory(), quiz=quiz, answers=answers_for(quiz, letters)
    )

    attempt.refresh_from_db()
    assert (attempt.pass_mark_kind, attempt.pass_mark) == (kind, mark)
    assert (attempt.pass_required, attempt.passed) == (required, passed)


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_saved_attempts_the_count_they_needed():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    before = [("quiz", "0005_honest_explanations")]
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        OldQuiz = old.get_model("quiz", "Quiz")
        OldAttempt = old.get_model("quiz", "Attempt")
        user_id = UserFactory().pk
        quiz = OldQuiz.objects.create(title="Old", slug="old", pass_mark=80)
        zero = OldQuiz.objects.create(title="Zero", slug="zero", pass_mark=0)
        # (score, total, pass mark, passed as shown)
        rows = [(4, 5, 80, True), (3, 5, 80, False), (2, 3, 67, True), (0, 5, 0, True)]
        for score, total, mark, passed in rows:
            OldAttempt.objects.create(
                user_id=user_id,
                quiz=quiz,
                quiz_title="Old",
                score=score,
                total=total,
                percent=round(100 * score / total),
                pass_mark=mark,
                passed=passed,
            )
    finally:
        MigrationExecutor(connection).migrate(latest)

    assert list(
        Attempt.objects.order_by("pk").values_list(
            "pass_mark_kind", "pass_mark", "pass_required", "passed"
        )
    ) == [
        ("percent", 80, 4, True),
        ("percent", 80, 4, False),
        ("percent", 67, 2, True),
        ("percent", 0, 0, True),  # as it was shown: passed
    ]
    assert Quiz.objects.get(pk=quiz.pk).pass_mark_kind == "percent"
    assert Quiz.objects.get(pk=zero.pk).pass_mark == 1
