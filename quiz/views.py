from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core import outage
from core.access import owned_or_404
from core.preview import preview_context, staff_preview

from . import selectors, services
from .forms import QuizForm
from .models import Quiz


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
    # Only the quiz: its questions come next, and are counted from them.
    quiz = get_object_or_404(Quiz.objects.published(), slug=slug)
    user = request.user if request.user.is_authenticated else None
    return _take(request, quiz, user=user)


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
    return render(
        request,
        "quiz/quiz_detail.html",
        {
            "quiz": quiz,
            "form": form,
            "pass_required": quiz.pass_required(len(questions)),
            **extra,
        },
    )


@never_cache
@login_required
@require_safe
def attempt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = owned_or_404(request, selectors.attempts_with_quiz(request.user), pk)
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
