"""Signing up, confirming the email address, logging in and out, resetting and
changing the password, the failed-login limit, and the admin's login through
allauth."""

import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

User = get_user_model()

NEW_PASSWORD = "a-new-and-long-passphrase-42"


def _link_in(message) -> str:
    match = re.search(r"https?://testserver(/\S+)", message.body)
    assert match, f"no link in the email: {message.body!r}"
    return match.group(1)


def _sign_up(client, email="new.person@example.com", password=NEW_PASSWORD):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password, "consent": "on"},
    )


def _is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_sign_up_confirm_email_log_out_and_log_in(client):
    response = _sign_up(client)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.com")
    assert not _is_logged_in(client), "mandatory verification: no login yet"

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.com"]
    confirm_url = _link_in(mail.outbox[0])

    page = client.get(confirm_url)
    assert page.status_code == HTTPStatus.OK
    assert "new.person@example.com" in page.content.decode()
    # Confirmation happens on POST only: a mail scanner's GET confirms nothing.
    assert not EmailAddress.objects.get(user=user).verified

    response = client.post(confirm_url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")
    assert EmailAddress.objects.get(user=user).verified
    assert _is_logged_in(client)

    response = client.post(reverse("account_logout"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")
    assert not _is_logged_in(client)

    response = client.post(
        reverse("account_login"),
        {"login": "New.Person@Example.com", "password": NEW_PASSWORD},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_log_in_is_refused_until_the_email_is_confirmed(client):
    _sign_up(client)
    client.post(reverse("account_logout"))

    response = client.post(
        reverse("account_login"),
        {"login": "new.person@example.com", "password": NEW_PASSWORD},
    )

    assert response["Location"] == reverse("account_email_verification_sent")
    assert not _is_logged_in(client)


@pytest.mark.django_db
def test_log_out_needs_post(user_client):
    response = user_client.get(reverse("account_logout"))

    assert response.status_code == HTTPStatus.OK  # a confirmation page
    html = response.content.decode()
    assert "Are you sure you want to log out?" in html
    assert f'method="post" action="{reverse("account_logout")}"' in html
    assert _is_logged_in(user_client)


@pytest.mark.django_db
def test_password_reset_by_email(client, user, password):
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    reset_url = _link_in(mail.outbox[0])

    response = client.get(reset_url)  # allauth moves the key out of the URL
    assert response.status_code == HTTPStatus.FOUND
    set_password_url = response["Location"]
    response = client.post(
        set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("account_reset_password_from_key_done")

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(password)
    assert client.login(email=user.email, password=NEW_PASSWORD)


@pytest.mark.django_db
def test_password_change(user_client, user, password):
    response = user_client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("account_change_password")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_password_change_with_wrong_current_password_is_refused(
    user_client, user, password
):
    response = user_client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-it", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["oldpassword"]
    user.refresh_from_db()
    assert user.check_password(password)


@pytest.mark.django_db
def test_repeated_failed_logins_are_refused_once_the_limit_is_reached(
    client, user, password
):
    login_url = reverse("account_login")
    for _ in range(5):
        response = client.post(login_url, {"login": user.email, "password": "wrong"})
        assert response.status_code == HTTPStatus.OK
        assert not _is_logged_in(client)

    # The right password no longer helps: the account is cooling down.
    response = client.post(login_url, {"login": user.email, "password": password})

    assert not _is_logged_in(client)
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "password1", "password2", "field", "message"),
    [
        pytest.param(
            "not-an-email",
            NEW_PASSWORD,
            NEW_PASSWORD,
            "email",
            "valid email",
            id="invalid-email",
        ),
        pytest.param(
            "", NEW_PASSWORD, NEW_PASSWORD, "email", "required", id="no-email"
        ),
        pytest.param(
            "new@example.com",
            "password123",
            "password123",
            "password1",
            "too common",
            id="common-password",
        ),
        pytest.param(
            "new@example.com", "Xq7!p", "Xq7!p", "password1", "too short", id="short"
        ),
        pytest.param(
            "new@example.com",
            NEW_PASSWORD,
            NEW_PASSWORD + "x",
            "password2",
            "same password",
            id="mismatch",
        ),
    ],
)
def test_bad_sign_up_input_shows_a_field_error_and_creates_no_user(
    client, email, password1, password2, field, message
):
    # A registered address is not a field error: sign-up answers it as a new
    # one (tests/psoasapp/test_enumeration.py).
    users_before = User.objects.count()

    response = client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": password1,
            "password2": password2,
            "consent": "on",
        },
    )

    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert User.objects.count() == users_before
    assert mail.outbox == []
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert f'id="id_{field}_error"' in html


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_admin_login_shares_allauths_failed_login_limit(client, password):
    staff = UserFactory(is_staff=True)
    for _ in range(5):
        client.post(reverse("account_login"), {"login": staff.email, "password": "x"})

    client.post(reverse("account_login"), {"login": staff.email, "password": password})

    response = client.get(reverse("admin:index"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == (
        f"{reverse('admin:login')}?next={reverse('admin:index')}"
    )
    assert not _is_logged_in(client)


@pytest.mark.django_db
def test_staff_reach_the_admin_after_logging_in(client, password):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.post(reverse("account_login"), {"login": staff.email, "password": password})

    response = client.get(reverse("admin:index"))
    assert response.status_code == HTTPStatus.OK
    assert response.context["user"] == staff
    assert "<h1>Site administration</h1>" in response.content.decode()


@pytest.mark.django_db
def test_emails_are_unique_whatever_their_case(db):
    from django.db import IntegrityError, transaction

    User.objects.create_user("Mixed@Example.com", "pw")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="MIXED@example.com")
