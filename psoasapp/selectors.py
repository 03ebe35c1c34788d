"""Reads that shape the account page's data."""

from allauth.usersessions.models import UserSession
from django.http import HttpRequest


def logged_in_browsers(request: HttpRequest) -> list[UserSession]:
    """The browsers logged in to the person's account, oldest login first, as
    allauth's own list shows them (`is_current()` tells the one making the
    request). Rows of sessions that have ended (logged out, expired) are
    dropped on the way."""
    return sorted(
        UserSession.objects.purge_and_list(request.user),
        key=lambda browser: (browser.created_at, browser.pk),
    )
