"""The quiz page's questions, rendered once per version of the quiz and kept
in each server process's memory (issue 20).

The questions are the same for everyone, so the quiz page's `body` partial
(the radio groups, without the form's one-time token or CSRF token, which the
page renders around it) is rendered once and kept, tagged with the quiz's
version (selectors.quizzes_versioned: read in the page's first query, with
the quiz). An edit of the quiz, a question or a choice moves the version in
the database, so every process renders the questions again on its next
load. The keeping is core.kept's, as for the content pages
(exercises.cache). Bodies hold no personal data.
"""

from collections.abc import Callable

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from core.kept import VersionedHTML

# A key per published quiz: a handful.
_bodies = VersionedHTML(size=64)


def questions(
    request: HttpRequest,
    template: str,
    *,
    quiz_pk: int,
    version: str,
    context: Callable[[], dict],
) -> SafeString:
    """Partial `body` of `template` for the quiz `quiz_pk`: from memory while
    the quiz's `version` is the one it was rendered at; else rendered with
    `context()` (which reads the questions)."""
    return _bodies.get(
        quiz_pk,
        version,
        lambda: render_to_string(f"{template}#body", context(), request=request),
    )


@receiver(setting_changed, dispatch_uid="quiz.cache.forget")
def forget(**kwargs) -> None:
    """Drop this process's bodies (a setting changed: in tests)."""
    _bodies.clear()
