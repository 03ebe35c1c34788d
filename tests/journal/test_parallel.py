"""Twenty identical check-in POSTs at once, over real HTTP against `live_server`
(a threaded server, its own database connection per request): one row, and
every request answered with the redirect to it."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.services import seed_content_load
from journal.models import CheckIn
from tests.factories import UserFactory
from tests.parallel import Browser

PARALLEL = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_check_ins_for_one_day_make_one_row_and_no_error(
    live_server,
):
    seed_content_load()  # a transactional test empties the database after it
    user = UserFactory()
    browser = Browser(live_server.url, user)
    url = reverse("journal:check-in")
    browser.get_form(url)
    day = timezone.now().date() - datetime.timedelta(days=1)

    answers = browser.post_together(
        url,
        {
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
