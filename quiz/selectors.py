from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from core import rows

from .models import Attempt, AttemptAnswer, Choice, Question, Quiz


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


def _of_quiz(model, *, what: str = "COUNT(*)", mine: bool = False) -> str:
    """SQL: `what` of `model`'s rows of the quiz (and of user %s, `mine`)."""
    table = connection.ops.quote_name(model._meta.db_table)
    quiz = connection.ops.quote_name(Quiz._meta.db_table)
    where = f'{table}."quiz_id" = {quiz}."id"'
    if mine:
        where += f' AND {table}."user_id" = %s'
    return f"SELECT {what.format(table=table)} FROM {table} WHERE {where}"


def quizzes_listed(user=None) -> QuerySet[Quiz]:
    """quizzes_published, for the quiz list: the same rows and annotations,
    written as SQL subqueries (each attempt's figures come from the index on
    user and quiz). The ORM's Subquery and filtered aggregates cost more to
    compile than the page takes to render."""
    quizzes = Quiz.objects.published().annotate(
        question_total=RawSQL(_of_quiz(Question), ())
    )
    if user is None or not user.is_authenticated:
        return quizzes
    return quizzes.annotate(
        attempt_count=RawSQL(_of_quiz(Attempt, mine=True), (user.pk,)),
        best_percent=RawSQL(
            _of_quiz(Attempt, what='MAX({table}."percent")', mine=True), (user.pk,)
        ),
    )


def _quiz_version_sql() -> str:
    """SQL: the version of a quiz's page (of the row of the query): the quiz's
    latest change, and its questions' and their choices' latest change and
    number. An edit of any of them in the admin, a delete or a question moved
    to another quiz moves it (content code never writes them with a
    QuerySet.update that leaves `updated_at` alone)."""
    quiz = connection.ops.quote_name(Quiz._meta.db_table)
    questions = connection.ops.quote_name(Question._meta.db_table)
    choices = connection.ops.quote_name(Choice._meta.db_table)
    state = """COALESCE(CAST(MAX({0}."updated_at") AS VARCHAR(40)), '') || '/' || """
    state += "CAST(COUNT(*) AS VARCHAR(20))"
    return (
        f"CAST({quiz}.\"updated_at\" AS VARCHAR(40)) || ';' || "
        f"(SELECT {state.format(questions)} FROM {questions} "
        f'WHERE {questions}."quiz_id" = {quiz}."id") || \';\' || '
        f"(SELECT {state.format(choices)} FROM {choices} "
        f'JOIN {questions} ON {questions}."id" = {choices}."question_id" '
        f'WHERE {questions}."quiz_id" = {quiz}."id")'
    )


def quizzes_versioned() -> QuerySet[Quiz]:
    """Published quizzes, each with its `question_total` and the
    `content_version` of its page (_quiz_version_sql), read in the same query
    as the quiz: the quiz page keeps its questions in memory under it
    (quiz.cache)."""
    return Quiz.objects.published().annotate(
        question_total=RawSQL(_of_quiz(Question), ()),
        content_version=RawSQL(_quiz_version_sql(), ()),
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
    """The user's attempts, for their list: each keeps its quiz's title, so
    the quiz is not read."""
    return Attempt.objects.filter(user=user)


ATTEMPTS_PER_PAGE = 20


def attempts_page(user, number) -> Page:
    """Page `number` of the user's attempts, newest first, by the rules of
    Paginator.get_page. Most people have fewer attempts than a page holds: the
    first page reads one row more than it shows, and the attempts are counted
    only when that row is there (the count query is for the pages after)."""
    listed = attempts(user)
    if number in (None, "", "1"):
        rows = list(listed[: ATTEMPTS_PER_PAGE + 1])
        if len(rows) <= ATTEMPTS_PER_PAGE:
            return Paginator(rows, ATTEMPTS_PER_PAGE).page(1)
        paginator = Paginator(listed, ATTEMPTS_PER_PAGE)
        return Page(rows[:ATTEMPTS_PER_PAGE], 1, paginator)
    return Paginator(listed, ATTEMPTS_PER_PAGE).get_page(number)


def attempt_with_quiz(user, pk: int) -> Attempt | None:
    """The user's attempt `pk` with its quiz (for the result page: its link
    to take the quiz again), None when they have no such attempt; its answers
    come from attempt_answers. One query, written out: the ORM took longer to
    compile it than the page takes to render."""
    quote = connection.ops.quote_name
    quiz_model = Attempt._meta.get_field("quiz").related_model
    table = quote(Attempt._meta.db_table)
    selected = ", ".join(rows.columns(Attempt, table) + rows.columns(quiz_model, "q"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {selected} FROM {table} "
            f"LEFT OUTER JOIN {quote(quiz_model._meta.db_table)} q "
            f'ON q."id" = {table}."quiz_id" '
            f'WHERE {table}."user_id" = %s AND {table}."id" = %s',
            [user.pk, pk],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    count = len(Attempt._meta.concrete_fields)
    attempt = rows.from_row(Attempt, row[:count])
    attempt.quiz = (
        None if row[count] is None else rows.from_row(quiz_model, row[count:])
    )
    return attempt


# The result page's answers with their guide sections, written out: the ORM
# takes longer to compile this join than the page takes to render its answers.
# Each answer's section comes as three columns (AttemptAnswer.objects.raw sets
# them as attributes), enough for the page: its title, link and whether it is
# published.
_ANSWERS = (
    'SELECT {answer}.*, {section}."title" AS section_title, '
    '{section}."slug" AS section_slug, '
    '{section}."is_published" AS section_is_published '
    "FROM {answer} LEFT JOIN {section} "
    'ON {section}."id" = {answer}."guide_section_id" '
    'WHERE {answer}."attempt_id" = %s ORDER BY {answer}."order"'
)


def attempt_answers(attempt: Attempt) -> list[AttemptAnswer]:
    """The attempt's answers in order, each with its guide section's title,
    slug and whether it is published (the rest of the section is deferred):
    one query."""
    field = AttemptAnswer._meta.get_field("guide_section")
    section = field.related_model
    sql = _ANSWERS.format(
        answer=connection.ops.quote_name(AttemptAnswer._meta.db_table),
        section=connection.ops.quote_name(section._meta.db_table),
    )
    answers = list(AttemptAnswer.objects.raw(sql, [attempt.pk]))
    for answer in answers:
        if answer.guide_section_id is not None:
            answer.guide_section = section.from_db(
                connection.alias,
                ["id", "title", "slug", "is_published"],
                [
                    answer.guide_section_id,
                    answer.section_title,
                    answer.section_slug,
                    bool(answer.section_is_published),
                ],
            )
    return answers
