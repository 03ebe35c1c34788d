"""The periodic chores of `manage.py maintain`, run daily (the README shows
the cron line and the systemd timer). Each deletes what has outlived its use
and returns how many rows went, or None when its store cannot count them; a
second run straight after the first finds nothing left to do."""

import datetime
from collections.abc import Callable

from allauth.account.models import EmailConfirmation
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .audit import audit_prune
from .sessions import session_store_class, stored_session_model


def sessions_clear_expired() -> int | None:
    """What `manage.py clearsessions` does, counted: the database session
    engines (db, cached_db) delete their expired rows here; any other engine
    clears its own (the cache expires them by itself, cookies hold nothing)."""
    model = stored_session_model()
    if model is None:
        session_store_class().clear_expired()
        return None
    deleted, _ = model.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def cache_rows_clear_expired() -> int:
    """The expired rows of every database cache (allauth's rate-limit counters,
    mostly). Django's database cache deletes them only when a write finds the
    table past MAX_ENTRIES, so without this they stay for ever. The same
    statement as the cache's own cull."""
    deleted = 0
    for alias in settings.CACHES:
        cache = caches[alias]
        if not isinstance(cache, DatabaseCache):
            continue
        connection = connections[router.db_for_write(cache.cache_model_class)]
        quote_name = connection.ops.quote_name
        now = timezone.now().replace(microsecond=0)
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {quote_name(cache._table)} "
                f"WHERE {quote_name('expires')} < %s",
                [connection.ops.adapt_datetimefield_value(now)],
            )
            deleted += cursor.rowcount
    return deleted


def email_confirmations_clear_expired() -> int:
    """allauth's stored email confirmations past their expiry. With the
    default signed (HMAC) links none is stored, so this is usually 0."""
    deleted, _ = EmailConfirmation.objects.all_expired().delete()
    return deleted


def browser_rows_clear_ended() -> int:
    """The rows of the account page's "Logged-in browsers" list whose session
    has ended (expired and cleared, or deleted). allauth removes them only
    when their owner opens the list, so a member who never does would keep an
    IP address and browser name for ever."""
    model = stored_session_model()
    if model is not None:
        live = model.objects.filter(expire_date__gte=timezone.now())
        deleted, _ = UserSession.objects.exclude(
            session_key__in=live.values("session_key")
        ).delete()
        return deleted
    # Sessions in a cache: ask the store about each row.
    store = session_store_class()()
    ended = [
        row.pk
        for row in UserSession.objects.only("pk", "session_key").iterator()
        if not store.exists(row.session_key)
    ]
    deleted, _ = UserSession.objects.filter(pk__in=ended).delete()
    return deleted


# Finished background tasks (django-tasks-db's rows: a task's path, its
# arguments, which are row ids, and its outcome) are kept this long for
# looking into a failure, then deleted.
TASK_RESULTS_KEPT = datetime.timedelta(days=7)


def task_results_prune() -> int:
    """Finished task rows older than TASK_RESULTS_KEPT, and rows a worker
    claimed that long ago and never finished (it died: django-tasks-db leaves
    them RUNNING for ever; the reminder they carried was queued again)."""
    cutoff = timezone.now() - TASK_RESULTS_KEPT
    deleted, _ = DBTaskResult.objects.filter(
        Q(pk__in=DBTaskResult.objects.finished().values("pk"), finished_at__lt=cutoff)
        | Q(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    ).delete()
    return deleted


# (what the command prints, the chore), in the order they run.
CHORES: list[tuple[str, Callable[[], int | None]]] = [
    ("expired sessions deleted", sessions_clear_expired),
    ("ended browsers removed from the logged-in list", browser_rows_clear_ended),
    ("audit events past the retention period deleted", audit_prune),
    ("expired cache rows deleted", cache_rows_clear_expired),
    ("expired email confirmations deleted", email_confirmations_clear_expired),
    ("finished or abandoned background tasks deleted", task_results_prune),
]


def register(label: str, chore: Callable[[], int | None]) -> None:
    """Add an app's chore (from its AppConfig.ready()): this layer imports
    no app, so apps bring their own."""
    if all(existing is not chore for _, existing in CHORES):
        CHORES.append((label, chore))
