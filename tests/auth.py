"""Logging a test client in as a person who has just confirmed who they are.

The download, the account deletion and the security settings ask for the
password again (allauth's reauthentication) unless the person confirmed it in
the last ACCOUNT_REAUTHENTICATION_TIMEOUT seconds. `client.force_login` gives a
session without that confirmation, so those pages first send it to confirm
(tests/psoasapp/test_two_factor.py holds that); tests about what the pages do
once confirmed log in with `log_in_recently`.

`totp_code` computes what an authenticator app shows (RFC 6238), as a test
needs it to turn on two-factor authentication and to log in with it."""

import base64
import hashlib
import hmac
import struct
import time
from http import HTTPStatus

from django.test import Client
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD


def confirm_password(client: Client, password: str = DEFAULT_PASSWORD) -> None:
    """Confirm the password on allauth's page, as the person would."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == HTTPStatus.FOUND, response.content


def log_in_recently(client: Client, user, password: str = DEFAULT_PASSWORD) -> Client:
    """Log `client` in as `user`, who has just confirmed their password."""
    client.force_login(user)
    confirm_password(client, password)
    return client


TOTP_PERIOD = 30


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for `secret` (base32) at
    the time `at` (now by default): HMAC-SHA1 of the 30-second step, truncated
    as RFC 4226 says."""
    step = int((time.time() if at is None else at) // TOTP_PERIOD)
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def fresh_totp_code(secret: str, *, margin: float = 2) -> str:
    """A code with at least `margin` seconds left in its step (allauth accepts
    the current step only): waits for the next step when this one is ending."""
    left = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if left < margin:
        time.sleep(left + 0.05)
    return totp_code(secret)
