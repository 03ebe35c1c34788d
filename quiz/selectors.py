from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Attempt, Choice, Question, Quiz


def quizzes_published(user=None) -> QuerySet[Quiz]:
    """Published quizzes with their `question_total` (for the pass mark in
    words); for a logged-in user, with `attempt_count` and `best_percent`
    aggregated in the same query."""
    # A subquery, not a join: joining the questions would multiply the
    # attempts counted.
    question_total = (
        Question.objects.filter(quiz=OuterRef("pk"))
        .order_by()
        .values("quiz")
        .annotate(total=Count("pk"))
        .values("total")
    )
    quizzes = Quiz.objects.published().annotate(
        question_total=Coalesce(Subquery(question_total), 0)
    )
    if user is None or not user.is_authenticated:
        return quizzes
    mine = Q(attempts__user=user)
    return quizzes.annotate(
        attempt_count=Count("attempts", filter=mine),
        best_percent=Max("attempts__percent", filter=mine),
    )


def quiz_questions(quiz: Quiz) -> list[Question]:
    """The quiz's questions in order, with their guide section and their
    choices in order as `choice_list` (two queries). A list, not the related
    manager's cache: that builds a filtered queryset per question, which took
    a seventh of a submission's time."""
    return list(
        quiz.questions.select_related("guide_section").prefetch_related(
            Prefetch(
                "choices",
                queryset=Choice.objects.order_by("order"),
                to_attr="choice_list",
            )
        )
    )


def attempts(user) -> QuerySet[Attempt]:
    return Attempt.objects.filter(user=user).select_related("quiz")


def attempts_with_answers(user) -> QuerySet[Attempt]:
    """The user's attempts with their answers and the answers' guide sections."""
    return attempts(user).prefetch_related("answers__guide_section")
