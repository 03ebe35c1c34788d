"""The dashboard's body, kept in each server process's memory per user.

A body is tagged with the plan's journal_version and the day it was made for.
Every write to a user's journal (the services in journal.services) moves the
version in the same transaction, and the view reads the plan, with its version,
before the data it renders; so a body is always at least as new as its tag, and
a tag that no longer matches is never served. Content that staff edit (routines,
exercises) can show up to BODY_TIMEOUT late.

The bodies hold health data: they live in process memory only (never in the
shared cache or the database), expire after BODY_TIMEOUT, and `forget` drops
the current process's copies with the account.
"""

import datetime
from collections.abc import Callable

from django.core.cache import caches

from .series import RANGES

BODY_TIMEOUT = 10 * 60
CACHE_ALIAS = "dashboard"


def _key(user_id: int, part: str) -> str:
    return f"journal:dashboard:{user_id}:{part}"


def cached_body(
    *, user_id: int, version: int, part: str, today: datetime.date,
    render: Callable[[], str],
) -> str:  # fmt: skip
    """`render()`'s result for this user and part, from memory while the
    journal's version and the day are the same."""
    bodies = caches[CACHE_ALIAS]
    key, tag = _key(user_id, part), (version, today)
    entry = bodies.get(key)
    if entry is not None and entry[0] == tag:
        return entry[1]
    body = render()
    bodies.set(key, (tag, body), BODY_TIMEOUT)
    return body


def forget(user_id: int) -> None:
    caches[CACHE_ALIAS].delete_many([_key(user_id, part) for part in RANGES])
