"""The content pages' bodies (guide, exercises, routines), rendered once per
version of the content and kept in each server process's memory.

The content is the same for every member, so a page's body (its `body`
partial: everything but what depends on the request, which the page renders
around it) is rendered once and kept, tagged with the content's version
(selectors.content_version_sql). The version is read in the page's own first
query, with its rows (selectors.*_versioned), so keeping costs no query; the
rest of the page's queries (photos, steps, items, tips: selectors.*_load) run
only to render a body. An edit, a bulk publish or a delete moves the version
in the database, so every process renders the body again on its next load.

The keeping is core.kept's (the key holds the script prefix and URLconf the
body's addresses were reversed for). Bodies hold no personal data: no user,
no CSRF token, no CSP nonce.
"""

from collections.abc import Callable, Hashable

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from core.kept import VersionedHTML

from . import selectors

# A key per page and slug: a few dozen in all.
_bodies = VersionedHTML(size=256)


def body(
    request: HttpRequest,
    template: str,
    *,
    key: Hashable,
    version: str | None,
    load: Callable[[], object],
    context: dict,
) -> SafeString:
    """Partial `body` of `template` for page `key`: from memory while the
    content's `version` is the one it was rendered at; else `load()` the rest
    of its data and render it with `context`. Never kept without a version
    (a page without rows, a staff preview)."""

    def render() -> SafeString:
        load()
        return render_to_string(f"{template}#body", context, request=request)

    return _bodies.get(key, version, render)


@receiver(setting_changed, dispatch_uid="exercises.cache.forget")
def forget(**kwargs) -> None:
    """Drop this process's bodies and kept items (a setting changed: in
    tests)."""
    _bodies.clear()
    selectors.routine_items_forget()
