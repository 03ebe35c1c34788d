"""Emails people can use (issue 12, case 9): in development the console shows
each link whole on one line, and every account email greets by the site's name."""

import email.policy
import io
import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.urls import resolve, reverse

from core.mail import WholeLinesEmail
from tests.auth import log_in_recently
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-new-and-long-passphrase-42"
# A whole link on one line of the console output: "=" at the end of a line
# would be a quoted-printable soft break.
LINK = re.compile(r"^.*?(https?://testserver(/\S+))$", re.MULTILINE)
# An address long enough that the links and the lines naming it pass the 78
# characters after which the default email policy switches to quoted-printable.
LONG_EMAIL = "a.person.with.a.rather.long.name.for.testing@example.com"


@pytest.fixture
def console(settings) -> io.StringIO:
    """Mail goes to the console backend, as with `make run`; returns what it
    writes."""
    stream = io.StringIO()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.console.EmailBackend",
            "OPTIONS": {"stream": stream},
        }
    }
    return stream


def _links(output: str) -> list[str]:
    return [match.group(2) for match in LINK.finditer(output)]


def _sign_up(client, email: str = LONG_EMAIL):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "consent": "on"},
    )


def test_a_sign_up_link_copied_from_the_console_confirms_the_account(client, console):
    response = _sign_up(client)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("account_email_verification_sent")

    output = console.getvalue()
    assert "quoted-printable" not in output
    assert not [line for line in output.splitlines() if line.endswith("=")]
    [path] = _links(output)
    assert resolve(path).view_name == "account_confirm_email"

    page = client.get(path)
    assert page.status_code == HTTPStatus.OK
    assert LONG_EMAIL in page.content.decode()
    response = client.post(path)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")
    assert EmailAddress.objects.get(email=LONG_EMAIL).verified
    dashboard = client.get(reverse("journal:dashboard"))
    assert dashboard.status_code == HTTPStatus.OK
    assert dashboard.context["user"].email == LONG_EMAIL


@pytest.mark.parametrize(
    ("send", "subject", "opens"),
    [
        pytest.param(
            # Adding an address is a security change: the password first.
            lambda client, user: (
                log_in_recently(client, user),
                client.post(
                    reverse("account_email"),
                    {"action_add": "", "email": "second." + LONG_EMAIL},
                ),
            ),
            "Confirm",
            "second." + LONG_EMAIL,
            id="confirm-an-added-address",
        ),
        pytest.param(
            lambda client, user: client.post(
                reverse("account_reset_password"), {"email": user.email}
            ),
            "Password Reset",
            'name="password1"',
            id="password-reset",
        ),
    ],
)
def test_every_account_email_shows_its_link_whole(
    client, console, send, subject, opens
):
    user = UserFactory(email=LONG_EMAIL)

    send(client, user)

    output = console.getvalue()
    assert subject.lower() in output.lower()
    assert "quoted-printable" not in output
    [path] = _links(output)
    # The link works: the confirmation names the address, the reset asks for
    # the new password (after allauth moves the key out of the address).
    page = client.get(path, follow=True)
    assert page.status_code == HTTPStatus.OK
    assert opens in page.content.decode()


def test_non_ascii_text_goes_out_as_8bit_utf8_with_its_link_whole():
    link = "https://psoasapp.example.org/account/confirm-email/" + "K" * 90 + "/"
    message = WholeLinesEmail("Bienvenue", f"Zoë, confirmez ici :\n{link}\n")

    for policy in (email.policy.default, email.policy.SMTP):
        # As the console and SMTP backends write it: bytes, not as_string().
        text = message.message(policy=policy).as_bytes().decode()

        assert "Content-Transfer-Encoding: 8bit" in text
        assert f"Zoë, confirmez ici :{policy.linesep}{link}" in text


def test_account_emails_greet_by_the_sites_name(client):
    _sign_up(client, "new.person@example.com")

    [message] = mail.outbox
    assert message.body.startswith("Hello from psoasapp!")
    assert "127.0.0.1" not in message.body
    assert "Hello from testserver" not in message.body


def test_a_superuser_from_createsuperuser_logs_in_to_the_admin_at_once(
    client, monkeypatch
):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser",
        "--noinput",
        "--email",
        "Admin.Person@example.com",
        stdout=io.StringIO(),
    )
    address = EmailAddress.objects.get(user__email="admin.person@example.com")
    assert (address.email, address.verified, address.primary) == (
        "admin.person@example.com",
        True,
        True,
    )

    login = client.get(reverse("admin:login") + "?next=/admin/", follow=True)
    assert login.status_code == HTTPStatus.OK
    response = client.post(
        login.redirect_chain[-1][0],
        {"login": "admin.person@example.com", "password": PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert response.status_code == HTTPStatus.OK
    assert mail.outbox == []
