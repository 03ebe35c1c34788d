"""Old addresses, bookmarked or sent in emails before the URLs moved, redirect
for good to the page's new address (psoasapp/moved.py): 301 for GET and HEAD,
308 for a POST, keeping the rest of the path and the query string, and never
to another site. The old addresses are written out here as people have them."""

import re
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from journal.models import Session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()

ROUTINE = "iliopsoas-relief"
NEW_PASSWORD = "a-new-and-long-passphrase-42"
KEY = "MQ:1vXyZa:AbCdEfGh-12"

# (old address, new address)
OLD_TO_NEW = [
    pytest.param(
        f"/routines/{ROUTINE}/session/",
        reverse("journal:session", args=[ROUTINE]),
        id="session-player",
    ),
    pytest.param(
        f"/routines/{ROUTINE}/session/?day=2026-01-05&x=%C3%A9",
        reverse("journal:session", args=[ROUTINE]) + "?day=2026-01-05&x=%C3%A9",
        id="session-player-query",
    ),
    pytest.param("/accounts/", reverse("account"), id="accounts"),
    pytest.param("/accounts/login/", reverse("account_login"), id="login"),
    pytest.param(
        "/accounts/login/?next=/journal/",
        reverse("account_login") + "?next=/journal/",
        id="login-next",
    ),
    pytest.param("/accounts/logout/", reverse("account_logout"), id="logout"),
    pytest.param("/accounts/signup/", reverse("account_signup"), id="signup"),
    pytest.param("/accounts/email/", reverse("account_email"), id="email"),
    pytest.param(
        "/accounts/password/change/",
        reverse("account_change_password"),
        id="password-change",
    ),
    pytest.param(
        "/accounts/password/reset/",
        reverse("account_reset_password"),
        id="password-reset",
    ),
    pytest.param(
        f"/accounts/confirm-email/{KEY}/",
        reverse("account_confirm_email", args=[KEY]),
        id="confirm-email-link",
    ),
    pytest.param(
        "/accounts/password/reset/key/1-abc123-def456/",
        reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": "1", "key": "abc123-def456"},
        ),
        id="password-reset-link",
    ),
    pytest.param(
        "/accounts/no-such-page/", reverse("account") + "no-such-page/", id="unknown"
    ),
]


@pytest.fixture(params=["anonymous", "member"])
def anyone(request) -> Client:
    client = Client()
    if request.param == "member":
        client.force_login(UserFactory())
    return client


@pytest.mark.parametrize(("old", "new"), OLD_TO_NEW)
@pytest.mark.parametrize("method", ["get", "head"])
def test_an_old_address_moved_permanently(anyone, old, new, method):
    response = getattr(anyone, method)(old)

    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == new


@pytest.mark.parametrize(("old", "new"), OLD_TO_NEW)
def test_a_post_to_an_old_address_is_sent_on_as_a_post(anyone, old, new):
    """308, not 301: a browser repeats the POST, body and all, at the new
    address instead of turning it into a GET."""
    response = anyone.post(old, {"field": "value"})

    assert response.status_code == HTTPStatus.PERMANENT_REDIRECT
    assert response["Location"] == new


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_other_methods_are_refused(anyone, method):
    for old in (f"/routines/{ROUTINE}/session/", "/accounts/login/"):
        assert getattr(anyone, method)(old).status_code == (
            HTTPStatus.METHOD_NOT_ALLOWED
        )


def test_the_old_login_form_logs_in_through_the_redirect(client, user, password):
    """A login page opened before the move posts to /accounts/login/."""

    response = client.post(
        "/accounts/login/",
        {"login": user.email, "password": "wrong-password"},
        follow=True,
    )
    assert response.redirect_chain == [
        (reverse("account_login"), HTTPStatus.PERMANENT_REDIRECT)
    ]
    assert "_auth_user_id" not in client.session

    response = client.post(
        "/accounts/login/",
        {"login": user.email, "password": password},
        follow=True,
    )
    assert int(client.session["_auth_user_id"]) == user.pk
    assert response.redirect_chain[0] == (
        reverse("account_login"),
        HTTPStatus.PERMANENT_REDIRECT,
    )


def test_a_visitor_at_the_old_player_address_logs_in_to_the_new_one(client):
    new = reverse("journal:session", args=[ROUTINE])

    response = client.get(f"/routines/{ROUTINE}/session/", follow=True)

    assert response.redirect_chain == [
        (new, HTTPStatus.MOVED_PERMANENTLY),
        (
            reverse("account_login") + "?next=" + new,
            HTTPStatus.FOUND,
        ),
    ]
    assert response.status_code == HTTPStatus.OK


