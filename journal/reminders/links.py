"""The signed one-click unsubscribe link of a reminder email (RFC 8058): it
names the person and the kind of reminder, needs no login, and cannot be
forged or altered without the site's secret key."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "psoasapp.journal.reminders.unsubscribe"


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=SALT)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    """(user id, kind) from a token, or None when it was not made by this
    site (tampered, truncated, or signed with a retired key)."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("u"), int)
        or not isinstance(value.get("k"), str)
    ):
        return None
    return value["u"], value["k"]


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    path = reverse(
        "journal:reminder-unsubscribe",
        kwargs={"token": unsubscribe_token(user_id=user_id, kind=kind)},
    )
    return settings.SITE_URL + path


def absolute(path: str) -> str:
    return settings.SITE_URL + path
