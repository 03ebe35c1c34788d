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


class VersionedHTML:
    """Up to `size` pieces of HTML, the least recently stored dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, tuple[str, SafeString]] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self, key: Hashable, version: str | None, render: Callable[[], SafeString]
    ) -> SafeString:
        """The HTML kept for `key` while its version is `version`; else
        `render()`'s, kept unless `version` is None (a page without rows, a
        staff preview: nothing to tell its next state by)."""
        full_key = (key, get_script_prefix(), get_urlconf())
        if version is not None:
            kept = self._kept.get(full_key)
            if kept is not None and kept[0] == version:
                return kept[1]
        rendered = render()
        if version is not None:
            with self._lock:
                self._kept[full_key] = (version, rendered)
                self._kept.move_to_end(full_key)
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
        return rendered

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def stored(self) -> list[Hashable]:
        """The keys kept, each with its script prefix and URLconf, the least
        recently stored first."""
        return list(self._kept)


class VersionedData:
    """Up to `size` values the same for everyone (content read from the
    database), each kept pickled while its version is the same: every caller
    gets its own copy, so that nothing one request changes reaches another."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, tuple[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get[Value](
        self, key: Hashable, version: str, make: Callable[[], Value]
    ) -> Value:
        """A copy of the value kept for `key` while its version is `version`;
        else `make()`'s, kept."""
        kept = self._kept.get(key)
        if kept is not None and kept[0] == version:
            return pickle.loads(kept[1])
        value = make()
        with self._lock:
            self._kept[key] = (version, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