def test_a_member_at_the_old_player_address_gets_the_player(user_client):
    response = user_client.get(f"/routines/{ROUTINE}/session/", follow=True)

    assert response.redirect_chain == [
        (reverse("journal:session", args=[ROUTINE]), HTTPStatus.MOVED_PERMANENTLY)
    ]
    assert response.status_code == HTTPStatus.OK
    assert response.templates[0].name == "journal/session_player.html"


def test_a_player_form_from_before_the_move_still_records_the_session(
    user_client, user
):
    """The finish form of a player opened at the old address posts there."""
    new = reverse("journal:session", args=[ROUTINE])
    form = user_client.get(new).context["form"]
    data = {
        name: "" if value is None else str(value)
        for name, value in ((n, form[n].value()) for n in form.fields)
    }
    data.update({"pain_during": "2", "effort": "right"})

    response = user_client.post(f"/routines/{ROUTINE}/session/", data, follow=True)

    assert response.redirect_chain[0] == (new, HTTPStatus.PERMANENT_REDIRECT)
    session = Session.objects.get(user=user)
    assert response.redirect_chain[-1] == (
        session.get_absolute_url(),
        HTTPStatus.FOUND,
    )
    assert session.routine.slug == ROUTINE


@pytest.mark.parametrize(
    "old",
    [
        "/accounts//evil.example/",
        "/accounts///evil.example",
        "/accounts/%2F%2Fevil.example/",
        "/accounts/%5C%5Cevil.example/",
        "/accounts/\\\\evil.example/",
        "/accounts/https://evil.example/",
        "/accounts/..%2F..%2F%2F%2Fevil.example",
        "/accounts/login/?next=https://evil.example/",
        "/accounts/?//evil.example",
    ],
)
def test_an_old_address_never_redirects_to_another_site(client, old):
    location = client.get(old)["Location"]

    parts = urlsplit(location)
    assert (parts.scheme, parts.netloc) == ("", "")
    assert location.startswith(reverse("account"))
    assert "\n" not in location and "\r" not in location
    assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"})
    # and where it goes, a browser resolves it against this site only
    assert not re.match(r"^[/\\]{2}", location)


def test_a_line_break_in_an_old_address_finds_nothing(client):
    response = client.get("/accounts/%0D%0ALocation:%20https://evil.example/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Location" not in response


def test_the_account_redirects_are_never_stored(client):
    """They may carry a one-time key, as allauth's own pages do."""
    response = client.get(f"/accounts/confirm-email/{KEY}/")

    assert "no-store" in response["Cache-Control"]


def _link_in(message) -> str:
    match = re.search(r"https?://testserver(/\S+)", message.body)
    assert match, f"no link in the email: {message.body!r}"
    return match.group(1)


def _as_sent_before_the_move(link: str) -> str:
    """The same link as an email sent before the move wrote it."""
    assert link.startswith(reverse("account"))
    return "/accounts/" + link.removeprefix(reverse("account"))


def test_an_email_confirmation_link_sent_before_the_move_confirms(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "early.bird@example.com",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "consent": "on",
        },
    )
    old_link = _as_sent_before_the_move(_link_in(mail.outbox[0]))

    page = client.get(old_link, follow=True)
    assert page.status_code == HTTPStatus.OK
    assert page.redirect_chain == [
        (
            old_link.replace("/accounts/", reverse("account"), 1),
            HTTPStatus.MOVED_PERMANENTLY,
        )
    ]
    assert "early.bird@example.com" in page.content.decode()
    assert not EmailAddress.objects.get(email="early.bird@example.com").verified
    # The confirmation page rendered before the move posted to the old link.
    response = client.post(old_link, follow=True)

    assert response.status_code == HTTPStatus.OK
    assert EmailAddress.objects.get(email="early.bird@example.com").verified
    user = User.objects.get(email="early.bird@example.com")
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_password_reset_link_sent_before_the_move_resets_the_password(
    client, user, password
):
    client.post(reverse("account_reset_password"), {"email": user.email})
    old_link = _as_sent_before_the_move(_link_in(mail.outbox[0]))

    # allauth then moves the key out of the URL, to the session.
    response = client.get(old_link, follow=True)
    assert response.status_code == HTTPStatus.OK
    assert response.redirect_chain[0] == (
        old_link.replace("/accounts/", reverse("account"), 1),
        HTTPStatus.MOVED_PERMANENTLY,
    )
    set_password_url = response.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(password)
