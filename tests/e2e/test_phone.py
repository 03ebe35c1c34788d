"""Issue 12, case 8: on a phone (320 and 375 px wide) no page scrolls sideways,
with the content a real person accumulates: five years of check-ins, every
warning sign ticked, notes of 2,000 characters with and without spaces, and an
email address of more than 60 characters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import CheckIn, Session
from journal.models.entries import NOTES_MAX_LENGTH, WARNING_SIGN_FIELDS
from psoasapp.models import Consent
from tests.factories import PlanFactory, UserFactory

from .browser import PHONE, SMALL_PHONE_WIDTH, CheckedPage
from .conftest import log_in

LONG_EMAIL = (
    "a.person.with.a.rather.long.name.indeed@"
    "physiotherapy-and-rehabilitation.example.org"
)
UNBROKEN_NOTES = "x" * NOTES_MAX_LENGTH
SPACED_NOTES = ("Stiff after sitting at my desk all day. " * 60)[:NOTES_MAX_LENGTH]
YEARS = 5


@pytest.fixture
def long_user(content):
    """Five years of entries: every day a check-in, each warning sign on some
    days, the longest notes on the latest ones; sessions three days a week."""
    user = UserFactory(email=LONG_EMAIL)
    PlanFactory(user=user)
    Consent.objects.create(user=user, notice_version="2026-01")
    today = timezone.now().date()
    days = [today - datetime.timedelta(days=n) for n in range(365 * YEARS)]
    every_sign = {field: True for field, _ in WARNING_SIGN_FIELDS}
    CheckIn.objects.bulk_create(
        CheckIn(
            user=user,
            date=day,
            pain_score=n % 11,
            notes=(UNBROKEN_NOTES, SPACED_NOTES, "")[n % 3],
            **(every_sign if n % 4 == 0 else {}),
        )
        for n, day in enumerate(days)
    )
    Session.objects.bulk_create(
        Session(
            user=user,
            date=day,
            pain_during=3,
            effort="right",
            duration_minutes=20,
            notes=UNBROKEN_NOTES if n % 2 else SPACED_NOTES,
        )
        for n, day in enumerate(days)
        if day.weekday() in {0, 2, 4}
    )
    return user


PAGES = [
    reverse("journal:dashboard"),
    reverse("journal:dashboard") + "?range=all",
    reverse("journal:check-in-list"),
    reverse("journal:check-in-list") + "?page=50",
    reverse("journal:check-in"),
    reverse("journal:plan"),
    reverse("journal:report"),
    reverse("account"),
    reverse("account-delete"),
    reverse("account_email"),
]


def test_every_page_fits_a_phone_with_five_years_of_long_entries(
    web: CheckedPage, long_user
):
    web.phone_widths = [SMALL_PHONE_WIDTH, PHONE["width"]]
    # Confirmed: the deletion page asks for the password first otherwise.
    log_in(web, long_user, confirmed=True)
    latest = CheckIn.objects.filter(user=long_user).first()
    unbroken = CheckIn.objects.filter(user=long_user, notes=UNBROKEN_NOTES).first()
    spaced = CheckIn.objects.filter(user=long_user, notes=SPACED_NOTES).first()
    five_years = (latest.date - datetime.timedelta(days=365 * YEARS)).isoformat()
    pages = [
        *PAGES,
        reverse("journal:check-in-detail", args=[unbroken.pk]),
        reverse("journal:check-in-detail", args=[spaced.pk]),
        reverse("journal:check-in-edit", args=[unbroken.pk]),
        reverse("journal:report") + f"?start={five_years}&end={latest.date}",
    ]

    for path in pages:
        web.goto(path)

    # The check-in form's error states: the day is taken, and nothing filled.
    page = web.page
    web.goto(reverse("journal:check-in"))
    # Required fields say so in words; optional ones do not.
    marker = "(el) => getComputedStyle(el, '::after').content"
    assert "(required)" in page.locator("label[for=id_date]").evaluate(marker)
    assert "(required)" in page.locator(".pain-field legend").evaluate(marker)
    assert "required" not in page.locator("label[for=id_notes]").evaluate(marker)
    page.get_by_label("3", exact=True).check()
    web.click(page.get_by_role("button", name="Save check-in"))
    assert page.locator(".existing-check-in").is_visible()
    page.locator("#id_date").fill("")
    web.click(page.get_by_role("button", name="Save check-in"))

    # A quiz result, all answers left out: the form first comes back with every
    # question marked, then the person confirms (issue 15).
    web.goto(reverse("quiz:quiz-list"))
    quizzes = reverse("quiz:quiz-list")
    web.click(page.locator(f"main a[href^='{quizzes}']").first)
    web.click(page.get_by_role("button", name="Submit answers"))
    web.click(page.locator("button[name=confirm_unanswered]"))
    assert "/attempts/" in page.url or "attempt" in page.url
