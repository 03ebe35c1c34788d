"""No enumeration (issue 16, case 4): whether an address has an account is
itself health information here, so sign-up and password reset answer the same
for every address. The owner of a registered address learns of a sign-up with
it by email; an address with no account gets no email at all."""

import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from tests.auth import log_in_recently
from tests.factories import UserFactory
from tests.html import assert_accessible_page

pytestmark = pytest.mark.django_db

User = get_user_model()

PASSWORD = "a-new-and-long-passphrase-42"
REGISTERED = "taken@example.com"
# What differs between two answers for reasons other than the address: the
# CSRF token and the CSP nonce are new on every response.
VOLATILE = re.compile(r'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]*"')


class CountingHasher(MD5PasswordHasher):
    """The test settings' fast hasher, counting the passwords it hashes."""

    hashed: list[str] = []

    def encode(self, password, salt):
        self.hashed.append(password)
        return super().encode(password, salt)


@pytest.fixture
def hashed(settings) -> list[str]:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.hashed = []
    return CountingHasher.hashed


def _answer(client, url: str, data: dict, email: str) -> dict:
    """What a visitor sees after posting `data`: the status, where it sends
    them, and the page there, with the address typed (in any case) and the
    per-response tokens masked."""
    response = client.post(url, data)
    page = client.get(response["Location"]) if "Location" in response else response
    body = VOLATILE.sub(r'\1"…"', page.content.decode())
    # allauth shows the address in lower case, whatever case was typed.
    body = re.sub(re.escape(email), "ADDRESS", body, flags=re.IGNORECASE)
    return {
        "status": response.status_code,
        "location": response.get("Location"),
        "page status": page.status_code,
        "page": body,
    }


def _sign_up(client, email: str) -> dict:
    client.logout()
    return _answer(
        client,
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "consent": "on"},
        email,
    )


def _reset(client, email: str) -> dict:
    return _answer(client, reverse("account_reset_password"), {"email": email}, email)


@pytest.mark.parametrize("typed", [REGISTERED, REGISTERED.upper()])
def test_sign_up_with_a_registered_address_answers_as_for_a_new_one(client, typed):
    owner = UserFactory(email=REGISTERED)

    new = _sign_up(client, "someone.new@example.com")
    registered = _sign_up(client, typed)

    assert new["status"] == HTTPStatus.FOUND
    assert new["location"] == reverse("account_email_verification_sent")
    assert "Confirm your email address" in new["page"]
    assert registered == new
    assert "already" not in registered["page"]
    # No second account, and the owner's is untouched.
    assert User.objects.filter(email__iexact=REGISTERED).get() == owner
    assert User.objects.get(pk=owner.pk).password == owner.password


def test_the_owner_of_a_registered_address_is_told_of_the_sign_up(client, password):
    owner = UserFactory(email=REGISTERED)

    _sign_up(client, REGISTERED)

    [message] = mail.outbox
    assert message.to == [REGISTERED]
    assert message.subject == (
        "[psoasapp] Someone tried to sign up with your email address"
    )
    body = message.body
    assert body.startswith("Hello from psoasapp!")
    assert REGISTERED in body
    assert "nothing in your account has changed" in body
    assert "If it was you: log in" in body
    assert f"https://testserver{reverse('account_login')}" in body
    assert f"https://testserver{reverse('account_reset_password')}" in body
    assert "If it was not you, there is nothing to do" in body
    # Nothing in it lets the reader in or confirms anything.
    assert "confirm-email" not in body
    # And the owner can still log in with their own password.
    assert client.login(email=owner.email, password=password)


def test_a_new_address_gets_the_confirmation_and_no_warning(client):
    _sign_up(client, "someone.new@example.com")

    [message] = mail.outbox
    assert message.to == ["someone.new@example.com"]
    assert "Confirm Your Email Address" in message.subject
    assert "Someone tried" not in message.body


def test_both_sign_ups_hash_the_password_once(client, hashed):
    """A new sign-up's time is mostly the password hash: a registered address
    pays for one too, so the answer's timing does not tell them apart."""
    UserFactory(email=REGISTERED)
    hashed.clear()

    _sign_up(client, "someone.new@example.com")
    assert hashed == [PASSWORD]
    hashed.clear()

    _sign_up(client, REGISTERED)
    assert hashed == [PASSWORD]


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email=REGISTERED)

    known = _reset(client, REGISTERED)
    unknown = _reset(client, "nobody@example.com")

    assert known["status"] == HTTPStatus.FOUND
    assert known["location"] == reverse("account_reset_password_done")
    assert "If an account has that email address" in known["page"]
    assert re.search(r"<title>\s*Password reset", known["page"])
    assert_accessible_page(known["page"])
    assert unknown == known
    assert "not assigned" not in unknown["page"]


def test_password_reset_mails_only_a_known_address(client):
    UserFactory(email=REGISTERED)

    _reset(client, "nobody@example.com")
    assert mail.outbox == []

    _reset(client, REGISTERED)
    [message] = mail.outbox
    assert message.to == [REGISTERED]
    assert "/account/password/reset/key/" in message.body


def test_the_privacy_notice_explains_the_sign_up_attempt_email(client):
    notice = " ".join(client.get(reverse("privacy")).content.decode().split())

    assert "the site never tells anyone" in notice
    assert "we email you instead to say someone tried" in notice
    assert "A password reset for an address without an account sends nothing" in (
        notice
    )


def test_adding_another_accounts_address_answers_as_for_a_free_one(client):
    """The account page's "add an address" asks the same question as a member:
    it answers the same (the page then lists the address typed, as it does any
    address added), and the confirmation link cannot take the address from its
    owner."""
    owner = UserFactory(email=REGISTERED)
    # Adding an address asks for the password first (re-authentication).
    log_in_recently(client, UserFactory(email="me@example.com"))

    def add(email: str) -> tuple:
        response = client.post(
            reverse("account_email"), {"action_add": "", "email": email}
        )
        page = client.get(response["Location"])
        said = [str(message) for message in page.context["messages"]]
        return response.status_code, response["Location"], said

    free = add("free@example.com")
    taken = add(REGISTERED)

    assert free == (
        HTTPStatus.FOUND,
        reverse("account_email"),
        ["Confirmation email sent to free@example.com."],
    )
    assert taken == (
        HTTPStatus.FOUND,
        reverse("account_email"),
        [f"Confirmation email sent to {REGISTERED}."],
    )
    assert mail.outbox[-1].to == [REGISTERED]
    link = re.search(r"https?://testserver(/\S+)", mail.outbox[-1].body).group(1)
    client.post(link)
    verified = EmailAddress.objects.filter(email=REGISTERED, verified=True)
    assert list(verified.values_list("user", flat=True)) == [owner.pk]
