import datetime
import threading
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from journal.models import CheckIn
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_simultaneous_check_ins_for_one_day_make_one_row_and_replace_nothing(round_):
    user = UserFactory()
    day = datetime.date(2026, 1, 10 + round_)
    barrier = threading.Barrier(2)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def submit(score: int) -> None:
        client = Client(raise_request_exception=True)
        client.force_login(user)
        try:
            barrier.wait(timeout=10)
            response = client.post(
                reverse("journal:check-in"),
                {"date": day.isoformat(), "pain_score": str(score)},
            )
            statuses.append(response.status_code)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(score,)) for score in (3, 6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    # Two different forms: the first saves, the second is asked before it
    # replaces anything (issue 12, case 2).
    assert sorted(statuses) == [HTTPStatus.OK, HTTPStatus.FOUND]
    entries = list(CheckIn.objects.filter(user=user))
    assert len(entries) == 1
    assert entries[0].pain_score in {3, 6}
