"""What the quiz stores about a person (core.privacy): their saved attempts
with the answers they chose."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser

from core import privacy

from .models import Attempt, AttemptAnswer


def export(user: AbstractBaseUser) -> dict[str, Any]:
    """The user's saved quiz attempts with their answers, as plain data (the
    account's "Download my data"). Two queries whatever the number."""
    return {
        "quiz_attempts": [
            {
                "quiz": attempt.quiz_title,
                "created_at": attempt.created_at,
                "score": attempt.score,
                "total": attempt.total,
                "percent": attempt.percent,
                "pass_mark": attempt.pass_mark,
                "pass_mark_kind": attempt.pass_mark_kind,
                "correct_needed": attempt.pass_required,
                "passed": attempt.passed,
                "answers": [
                    {
                        "question": answer.question_text,
                        "chosen": answer.chosen_text or None,
                        "correct_answer": answer.correct_text,
                        "is_correct": answer.is_correct,
                    }
                    for answer in attempt.answers.all()
                ],
            }
            for attempt in Attempt.objects.filter(user=user)
            .order_by("created_at", "pk")
            .prefetch_related("answers")
        ]
    }


privacy.register(
    privacy.Declaration(
        app_label="quiz",
        models=[
            # What a person got wrong about their condition, and when.
            privacy.PersonalModel(
                Attempt, user_path="user", health=True, export_path="quiz_attempts"
            ),
            privacy.PersonalModel(
                AttemptAnswer,
                user_path="attempt__user",
                health=True,
                export_path="quiz_attempts.answers",
            ),
        ],
        export=export,
    )
)
