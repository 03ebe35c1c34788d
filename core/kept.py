"""HTML and data that are the same for everyone, made once per version of
what they show and kept in each server process's memory: the content pages'
bodies (exercises.cache), the quiz page's questions (quiz.cache) and a
routine's items (exercises.selectors.routine_items_kept).

Each entry is tagged with the version its HTML was rendered at, read by the
page in its own first query; a page whose version moved renders again. The
key holds the script prefix and URLconf the HTML's addresses were reversed
for. What is kept holds no personal data: no user, no CSRF token, no CSP
nonce; health data is never kept here (journal.cache keeps that per user).
"""

import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString


class _Kept:
    """Up to `size` entries (a version and what was made at it), the least
    recently stored dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, tuple[str, object]] = OrderedDict()
        self._lock = threading.Lock()

    def _at(self, key: Hashable, version: str):
        """What is kept for `key` at `version`, or None."""
        kept = self._kept.get(key)
        return kept[1] if kept is not None and kept[0] == version else None

    def _keep(self, key: Hashable, version: str, made) -> None:
        with self._lock:
            self._kept[key] = (version, made)
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def stored(self) -> list[Hashable]:
        """The keys kept, the least recently stored first."""
        return list(self._kept)


class VersionedHTML(_Kept):
    """HTML, kept per key, script prefix and URLconf (its addresses)."""

    def get(
        self, key: Hashable, version: str | None, render: Callable[[], SafeString]
    ) -> SafeString:
        """The HTML kept for `key` while its version is `version`; else
        `render()`'s, kept unless `version` is None (a page without rows, a
        staff preview: nothing to tell its next state by)."""
        full_key = (key, get_script_prefix(), get_urlconf())
        if version is not None:
            kept = self._at(full_key, version)
            if kept is not None:
                return kept
        rendered = render()
        if version is not None:
            self._keep(full_key, version, rendered)
        return rendered


class VersionedData(_Kept):
    """Values the same for everyone (content read from the database), each
    kept pickled: every caller gets its own copy, so that nothing one request
    changes reaches another."""

    def get[Value](
        self, key: Hashable, version: str, make: Callable[[], Value]
    ) -> Value:
        """A copy of the value kept for `key` while its version is `version`;
        else `make()`'s, kept."""
        kept = self._at(key, version)
        if kept is not None:
            return pickle.loads(kept)
        value = make()
        self._keep(key, version, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        return value
