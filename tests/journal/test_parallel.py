"""Check-in POSTs at once, over real HTTP against `live_server` (a threaded
server, its own database connection per request): the same form twenty times
makes one row and every request gets the redirect to it; two edits moving
check-ins onto one date make one move and a form error, never a 500."""

import datetime
import re
import threading
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.services import seed_content_load
from journal.models import CheckIn
from tests.factories import CheckInFactory, UserFactory
from tests.parallel import Answer, Browser

PARALLEL = 20
TOKEN_FIELD = re.compile(r'name="token" value="([0-9a-f-]{36})"')


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_check_ins_for_one_day_make_one_row_and_no_error(
    live_server,
):
    seed_content_load()  # a transactional test empties the database after it
    user = UserFactory()
    browser = Browser(live_server.url, user)
    url = reverse("journal:check-in")
    token = TOKEN_FIELD.search(browser.get_form(url)).group(1)
    day = timezone.now().date() - datetime.timedelta(days=1)

    answers = browser.post_together(
        url,
        {
            "token": token,
            "date": day.isoformat(),
            "pain_score": "6",
            "notes": "Stiff",
            "sudden_onset": "on",
        },
        PARALLEL,
    )

    entries = list(CheckIn.objects.filter(user=user))
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.date, entry.pain_score, entry.notes, entry.sudden_onset) == (
        day,
        6,
        "Stiff",
        True,
    )
    assert [answer.status for answer in answers] == [HTTPStatus.FOUND] * PARALLEL
    assert {answer.location for answer in answers} == {entry.get_absolute_url()}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_edits_moving_check_ins_onto_one_date_at_once_never_fail(
    live_server, round_
):
    seed_content_load()
    user = UserFactory()
    today = timezone.now().date()
    target = today - datetime.timedelta(days=1)
    moving = [
        CheckInFactory(user=user, date=today - datetime.timedelta(days=days))
        for days in (2, 3)
    ]
    browsers = [Browser(live_server.url, user) for _ in moving]
    urls = [reverse("journal:check-in-edit", args=[entry.pk]) for entry in moving]
    for browser, url in zip(browsers, urls, strict=True):
        browser.get_form(url)
    barrier = threading.Barrier(len(moving))
    answers: list[Answer] = []
    errors: list[BaseException] = []

    def submit(browser: Browser, url: str) -> None:
        try:
            connection = browser.connect()
            barrier.wait(timeout=30)
            data = {
                "csrfmiddlewaretoken": browser.csrf_token,
                "date": target.isoformat(),
                "pain_score": "3",
            }
            answers.append(browser.send(connection, "POST", url, data))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [
        threading.Thread(target=submit, args=pair)
        for pair in zip(browsers, urls, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)

    assert errors == []
    assert sorted(answer.status for answer in answers) == [
        HTTPStatus.OK,
        HTTPStatus.FOUND,
    ]
    (refused,) = [answer for answer in answers if answer.status == HTTPStatus.OK]
    assert "You already have a check-in for" in refused.body
    assert CheckIn.objects.filter(user=user, date=target).count() == 1
    assert CheckIn.objects.filter(user=user).count() == len(moving)
