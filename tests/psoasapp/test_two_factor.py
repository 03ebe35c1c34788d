"""Two-factor authentication, passkeys, logged-in browsers and re-authentication
(issue 16, case 6: "Health data behind a password alone; no way to see or end
one's other sessions")."""

import json
import re
from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.usersessions.models import UserSession
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from psoasapp import selectors
from psoasapp.models import User
from tests.auth import fresh_totp_code, log_in_recently, totp_code
from tests.factories import (
    DEFAULT_PASSWORD,
    TOTP_SECRET,
    AuthenticatorFactory,
    PasskeyFactory,
    UserFactory,
    UserSessionFactory,
)

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) Safari/604.1"


def _log_in(client: Client, user, *, user_agent: str = FIREFOX):
    return client.post(
        reverse("account_login"),
        {"login": user.email, "password": DEFAULT_PASSWORD},
        headers={"user-agent": user_agent},
    )


def _logged_in_as(client: Client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def _with_recovery_codes(user) -> list[str]:
    AuthenticatorFactory(user=user)
    return RecoveryCodes.activate(user).get_unused_codes()


def _reauthenticate_url(next_url: str) -> str:
    return f"{reverse('account_reauthenticate')}?{urlencode({'next': next_url})}"


# Turning on an authenticator app ----------------------------------------------


def test_a_member_turns_on_an_authenticator_app_with_the_code_it_shows(client):
    user = UserFactory()
    log_in_recently(client, user)

    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(
        reverse("mfa_activate_totp"), {"code": fresh_totp_code(secret)}
    )

    assert page.status_code == HTTPStatus.OK
    # The key to type in, beside the QR code, and a labelled field for the code.
    html = page.content.decode()
    assert f'id="authenticator_secret">{secret}</code>' in html
    assert '<label for="id_code">' in html
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    assert totp.data["secret"] == secret
    assert Authenticator.objects.filter(
        user=user, type=Authenticator.Type.RECOVERY_CODES
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_the_first_codes_are_not_announced_as_replacing_old_ones(client):
    """Seen at 320 px: "the old ones no longer work" on a first enrolment.
    (Transactional: allauth adds "turned on" once its transaction commits.)"""
    log_in_recently(client, UserFactory())
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret

    response = client.post(
        reverse("mfa_activate_totp"),
        {"code": fresh_totp_code(secret)},
        follow=True,
    )

    html = response.content.decode()
    assert response.redirect_chain == [
        (reverse("mfa_view_recovery_codes"), HTTPStatus.FOUND)
    ]
    assert "Authenticator app turned on." in html
    assert "Recovery codes made: keep them somewhere safe." in html
    assert "old ones" not in html


def test_a_wrong_code_is_refused_next_to_the_field(client):
    user = UserFactory()
    log_in_recently(client, user)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("mfa_activate_totp"), {"code": wrong})

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["code"] == ["Incorrect code."]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()


def test_turning_on_two_factor_asks_for_the_password_first(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("mfa_activate_totp")

    response = client.get(url)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == _reauthenticate_url(url)


# Logging in with a second factor ------------------------------------------------


def test_logging_in_asks_for_the_code_after_the_password(client):
    user = UserFactory()
    AuthenticatorFactory(user=user)

    after_password = _log_in(client, user)
    code = fresh_totp_code(TOTP_SECRET)
    wrong = client.post(
        reverse("mfa_authenticate"), {"code": f"{(int(code) + 1) % 1_000_000:06d}"}
    )
    right = client.post(reverse("mfa_authenticate"), {"code": code})

    assert after_password.status_code == HTTPStatus.FOUND
    assert after_password["Location"] == reverse("mfa_authenticate")
    assert wrong.status_code == HTTPStatus.OK
    assert wrong.context["form"].errors["code"] == ["Incorrect code."]
    assert right.status_code == HTTPStatus.FOUND
    assert right["Location"] == reverse("home")
    assert _logged_in_as(client) == user.pk


def test_the_password_alone_does_not_log_in_an_account_with_two_factors(client):
    user = UserFactory()
    AuthenticatorFactory(user=user)

    _log_in(client, user)
    page = client.get(reverse("journal:dashboard"))

    assert _logged_in_as(client) is None
    assert page.status_code == HTTPStatus.FOUND
    assert page["Location"].startswith(reverse("account_login"))
    second_step = client.get(reverse("mfa_authenticate"))
    html = second_step.content.decode()
    assert "<h1>Log in: second step</h1>" in html
    assert "6-digit code from your authenticator app" in html
    # Newcomer finding: no passkey button for an account without a passkey.
    assert "Use a passkey or security key" not in html
    assert "mfa_webauthn_authenticate" not in html


def test_the_second_step_offers_a_passkey_to_an_account_that_has_one(client):
    user = UserFactory()
    PasskeyFactory(user=user)
    RecoveryCodes.activate(user)

    _log_in(client, user)
    html = client.get(reverse("mfa_authenticate")).content.decode()

    assert "<h1>Log in: second step</h1>" in html
    assert "Use your passkey or security key below" in html
    assert "authenticator app" not in html
    assert "Use a passkey or security key" in html
    assert 'id="mfa_webauthn_authenticate"' in html


def test_a_recovery_code_logs_in_once(client):
    user = UserFactory()
    codes = _with_recovery_codes(user)

    _log_in(client, user)
    first = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    client.post(reverse("account_logout"))
    _log_in(client, user)
    again = client.post(reverse("mfa_authenticate"), {"code": codes[0]})

    assert first.status_code == HTTPStatus.FOUND
    assert first["Location"] == reverse("home")
    assert again.status_code == HTTPStatus.OK
    assert again.context["form"].errors["code"] == ["Incorrect code."]
    assert _logged_in_as(client) is None
    assert len(RecoveryCodes.activate(user).get_unused_codes()) == len(codes) - 1


def test_the_passkey_button_is_on_the_login_page(client):
    html = client.get(reverse("account_login")).content.decode()

    assert 'id="passkey_login"' in html
    assert "Use a passkey instead" in html
    assert f'action="{reverse("mfa_login_webauthn")}"' in html


# Removing a factor ------------------------------------------------------------


def test_turning_off_the_app_removes_it_and_its_recovery_codes(client):
    user = UserFactory()
    _with_recovery_codes(user)
    log_in_recently(client, user)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("mfa_index")
    assert not Authenticator.objects.filter(user=user).exists()
    again = _log_in(Client(), user)
    assert again["Location"] == reverse("home")


def test_removing_a_passkey_keeps_the_app(client):
    user = UserFactory()
    AuthenticatorFactory(user=user)
    passkey = PasskeyFactory(user=user)
    log_in_recently(client, user)

    response = client.post(reverse("mfa_remove_webauthn", args=[passkey.pk]))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("mfa_list_webauthn")
    assert list(
        Authenticator.objects.filter(user=user).values_list("type", flat=True)
    ) == [Authenticator.Type.TOTP]


def test_a_member_cannot_remove_someone_elses_passkey(client):
    passkey = PasskeyFactory()
    log_in_recently(client, UserFactory())

    response = client.post(reverse("mfa_remove_webauthn", args=[passkey.pk]))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert Authenticator.objects.filter(pk=passkey.pk).exists()


# The pages --------------------------------------------------------------------


def test_the_account_page_says_which_factors_are_on_with_links(client):
    user = UserFactory()
    codes = _with_recovery_codes(user)
    PasskeyFactory(user=user, data__name="Work laptop")
    client.force_login(user)

    html = client.get(reverse("account")).content.decode()

    assert '<h2 id="two-factor-title">Two-factor authentication</h2>' in html
    assert "Authenticator app: <strong>on</strong>" in html
    assert "<strong>1</strong> (Work laptop)" in html
    assert f"Recovery codes: {len(codes)} unused" in html
    assert f'href="{reverse("mfa_deactivate_totp")}"' in html
    assert f'href="{reverse("mfa_add_webauthn")}"' in html
    assert f'href="{reverse("mfa_index")}"' in html
    assert codes[0] not in html


def test_the_account_page_offers_to_turn_two_factor_on(client):
    client.force_login(UserFactory())

    html = client.get(reverse("account")).content.decode()

    assert "Authenticator app: off" in html
    assert "Passkeys and security keys: none" in html
    assert f'href="{reverse("mfa_activate_totp")}"' in html


@pytest.mark.parametrize(
    "name",
    [
        "mfa_index",
        "mfa_activate_totp",
        "mfa_list_webauthn",
        "mfa_add_webauthn",
        "mfa_view_recovery_codes",
        "usersessions_list",
        "account_reauthenticate",
    ],
)
def test_the_two_factor_pages_keep_the_sites_layout(client, name):
    user = UserFactory()
    if name != "mfa_activate_totp":  # with an app on, that page turns it off
        _with_recovery_codes(user)
        PasskeyFactory(user=user)
    log_in_recently(client, user)

    response = client.get(reverse(name))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'href="/static/psoasapp/css/site.css"' in html
    assert html.count("<h1") == 1
    # No inline script or style: only data blocks and static files.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "style=" not in html


@pytest.mark.parametrize(
    ("name", "heading", "cancel"),
    [
        ("mfa_deactivate_totp", "Turn off the authenticator app", "mfa_index"),
        ("mfa_view_recovery_codes", "Recovery codes", "mfa_index"),
        (
            "mfa_generate_recovery_codes",
            "Make new recovery codes",
            "mfa_view_recovery_codes",
        ),
        ("mfa_edit_webauthn", "Rename a passkey or security key", "mfa_list_webauthn"),
        ("mfa_remove_webauthn", "Remove “Work laptop”", "mfa_list_webauthn"),
    ],
)
def test_the_other_two_factor_pages_speak_the_sites_words(
    client, name, heading, cancel
):
    """Newcomer finding: these were allauth's own ("Deactivate Authenticator
    App", "Edit Security Key"), with no way back but the browser's."""
    user = UserFactory()
    _with_recovery_codes(user)
    passkey = PasskeyFactory(user=user, data__name="Work laptop")
    log_in_recently(client, user)
    kwargs = {"pk": passkey.pk} if "webauthn" in name else {}

    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert f'<a href="{reverse(cancel)}">' in html
    for allauths in ("Deactivate", "Security Key", "Recovery Codes"):
        assert allauths not in html


def test_a_passkey_removed_is_named_in_the_sites_words(client):
    user = UserFactory()
    passkey = PasskeyFactory(user=user, data__name="Work laptop")
    log_in_recently(client, user)

    response = client.post(
        reverse("mfa_remove_webauthn", kwargs={"pk": passkey.pk}), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("mfa_list_webauthn")
    assert "Passkey or security key removed." in response.content.decode()
    assert not Authenticator.objects.filter(pk=passkey.pk).exists()


# Who must use two factors --------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "settings_", "sent_to_enrol"),
    [
        ("superuser", {"TWO_FACTOR_REQUIRED_FOR_SUPERUSERS": True}, True),
        ("superuser", {"TWO_FACTOR_REQUIRED_FOR_SUPERUSERS": False}, False),
        ("staff", {"TWO_FACTOR_REQUIRED_FOR_STAFF": True}, True),
        ("staff", {"TWO_FACTOR_REQUIRED_FOR_STAFF": False}, False),
        (
            "superuser",
            {
                "TWO_FACTOR_REQUIRED_FOR_SUPERUSERS": False,
                "TWO_FACTOR_REQUIRED_FOR_STAFF": True,
            },
            True,
        ),
    ],
)
def test_the_admin_sends_who_must_use_two_factors_to_enrol(
    client, settings, kind, settings_, sent_to_enrol
):
    for name, value in settings_.items():
        setattr(settings, name, value)
    user = UserFactory(is_staff=True, is_superuser=kind == "superuser")
    if kind == "staff":
        user.user_permissions.add(Permission.objects.get(codename="view_group"))
    client.force_login(user)

    responses = [
        client.get(reverse("admin:index")),
        client.get(reverse("admin:auth_group_changelist")),
    ]

    for response in responses:
        if sent_to_enrol:
            assert response.status_code == HTTPStatus.FOUND
            assert response["Location"] == reverse("mfa_index")
        else:
            assert response.status_code == HTTPStatus.OK
            assert "Site administration" in response.content.decode() or (
                "Select group" in response.content.decode()
            )


def test_superusers_must_use_two_factors_by_default():
    from psoasapp import settings as production

    assert production.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS is True
    assert production.TWO_FACTOR_REQUIRED_FOR_STAFF is False


def test_the_two_factor_page_says_why_the_admin_sent_them(client, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain == [(reverse("mfa_index"), HTTPStatus.FOUND)]
    html = response.content.decode()
    assert "Add a second factor to use the admin" in html
    assert f'href="{reverse("mfa_activate_totp")}"' in html


def _admin_factor_url() -> str:
    return (
        f"{reverse('mfa_reauthenticate')}?{urlencode({'next': reverse('admin:index')})}"
    )


@pytest.mark.parametrize(
    "factor",
    [AuthenticatorFactory, PasskeyFactory],
    ids=["authenticator-app", "passkey"],
)
def test_a_browser_that_gave_only_the_password_is_asked_for_the_factor(
    client, settings, factor
):
    """The newcomer's finding: a browser logged in with the password before the
    factor was added elsewhere opened the admin (and every journal) without it."""
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert client.get(reverse("admin:index"))["Location"] == reverse("mfa_index")
    factor(user=superuser)  # added from another browser

    responses = [
        client.get(reverse("admin:index")),
        client.get(reverse("admin:journal_checkin_changelist")),
    ]

    assert [response.status_code for response in responses] == [HTTPStatus.FOUND] * 2
    assert responses[0]["Location"] == _admin_factor_url()
    # A passkey-only account goes on to the passkey's own confirmation page.
    page = client.get(responses[0]["Location"], follow=True).content.decode()
    assert "The admin needs your second factor in this browser too" in page


def test_a_superuser_who_gave_the_code_in_this_browser_uses_the_admin(client, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    superuser = UserFactory(is_staff=True, is_superuser=True)
    AuthenticatorFactory(user=superuser)
    client.force_login(superuser)

    confirmed = client.post(_admin_factor_url(), {"code": fresh_totp_code(TOTP_SECRET)})
    response = client.get(reverse("admin:index"))

    assert confirmed.status_code == HTTPStatus.FOUND
    assert confirmed["Location"] == reverse("admin:index")
    assert response.status_code == HTTPStatus.OK
    assert "Site administration" in response.content.decode()
    page = client.get(reverse("mfa_index")).content.decode()
    assert "Add a second factor to use the admin" not in page


def test_a_superuser_who_logs_in_with_the_code_uses_the_admin(client, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    superuser = UserFactory(is_staff=True, is_superuser=True)
    AuthenticatorFactory(user=superuser)

    _log_in(client, superuser)
    client.post(reverse("mfa_authenticate"), {"code": fresh_totp_code(TOTP_SECRET)})
    response = client.get(reverse("admin:index"))

    assert _logged_in_as(client) == superuser.pk
    assert response.status_code == HTTPStatus.OK
    assert "Site administration" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_enrolling_in_this_browser_opens_the_admin_at_once(client, settings):
    """Turning the app on checked a code from it: no second question. (allauth
    says so after its transaction commits: a transactional test, so that it
    does before the response, as on the site.)"""
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    superuser = UserFactory(is_staff=True, is_superuser=True)
    log_in_recently(client, superuser)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": fresh_totp_code(secret)})

    response = client.get(reverse("admin:index"))

    assert response.status_code == HTTPStatus.OK
    assert "Site administration" in response.content.decode()


def test_recovery_codes_alone_do_not_count_as_a_second_factor(client, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    superuser = UserFactory(is_staff=True, is_superuser=True)
    RecoveryCodes.activate(superuser)
    client.force_login(superuser)

    response = client.get(reverse("admin:index"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("mfa_index")


def test_a_superuser_without_a_factor_may_still_log_out_and_use_the_site(
    client, settings
):
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)

    dashboard = client.get(reverse("journal:dashboard"))
    logout = client.post(reverse("admin:logout"))

    assert dashboard.status_code == HTTPStatus.OK
    assert dashboard.context["user"] == superuser
    assert logout.status_code == HTTPStatus.FOUND
    assert logout["Location"] == reverse("home")
    assert _logged_in_as(client) is None


# Re-authentication ------------------------------------------------------------


DELETE_FORM = {"password": DEFAULT_PASSWORD, "confirm": "on"}


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("mfa_activate_totp", None),
        ("mfa_add_webauthn", None),
        # The email page shows its form, and asks before a change. (Changing
        # the password asks for the current one in its own form.)
        ("account_email", {"action_add": "", "email": "second@example.com"}),
    ],
)
def test_a_login_without_a_recent_password_is_asked_for_it(client, name, data):
    user = UserFactory()
    client.force_login(user)
    url = reverse(name)

    response = client.get(url) if data is None else client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == _reauthenticate_url(url)
    assert User.objects.filter(pk=user.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ACCOUNT_EXPORT).exists()
    assert not user.emailaddress_set.filter(email="second@example.com").exists()


def test_the_download_asks_for_the_password_then_comes_back_to_the_account_page(
    client,
):
    """Newcomer finding: allauth's own decorator replayed the download as the
    answer to the confirmation page, which stayed on screen with the password
    filled in. Now the confirmation leads back to the account page."""
    user = UserFactory()
    client.force_login(user)
    back = f"{reverse('account')}#download-title"

    asked = client.post(reverse("account-export"))
    page = client.get(asked["Location"]).content.decode()
    confirmed = client.post(asked["Location"], {"password": DEFAULT_PASSWORD})
    download = client.post(reverse("account-export"))

    assert asked.status_code == HTTPStatus.FOUND
    assert asked["Location"] == _reauthenticate_url(back)
    assert "To download your data, first confirm it is you." in page
    assert confirmed.status_code == HTTPStatus.FOUND
    assert confirmed["Location"] == back
    assert download["Content-Disposition"] == (
        'attachment; filename="psoasapp-data.json"'
    )
    assert json.loads(download.content)["profile"]["email"] == user.email
    assert AuditEvent.objects.filter(action=AuditAction.ACCOUNT_EXPORT).count() == 1


def test_deleting_asks_for_the_password_once_in_its_own_form(client):
    """Newcomer finding: the password was asked on allauth's confirmation page
    and again in the deletion form."""
    user = UserFactory()
    client.force_login(user)

    page = client.get(reverse("account-delete"))
    wrong = client.post(
        reverse("account-delete"), {"password": "not my password", "confirm": "on"}
    )
    assert User.objects.filter(pk=user.pk).exists()
    deleted = client.post(reverse("account-delete"), DELETE_FORM)

    assert page.status_code == HTTPStatus.OK
    assert '<label for="id_password">' in page.content.decode()
    assert wrong.status_code == HTTPStatus.OK
    assert "Incorrect password" in wrong.content.decode()
    assert deleted.status_code == HTTPStatus.FOUND
    assert deleted["Location"] == reverse("home")
    assert not User.objects.filter(pk=user.pk).exists()


def test_a_wrong_password_confirms_nothing(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        _reauthenticate_url(reverse("account-export")), {"password": "not-it"}
    )

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["password"] == ["Incorrect password."]
    assert not AuditEvent.objects.filter(action=AuditAction.ACCOUNT_EXPORT).exists()


def test_the_confirmation_lasts_the_configured_window(client, settings):
    user = UserFactory()
    log_in_recently(client, user)
    within = client.post(reverse("account-export"))
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0

    after = client.post(reverse("account-export"))

    assert within.status_code == HTTPStatus.OK
    assert within["Content-Disposition"].startswith("attachment")
    assert after.status_code == HTTPStatus.FOUND
    assert after["Location"] == _reauthenticate_url(
        f"{reverse('account')}#download-title"
    )


def test_the_confirmation_page_says_why_and_for_how_long(client, settings):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 600
    user = UserFactory()
    AuthenticatorFactory(user=user)
    PasskeyFactory(user=user)
    client.force_login(user)

    response = client.get(_reauthenticate_url(reverse("account_email")))

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<h1>Confirm it is you</h1>" in html
    # The deletion asks in its own form, so the page no longer names it.
    assert "Downloading your data, and changing your email address" in html
    assert "deleting" not in html
    assert "not be asked again for the next 10 minutes." in html
    # The password here; the app's code or the passkey instead. Never a code
    # by email, which would let the mailbox stand in for the second factor.
    assert 'name="password"' in html
    assert f'href="{reverse("mfa_reauthenticate")}?next=' in html
    assert f'href="{reverse("mfa_reauthenticate_webauthn")}?next=' in html
    assert reverse("account_request_reauthentication_code") not in html


def test_the_window_comes_from_the_environment(production_env):
    from tests.conftest import run_python

    result = run_python(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ACCOUNT_REAUTHENTICATION_TIMEOUT, "
        "settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS, "
        "settings.TWO_FACTOR_REQUIRED_FOR_STAFF)",
        {
            **production_env,
            "DJANGO_REAUTHENTICATION_TIMEOUT": "120",
            "DJANGO_TWO_FACTOR_SUPERUSERS": "0",
            "DJANGO_TWO_FACTOR_STAFF": "1",
        },
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["120", "False", "True"]


def test_an_authenticator_code_confirms_too(client):
    user = UserFactory()
    AuthenticatorFactory(user=user)
    client.force_login(user)

    response = client.post(
        f"{reverse('mfa_reauthenticate')}?"
        f"{urlencode({'next': reverse('account-delete')})}",
        {"code": fresh_totp_code(TOTP_SECRET)},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("account-delete")
    page = client.get(reverse("account-delete"))
    assert page.status_code == HTTPStatus.OK
    assert "<h1>Delete your account</h1>" in page.content.decode()


# Logged-in browsers -----------------------------------------------------------


def test_the_account_page_lists_the_logged_in_browsers(user):
    here, phone = Client(), Client()
    _log_in(here, user)
    _log_in(phone, user, user_agent=PHONE)
    someone_else = UserFactory()
    _log_in(Client(), someone_else, user_agent="Someone else's browser")

    account = here.get(reverse("account")).content.decode()
    own_page = here.get(reverse("usersessions_list")).content.decode()

    assert '<h2 id="browsers-title">Logged-in browsers</h2>' in account
    assert "<h1>Logged-in browsers</h1>" in own_page
    for html in [account, own_page]:
        assert FIREFOX in html
        assert PHONE in html
        assert "Someone else" not in html
        # This one is marked; the phone has its own button, and all the
        # others one more.
        assert html.count("<strong>This browser</strong>") == 1
        # Newcomer finding: short names, this browser first (it was last).
        assert '<p class="browser-agent">Firefox on Linux</p>' in html
        assert '<p class="browser-agent">Safari on iPhone</p>' in html
        assert (
            html.index("Firefox on Linux")
            < html.index("This browser")
            < html.index("Safari on iPhone")
        )
        assert 'Log out this browser<span class="visually-hidden">: Safari on' in html
        assert html.count("Log out this browser") == 1
        assert "Log out all other browsers" in html


@pytest.mark.parametrize(
    ("user_agent", "name"),
    [
        (FIREFOX, "Firefox on Linux"),
        (PHONE, "Safari on iPhone"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, "
            "like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, "
            "like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 15_5) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/18.5 Safari/605.1.15",
            "Safari on Mac",
        ),
        ("curl/8.5.0", "A browser psoasapp does not recognise"),
        ("", "A browser psoasapp does not recognise"),
    ],
)
def test_a_browser_gets_a_short_name_a_person_recognises(user_agent, name):
    assert selectors.browser_name(user_agent) == name


def test_a_member_logs_out_one_other_browser(user):
    here, phone, laptop = Client(), Client(), Client()
    for client, agent in [(here, FIREFOX), (phone, PHONE), (laptop, "Laptop")]:
        _log_in(client, user, user_agent=agent)
    phone_row = UserSession.objects.get(user=user, user_agent=PHONE)

    response = here.post(
        reverse("account-browser-log-out", args=[phone_row.pk]),
        {"next": reverse("account")},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("account")
    assert _logged_in_as(phone) is None
    assert _logged_in_as(here) == _logged_in_as(laptop) == user.pk
    assert not UserSession.objects.filter(pk=phone_row.pk).exists()
    page = here.get(reverse("account"))
    assert "That browser has been logged out." in page.content.decode()
    assert PHONE not in page.content.decode()


def test_a_member_logs_out_every_other_browser(user):
    here, phone, laptop = Client(), Client(), Client()
    for client, agent in [(here, FIREFOX), (phone, PHONE), (laptop, "Laptop")]:
        _log_in(client, user, user_agent=agent)

    response = here.post(reverse("usersessions_list"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("usersessions_list")
    assert _logged_in_as(phone) is None
    assert _logged_in_as(laptop) is None
    assert _logged_in_as(here) == user.pk
    assert list(UserSession.objects.values_list("user_agent", flat=True)) == [FIREFOX]
    page = here.get(reverse("usersessions_list")).content.decode()
    assert "Every other browser has been logged out." in page


def test_a_member_cannot_log_out_someone_elses_browser(client, user):
    other = UserFactory()
    elsewhere = Client()
    _log_in(elsewhere, other)
    row = UserSession.objects.get(user=other)
    _log_in(client, user)

    response = client.post(reverse("account-browser-log-out", args=[row.pk]))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "<h1>Page not found</h1>" in response.content.decode()
    assert _logged_in_as(elsewhere) == other.pk
    assert UserSession.objects.filter(pk=row.pk).exists()
    # Refused like any other member's object: written to the audit log.
    refused = AuditEvent.objects.get(action=AuditAction.ACCESS_REFUSED)
    assert refused.target == f"usersessions.usersession #{row.pk}"


def test_logging_out_this_browser_from_the_list_logs_it_out(client, user):
    _log_in(client, user)
    row = UserSession.objects.get(user=user)

    response = client.post(reverse("account-browser-log-out", args=[row.pk]))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")
    assert _logged_in_as(client) is None


def test_the_list_keeps_no_activity(user, settings):
    client = Client()
    _log_in(client, user)
    at_login = UserSession.objects.get(user=user)

    client.get(reverse("journal:dashboard"), headers={"user-agent": PHONE})

    assert settings.USERSESSIONS_TRACK_ACTIVITY is False
    now = UserSession.objects.get(pk=at_login.pk)
    assert now.user_agent == FIREFOX
    assert now.last_seen_at == at_login.last_seen_at


# The download and the deletion --------------------------------------------------


def test_the_download_says_which_factors_are_on_and_never_their_secrets(client):
    user = UserFactory()
    codes = _with_recovery_codes(user)
    passkey = PasskeyFactory(user=user, data__name="Phone")
    UserSessionFactory(user=user, ip="198.51.100.4", user_agent=PHONE)
    log_in_recently(client, user)

    response = client.post(reverse("account-export"))

    data = json.loads(response.content)
    assert [factor["type"] for factor in data["two_factor"]] == [
        "totp",
        "recovery_codes",
        "webauthn",
    ]
    assert data["two_factor"][2]["name"] == "Phone"
    assert set(data["two_factor"][0]) == {"type", "created_at", "last_used_at"}
    body = response.content.decode()
    seed = Authenticator.objects.get(user=user, type="recovery_codes").data["seed"]
    credential = passkey.data["credential"]
    for secret in [
        TOTP_SECRET,
        seed,
        *codes,
        credential["rawId"],
        credential["response"]["attestationObject"],
    ]:
        assert secret not in body
    assert {
        "ip_address": "198.51.100.4",
        "browser": PHONE,
    }.items() <= data["logged_in_browsers"][0].items()


def test_deleting_the_account_removes_its_factors_and_browsers(client):
    user = UserFactory()
    _with_recovery_codes(user)
    PasskeyFactory(user=user)
    elsewhere = Client()
    _log_in(elsewhere, user)
    log_in_recently(client, user)
    others = [PasskeyFactory(), UserSessionFactory()]

    response = client.post(
        reverse("account-delete"), {"password": DEFAULT_PASSWORD, "confirm": "on"}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")
    assert not Authenticator.objects.filter(user_id=user.pk).exists()
    assert not UserSession.objects.filter(user_id=user.pk).exists()
    assert Authenticator.objects.filter(pk=others[0].pk).exists()
    assert UserSession.objects.filter(pk=others[1].pk).exists()


# The admin ------------------------------------------------------------------------


def test_only_superusers_see_factors_and_browsers_in_the_admin(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["mfa", "usersessions"])
    )
    client.force_login(staff)

    for name in [
        "admin:mfa_authenticator_changelist",
        "admin:usersessions_usersession_changelist",
    ]:
        response = client.get(reverse(name))
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "<h1>Access refused</h1>" in response.content.decode()


def test_the_admin_shows_who_enrolled_what_but_no_secret(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    member = UserFactory()
    totp = AuthenticatorFactory(user=member)
    codes = RecoveryCodes.activate(member).get_unused_codes()
    client.force_login(superuser)
    AuthenticatorFactory(user=superuser)

    listing = client.get(reverse("admin:mfa_authenticator_changelist"))
    detail = client.get(reverse("admin:mfa_authenticator_change", args=[totp.pk]))

    assert listing.status_code == detail.status_code == HTTPStatus.OK
    assert member.email in listing.content.decode()
    for html in [listing.content.decode(), detail.content.decode()]:
        assert TOTP_SECRET not in html
        assert codes[0] not in html
    assert 'name="data"' not in detail.content.decode()


def test_a_superuser_removes_a_members_lost_factor(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    AuthenticatorFactory(user=superuser)
    member = UserFactory()
    totp = AuthenticatorFactory(user=member)
    RecoveryCodes.activate(member)
    client.force_login(superuser)

    response = client.post(
        reverse("admin:mfa_authenticator_delete", args=[totp.pk]), {"post": "yes"}
    )

    assert response.status_code == HTTPStatus.FOUND
    # The admin's index: the list is read-only (Django goes back to it only
    # for those who may change).
    assert response["Location"] == reverse("admin:index")
    # Its recovery codes go with it: they never stand alone.
    assert not Authenticator.objects.filter(user=member).exists()
    assert _log_in(Client(), member)["Location"] == reverse("home")


def test_a_superuser_logs_a_members_browser_out(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    AuthenticatorFactory(user=superuser)
    member = UserFactory()
    elsewhere = Client()
    _log_in(elsewhere, member)
    row = UserSession.objects.get(user=member)
    client.force_login(superuser)

    response = client.post(
        reverse("admin:usersessions_usersession_delete", args=[row.pk]),
        {"post": "yes"},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:index")
    assert _logged_in_as(elsewhere) is None
    assert not UserSession.objects.filter(pk=row.pk).exists()
