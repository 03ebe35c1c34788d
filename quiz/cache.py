"""The quiz page's questions, rendered once per version of the quiz and kept
in each server process's memory (issue 20).

The questions are the same for everyone, so the quiz page's `body` partial
(the radio groups, without the form's one-time token or CSRF token, which the
page renders around it) is rendered once and kept, tagged with the quiz's
version (selectors.quizzes_versioned: read in the page's first query, with
the quiz). An edit of the quiz, a question or a choice moves the version in
the database, so every process renders the questions again on its next
load. This is exercises.cache's way with the content pages, which quiz may
not import (tests/core/test_layers.py): the same few lines, for one page.

The key holds the script prefix and URLconf the body's addresses were
reversed for. Bodies hold no personal data.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString

# A key per published quiz: a handful.
MAX_BODIES = 64
_bodies: OrderedDict[Hashable, tuple[str, SafeString]] = OrderedDict()
_lock = threading.Lock()


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
    key = (quiz_pk, get_script_prefix(), get_urlconf())
    kept = _bodies.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    rendered = render_to_string(f"{template}#body", context(), request=request)
    with _lock:
        _bodies[key] = (version, rendered)
        _bodies.move_to_end(key)
        while len(_bodies) > MAX_BODIES:
            _bodies.popitem(last=False)
    return rendered


@receiver(setting_changed, dispatch_uid="quiz.cache.forget")
def forget(**kwargs) -> None:
    """Drop this process's bodies (a setting changed: in tests)."""
    with _lock:
        _bodies.clear()
