"""When the database is unavailable: pages answer 503 with Retry-After and a
calm page, and a form whose save fails comes back with what was typed.

Three pieces, one rule (`is_outage`):
- `OutageMiddleware.process_exception`: a view that meets an unavailable
  database answers the outage page (templates/503.html) instead of a 500.
- `server_error`, the project's handler500: the same for a fault outside the
  views (a middleware saving the session, say).
- `keep_input`, around a form's save in a view: the save is given up, the
  same page is shown again with the bound form and a message, and the
  middleware turns its status into 503.

Only faults of the database's availability count (no connection, a timeout,
locked, read-only, disk full); a bug such as a missing table or a broken
constraint stays a 500."""

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import patch_cache_control
from django.views import defaults

logger = logging.getLogger(__name__)

UNSAVED = (
    "Your entry was not saved: the site is having trouble with its database. "
    "Nothing you typed is lost: it is all still in the form below. Wait a "
    "minute, then press the button to save it again."
)
# For a form of choices (the quiz): nothing was typed.
UNSAVED_CHOICES = (
    "Your answers were not saved: the site is having trouble with its "
    "database. Your choices are all still selected in the form below. Wait a "
    "minute, then press the button to send them again."
)

# SQLite's result codes that mean "not now" rather than "wrong" (the extended
# codes, SQLITE_IOERR_WRITE say, start with one of them).
_SQLITE_UNAVAILABLE = {
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_READONLY",
    "SQLITE_FULL",
    "SQLITE_IOERR",
    "SQLITE_CANTOPEN",
    "SQLITE_PROTOCOL",
}
# PostgreSQL's SQLSTATE classes of the same kind: connection exception,
# insufficient resources (disk full, too many connections), operator
# intervention (shutdown, statement timeout), system error; and 25006, a
# write in a read-only transaction (a standby).
_POSTGRES_UNAVAILABLE_CLASSES = {"08", "53", "57", "58"}
_POSTGRES_READ_ONLY = "25006"

# Set on the request by keep_input, read by OutageMiddleware.
_UNSAVED_ATTRIBUTE = "_outage_unsaved"


def is_outage(error: BaseException) -> bool:
    """Whether `error` says the database is unavailable, not that a query or
    the data is wrong."""
    if isinstance(error, InterfaceError):
        return True  # the connection closed under us
    if not isinstance(error, DatabaseError):
        return False
    cause = error.__cause__
    sqlite_name = getattr(cause, "sqlite_errorname", None)
    if sqlite_name:
        return "_".join(sqlite_name.split("_")[:2]) in _SQLITE_UNAVAILABLE
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return (
            sqlstate[:2] in _POSTGRES_UNAVAILABLE_CLASSES
            or sqlstate == _POSTGRES_READ_ONLY
            or isinstance(error, OperationalError)
        )
    # No code: a connection that could not be made (psycopg) or one raised by
    # hand.
    return isinstance(error, OperationalError)


def outage_response() -> HttpResponse:
    """The outage page. Rendered without the request, so that no context
    processor (the user menu, messages) reaches for the database."""
    response = HttpResponse(
        loader.render_to_string("503.html", {"outage": True}), status=503
    )
    response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
    # Never kept by a cache; and so the middleware that marks personal pages
    # no-store need not ask who the user is (which needs the database).
    patch_cache_control(response, no_store=True)
    return response


def _log(request: HttpRequest, error: BaseException) -> None:
    logger.error(
        "Database unavailable: %s %s answered 503",
        request.method,
        request.path,
        exc_info=(type(error), error, error.__traceback__),
    )


class OutageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _UNSAVED_ATTRIBUTE, False):
            response.status_code = 503
            response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
        return response

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not is_outage(exception):
            return None
        _log(request, exception)
        return outage_response()


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: Django calls it while handling the exception, so
    sys.exception() is the fault."""
    error = sys.exception()
    if error is not None and is_outage(error):
        return outage_response()
    return defaults.server_error(request)


class keep_input:
    """Around a form's save in a view:

        with outage.keep_input(request):
            services.thing_save(...)
            return redirect(...)
        return render(request, "form.html", {"form": form})

    When the database is unavailable, the save's transaction is rolled back,
    the fault is logged, the page gets the message (UNSAVED unless told) and
    the view goes on to show the bound form (everything typed) again, answered
    with 503 and Retry-After. Put it outside the save's transaction.atomic(), and say
    "saved" only after the save."""

    def __init__(self, request: HttpRequest, *, message: str = UNSAVED):
        self.request = request
        self.message = message

    def __enter__(self) -> "keep_input":
        return self

    def __exit__(self, error_type, error, traceback) -> bool:
        if error is None or not is_outage(error):
            return False
        _log(self.request, error)
        messages.error(self.request, self.message)
        setattr(self.request, _UNSAVED_ATTRIBUTE, True)
        return True
