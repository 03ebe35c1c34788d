"""Journey: two-factor authentication and passkeys (issue 16, case 6).

A member turns on an authenticator app from the account page (the test
computes the codes the app would show), logs out and logs in with a code, then
with a recovery code, which a second time is refused. Another member adds a
passkey through Chromium's virtual authenticator (the DevTools protocol's
WebAuthn domain) and logs in with it alone. Every page, at 320 and 375 px too,
goes through CheckedPage.check()."""

from allauth.mfa.models import Authenticator
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.auth import fresh_totp_code
from tests.factories import DEFAULT_PASSWORD, UserFactory

from .browser import PHONE, SMALL_PHONE_WIDTH, CheckedPage


def _log_in_with_password(web: CheckedPage, email: str) -> None:
    page = web.page
    web.goto(reverse("account_login"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(DEFAULT_PASSWORD)
    web.click(page.get_by_role("button", name="Log in", exact=True))


def _log_out(web: CheckedPage) -> None:
    page = web.page
    web.click(page.get_by_role("button", name="Log out", exact=True))
    expect(page.get_by_role("button", name="Log out", exact=True)).to_have_count(0)


def _expect_logged_in(page: Page, email: str) -> None:
    expect(
        page.get_by_role("link", name=f"Account settings for {email}")
    ).to_be_visible()


def _confirm_password(web: CheckedPage) -> None:
    """allauth's re-authentication page, before a security change."""
    page = web.page
    assert page.url.startswith(web.url(reverse("account_reauthenticate")))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    web.click(page.get_by_role("button", name="Confirm"))


def test_a_member_turns_on_an_app_and_logs_in_with_a_code_and_a_recovery_code(
    web: CheckedPage, member
):
    web.phone_widths = [SMALL_PHONE_WIDTH, PHONE["width"]]
    page = web.page
    _log_in_with_password(web, member.email)
    web.goto(reverse("account"))
    section = page.get_by_role("region", name="Two-factor authentication")
    expect(section).to_contain_text("Authenticator app: off")

    web.click(section.get_by_role("link", name="Set up an authenticator app"))
    _confirm_password(web)
    assert page.url == web.url(reverse("mfa_activate_totp"))
    expect(
        page.get_by_role("img", name="QR code of your authenticator key")
    ).to_be_visible()
    secret = page.locator("#authenticator_secret").inner_text().strip()
    # The browser takes a moment to type: a code with time left in its step.
    page.get_by_label("Authenticator code").fill(fresh_totp_code(secret, margin=8))
    web.click(page.get_by_role("button", name="Turn on"))

    assert page.url == web.url(reverse("mfa_view_recovery_codes"))
    codes = page.get_by_label("Unused codes").input_value().split()
    assert len(codes) == 10
    assert Authenticator.objects.filter(user=member, type="totp").exists()
    web.goto(reverse("account"))
    expect(section).to_contain_text("Authenticator app: on")
    expect(section).to_contain_text("Recovery codes: 10 unused")

    # Log in again: the password, then the app's code.
    _log_out(web)
    _log_in_with_password(web, member.email)
    assert page.url == web.url(reverse("mfa_authenticate"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in: second step")
    page.get_by_label("Code").fill(fresh_totp_code(secret, margin=8))
    web.click(page.get_by_role("button", name="Log in", exact=True))
    _expect_logged_in(page, member.email)

    # A recovery code in place of the app, once.
    _log_out(web)
    _log_in_with_password(web, member.email)
    page.get_by_label("Code").fill(codes[0])
    web.click(page.get_by_role("button", name="Log in", exact=True))
    _expect_logged_in(page, member.email)

    _log_out(web)
    _log_in_with_password(web, member.email)
    page.get_by_label("Code").fill(codes[0])
    web.click(page.get_by_role("button", name="Log in", exact=True))
    assert page.url == web.url(reverse("mfa_authenticate"))
    expect(page.get_by_label("Code")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_code_error")).to_contain_text("Incorrect code")
    expect(page.get_by_role("button", name="Log out", exact=True)).to_have_count(0)


def _virtual_authenticator(page: Page) -> None:
    """A platform authenticator (like a phone's screen lock) that holds
    passkeys and verifies its user at once, through the DevTools protocol."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_a_member_adds_a_passkey_and_logs_in_with_it_alone(web: CheckedPage, member):
    web.phone_widths = [SMALL_PHONE_WIDTH, PHONE["width"]]
    page = web.page
    _virtual_authenticator(page)
    _log_in_with_password(web, member.email)
    web.goto(reverse("account"))

    section = page.get_by_role("region", name="Two-factor authentication")
    web.click(section.get_by_role("link", name="Add a passkey"))
    _confirm_password(web)
    assert page.url == web.url(reverse("mfa_add_webauthn"))
    page.get_by_label("Name").fill("My phone")
    # A passkey (logs in on its own) unless unticked.
    expect(page.get_by_label("A passkey")).to_be_checked()
    # The button asks the browser for a new key, then sends the form.
    web.click(page.get_by_role("button", name="Add"))

    passkey = Authenticator.objects.get(user=member, type="webauthn")
    assert passkey.wrap().name == "My phone"
    assert passkey.wrap().is_passwordless is True
    web.goto(reverse("mfa_list_webauthn"))
    expect(page.get_by_role("listitem").filter(has_text="My phone")).to_contain_text(
        "Passkey: logs you in on its own"
    )
    # Its rename and remove pages, left without a change.
    web.goto(reverse("mfa_edit_webauthn", args=[passkey.pk]))
    expect(page.get_by_label("Name")).to_have_value("My phone")
    web.goto(reverse("mfa_remove_webauthn", args=[passkey.pk]))
    expect(page.get_by_role("button", name="Remove")).to_be_visible()
    web.goto(reverse("account"))
    expect(section).to_contain_text("(My phone)")

    # Log out, then in with the passkey alone: no email address, no password.
    _log_out(web)
    web.goto(reverse("account_login"))
    web.click(page.get_by_role("button", name="Use a passkey instead"))
    _expect_logged_in(page, member.email)
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None


def test_a_superuser_is_sent_from_the_admin_to_add_a_second_factor(
    web: CheckedPage, settings
):
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    web.phone_widths = [SMALL_PHONE_WIDTH, PHONE["width"]]
    page = web.page
    superuser = UserFactory(is_staff=True, is_superuser=True)
    _log_in_with_password(web, superuser.email)

    web.goto(reverse("admin:index"))
    assert page.url == web.url(reverse("mfa_index"))
    expect(
        page.get_by_role("heading", name="Add a second factor to use the admin")
    ).to_be_visible()
    web.click(page.get_by_role("link", name="Set up an authenticator app"))
    _confirm_password(web)
    secret = page.locator("#authenticator_secret").inner_text().strip()
    page.get_by_label("Authenticator code").fill(fresh_totp_code(secret, margin=8))
    web.click(page.get_by_role("button", name="Turn on"))

    web.goto(reverse("admin:index"))
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    web.goto(reverse("mfa_index"))
    expect(page.get_by_text("Add a second factor to use the admin")).to_have_count(0)
    expect(page.get_by_role("region", name="Authenticator app")).to_contain_text("On")

    # The other pages of the journey: the browsers list, and turning it off.
    web.click(page.get_by_role("link", name="Logged-in browsers"))
    expect(page.locator(".browser-item")).to_have_count(1)
    expect(page.locator(".browser-item")).to_contain_text("This browser")
    web.goto(reverse("mfa_index"))
    web.click(page.get_by_role("link", name="Turn off the authenticator app"))
    web.click(page.get_by_role("button", name="Turn off"))
    assert page.url == web.url(reverse("mfa_index"))
    expect(page.get_by_role("status")).to_contain_text("Authenticator app turned off")
    expect(
        page.get_by_role("heading", name="Add a second factor to use the admin")
    ).to_be_visible()
