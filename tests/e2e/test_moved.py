"""Old addresses in a real browser (psoasapp/moved.py): a bookmarked session
player and a confirmation link emailed before the account moved to /account/
still lead where they did."""

import re
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD

from .browser import CheckedPage
from .conftest import log_in

ROUTINE = "iliopsoas-relief"
EMAIL = "early.bird@example.com"


def test_a_bookmarked_player_opens_at_its_new_address(web: CheckedPage, member):
    page = web.page
    log_in(web, member)

    web.goto(f"/routines/{ROUTINE}/session/?from=bookmark")

    assert page.url == web.url(
        reverse("journal:session", args=[ROUTINE]) + "?from=bookmark"
    )
    expect(page.get_by_role("button", name="Record session")).to_be_visible()
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="Journal")).to_have_attribute(
        "aria-current", "page"
    )


def test_a_confirmation_link_sent_before_the_move_confirms(
    web: CheckedPage, mailoutbox
):
    page = web.page
    web.goto(reverse("account_signup"))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password:", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_label("Password (again)").fill(DEFAULT_PASSWORD)
    page.get_by_label("I agree to psoasapp storing").check()
    web.click(page.get_by_role("button", name="Sign Up"))
    [link] = re.findall(r"https?://\S+/confirm-email/\S+", mailoutbox[0].body)
    new = urlsplit(link).path
    # The same link as an email written before the move: under /accounts/.
    old = "/accounts/" + new.removeprefix(reverse("account"))
    assert old != new

    web.goto(old)
    assert page.url == web.url(new)
    web.click(page.get_by_role("button", name="Confirm"))

    assert EmailAddress.objects.get(email=EMAIL).verified
    expect(
        page.get_by_role("link", name=f"Account settings for {EMAIL}")
    ).to_be_visible()
