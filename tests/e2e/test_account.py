"""Journey 6: privacy. A visitor reads the privacy notice from the footer and
is stopped at sign-up without consent; a member confirms their password,
downloads their data from the account page and deletes their account (within
the confirmation's window, so the deletion does not ask again)."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from journal.models import CheckIn
from tests.factories import DEFAULT_PASSWORD, CheckInFactory

from .browser import CheckedPage
from .conftest import log_in

User = get_user_model()


def test_a_visitor_reads_the_notice_and_must_consent_to_sign_up(web: CheckedPage):
    page = web.page
    web.goto(reverse("home"))
    web.click(page.get_by_role("contentinfo").get_by_role("link", name="Privacy"))
    assert page.url == web.url(reverse("privacy"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")

    web.goto(reverse("account_signup"))
    page.get_by_label("Email").fill("careful@example.com")
    page.get_by_label("Password:", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_label("Password (again)").fill(DEFAULT_PASSWORD)
    consent = page.get_by_label("I agree to psoasapp storing")
    expect(consent).not_to_be_checked()
    # The browser's own check stops an unticked box before the server sees it;
    # without it, the server's error sits next to the box.
    page.locator("form.stacked-form").evaluate("form => form.noValidate = true")
    web.click(page.get_by_role("button", name="Sign Up"))
    expect(consent).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_consent_error")).to_contain_text("Tick this box")
    assert not User.objects.filter(email="careful@example.com").exists()


def test_a_member_downloads_their_data_and_deletes_their_account(
    web: CheckedPage, member
):
    CheckInFactory(user=member, notes="Better after the stretch.")
    page = web.page
    log_in(web, member)
    web.goto(reverse("home"))
    web.click(page.get_by_role("link", name=f"Account settings for {member.email}"))
    assert page.url == web.url(reverse("account"))

    # The download asks for the password again first (re-authentication),
    # says why, and comes back to the account page, where the download starts:
    # a download loads no document, so there is nothing to check().
    web.click(page.get_by_role("button", name="Download my data"))
    assert page.url.startswith(web.url(reverse("account_reauthenticate")))
    expect(page.get_by_role("main")).to_contain_text("To download your data")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    web.click(page.get_by_role("button", name="Confirm"))
    assert page.url == web.url(reverse("account")) + "#download-title"
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my data").click()
    download = info.value
    assert download.suggested_filename == "psoasapp-data.json"
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["profile"]["email"] == member.email
    assert [c["notes"] for c in data["check_ins"]] == ["Better after the stretch."]

    web.goto(reverse("account"))
    web.click(page.get_by_role("link", name="Delete my account"))
    page.get_by_label("Password").fill("not my password")
    page.get_by_label("I understand").check()
    web.click(page.get_by_role("button", name="Delete my account"))
    expect(page.locator("#id_password_error")).to_contain_text("Incorrect password")
    assert User.objects.filter(pk=member.pk).exists()

    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_label("I understand").check()
    web.click(page.get_by_role("button", name="Delete my account"))
    assert page.url == web.url(reverse("home"))
    expect(page.get_by_role("status")).to_contain_text("have been deleted")
    account_nav = page.get_by_role("navigation", name="Account")
    expect(account_nav.get_by_role("link", name="Log in")).to_be_visible()
    assert not User.objects.filter(pk=member.pk).exists()
    assert not CheckIn.objects.exists()
