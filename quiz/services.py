"""Grading and saving quiz attempts."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from .models import Attempt, AttemptAnswer, Quiz


@dataclass(frozen=True)
class GradedAnswer:
    order: int
    question: object
    question_text: str
    chosen: object | None
    chosen_text: str
    correct_text: str
    is_correct: bool
    explanation: str
    guide_section: object | None

    @property
    def answered(self) -> bool:
        return self.chosen is not None


@dataclass(frozen=True)
class Grade:
    """A graded attempt, saved or not: the result page shows either."""

    quiz_title: str
    score: int
    total: int
    pass_mark: int
    answers: list[GradedAnswer]

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0

    @property
    def passed(self) -> bool:
        return self.percent >= self.pass_mark


def attempt_grade(
    *, quiz: Quiz, questions, answers: Mapping[int, object | None]
) -> Grade:
    """Grade `answers` (question id to the chosen Choice or None) against the
    quiz's questions, loaded with their choices. Unanswered counts as wrong."""
    graded = []
    for order, question in enumerate(questions, start=1):
        chosen = answers.get(question.pk)
        correct = [choice for choice in question.choices.all() if choice.is_correct]
        graded.append(
            GradedAnswer(
                order=order,
                question=question,
                question_text=question.text,
                chosen=chosen,
                chosen_text=chosen.text if chosen else "",
                correct_text=", ".join(choice.text for choice in correct),
                is_correct=chosen is not None and chosen.is_correct,
                explanation=question.explanation,
                guide_section=question.guide_section,
            )
        )
    return Grade(
        quiz_title=quiz.title,
        score=sum(answer.is_correct for answer in graded),
        total=len(graded),
        pass_mark=quiz.pass_mark,
        answers=graded,
    )


def attempt_submit(*, user, quiz: Quiz, grade: Grade, token: uuid.UUID) -> Attempt:
    """Save a graded attempt once per form: the same token returns the attempt
    already saved, even when two submissions race."""
    existing = Attempt.objects.filter(user=user, token=token).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                user=user,
                quiz=quiz,
                quiz_title=grade.quiz_title,
                token=token,
                score=grade.score,
                total=grade.total,
                percent=grade.percent,
                pass_mark=grade.pass_mark,
                passed=grade.passed,
            )
            AttemptAnswer.objects.bulk_create(
                AttemptAnswer(
                    attempt=attempt,
                    order=answer.order,
                    question=answer.question,
                    question_text=answer.question_text,
                    chosen=answer.chosen,
                    chosen_text=answer.chosen_text,
                    correct_text=answer.correct_text,
                    is_correct=answer.is_correct,
                    explanation=answer.explanation,
                    guide_section=answer.guide_section,
                )
                for answer in grade.answers
            )
    except IntegrityError:
        return Attempt.objects.get(user=user, token=token)
    return attempt


@transaction.atomic
def seed_quiz_load() -> int:
    """Add the seed quiz if it is missing; never change an existing one."""
    from django.apps import apps

    from . import content

    return content.load_seed(apps)
