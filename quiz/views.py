from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core import outage
from core.access import refuse
from core.preview import preview_context, staff_preview

from . import cache, selectors, services
from .forms import QuizForm
from .models import Attempt, Quiz


@require_safe
def quiz_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "quiz/quiz_list.html",
        {"quizzes": selectors.quizzes_listed(request.user)},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def quiz_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Take the quiz. A logged-in user's attempt is saved and shown at its own
    address; a visitor sees the graded result on this page, unsaved."""
    # The quiz with its page's version: its questions come next (for a GET,
    # only when they are not kept).
    quiz = get_object_or_404(selectors.quizzes_versioned(), slug=slug)
    if request.method != "POST":
        return _show(request, quiz)
    user = request.user if request.user.is_authenticated else None
    return _take(request, quiz, user=user)


def _show(request: HttpRequest, quiz: Quiz) -> HttpResponse:
    """The quiz form not sent: its questions (the same for everyone) from
    memory (quiz.cache) while the quiz's version is the same, its one-time
    token the request's own."""
    questions_html = cache.questions(
        request,
        QUIZ_PAGE,
        quiz_pk=quiz.pk,
        version=quiz.content_version,
        context=lambda: {"form": QuizForm(questions=selectors.quiz_questions(quiz))},
    )
    return _page(
        request,
        quiz,
        # Its token: a form without questions has the same.
        QuizForm(questions=[]),
        questions_html,
        total=quiz.question_total,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@staff_preview(Quiz)
def quiz_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The quiz as members will take it, drafts included. Submitting grades the
    answers and shows the result as a visitor sees it: nothing is saved, so
    staff trying a quiz never add to its attempts or statistics."""
    quiz = get_object_or_404(Quiz, slug=slug)
    return _take(request, quiz, user=None, extra=preview_context(quiz))


def _take(
    request: HttpRequest, quiz: Quiz, *, user, extra: dict | None = None
) -> HttpResponse:
    """The quiz form, or the graded result: saved as `user`'s attempt, or
    unsaved without a user."""
    extra = extra or {}
    questions = selectors.quiz_questions(quiz)
    form = QuizForm(
        request.POST if request.method == "POST" else None, questions=questions
    )
    if request.method == "POST" and form.is_valid():
        with outage.keep_input(request, message=outage.UNSAVED_CHOICES):
            attempt = services.attempt_submit(
                user=user,
                quiz=quiz,
                answers=form.answers(),
                token=form.cleaned_data["token"],
                questions=questions,
            )
            if user is not None:
                return redirect(attempt)
            return render(
                request,
                "quiz/attempt_detail.html",
                {
                    "result": attempt,
                    "answers": attempt.graded_answers,
                    "quiz": quiz,
                    **extra,
                },
            )
    questions_html = render_to_string(f"{QUIZ_PAGE}#body", {"form": form}, request)
    return _page(request, quiz, form, questions_html, total=len(questions), **extra)


QUIZ_PAGE = "quiz/quiz_detail.html"


def _page(request, quiz, form, questions_html, *, total: int, **extra):
    """The quiz page around its questions (`questions_html`: the partial
    `body` of quiz_detail.html), with `form`'s errors and one-time token."""
    return render(
        request,
        QUIZ_PAGE,
        {
            "quiz": quiz,
            "form": form,
            "questions_html": questions_html,
            "question_total": total,
            "pass_required": quiz.pass_required(total),
            **extra,
        },
    )


@never_cache
@login_required
@require_safe
def attempt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = selectors.attempt_with_quiz(request.user, pk)
    if attempt is None:
        refuse(request, Attempt, pk)
    return render(
        request,
        "quiz/attempt_detail.html",
        {
            "result": attempt,
            "answers": selectors.attempt_answers(attempt),
            "attempt": attempt,
            "quiz": attempt.quiz,
        },
    )


@never_cache
@login_required
@require_safe
def attempt_list(request: HttpRequest) -> HttpResponse:
    page = selectors.attempts_page(request.user, request.GET.get("page"))
    return render(request, "quiz/attempt_list.html", {"page": page})
