"""Reads that shape the account page's data."""

from allauth.usersessions.models import UserSession
from django.http import HttpRequest

from core import rows

from .models import Consent


def consent_latest(user) -> Consent | None:
    """The person's latest consent to the privacy notice, None before any:
    one query, written out (the ORM took longer to compile it than the
    account page takes to render it)."""
    found = rows.of_user(
        Consent, user.pk, order='"accepted_at" DESC, "id" DESC', limit=1
    )
    return found[0] if found else None


def logged_in_browsers(request: HttpRequest) -> list[UserSession]:
    """The browsers logged in to the person's account: the one making the
    request first, then the others by latest login (a newcomer found "This
    browser" at the bottom of nine, oldest first). Rows of sessions that have
    ended (logged out, expired) are dropped on the way."""
    browsers = sorted(
        UserSession.objects.purge_and_list(request.user),
        key=lambda browser: (browser.created_at, browser.pk),
        reverse=True,
    )
    return sorted(browsers, key=lambda browser: not browser.is_current())


# Browser and system names in a user agent, first match wins: Edge, Opera and
# Samsung's browser also say "Chrome", and Chrome also says "Safari".
_BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Macintosh", "Mac"),
    ("Linux", "Linux"),
]


def browser_name(user_agent: str) -> str:
    """A short name a person recognises ("Firefox on Linux", "Safari on
    iPhone") for the description a browser sends, which runs to several lines
    on a phone. A guess from well-known words, for display only."""
    browser = next((name for key, name in _BROWSERS if key in user_agent), None)
    system = next((name for key, name in _SYSTEMS if key in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    if browser:
        return browser
    if system:
        return f"A browser on {system}"
    return "A browser psoasapp does not recognise"
