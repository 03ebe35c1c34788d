"""core.access.owned_or_404: a person's own object in one query; anyone else's
answers 404 like a missing one, and only that refusal is written to the audit
log."""

import pytest
from django.http import Http404

from core.access import owned_or_404
from core.models import AuditAction, AuditEvent
from journal.models import CheckIn
from quiz.models import Attempt
from tests.factories import AttemptFactory, CheckInFactory, UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = "192.0.2.44"


@pytest.fixture
def request_of(rf):
    def make(user):
        request = rf.get("/somewhere/12/", REMOTE_ADDR=ADDRESS)
        request.user = user
        return request

    return make


@pytest.mark.parametrize(
    ("model", "make"), [(CheckIn, CheckInFactory), (Attempt, AttemptFactory)]
)
def test_the_owner_gets_their_object_in_one_query_and_nothing_is_recorded(
    request_of, django_assert_num_queries, model, make
):
    mine = make()

    with django_assert_num_queries(1):
        found = owned_or_404(
            request_of(mine.user), model.objects.filter(user=mine.user), mine.pk
        )

    assert found == mine
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("model", "make", "label"),
    [
        (CheckIn, CheckInFactory, "journal.checkin"),
        (Attempt, AttemptFactory, "quiz.attempt"),
    ],
)
def test_another_users_object_is_a_404_and_the_refusal_is_recorded(
    request_of, django_assert_num_queries, model, make, label
):
    theirs = make()
    intruder = UserFactory()
    request = request_of(intruder)

    # The miss, the existence check, and the event.
    with django_assert_num_queries(3), pytest.raises(Http404):
        owned_or_404(request, model.objects.filter(user=intruder), theirs.pk)

    [event] = AuditEvent.objects.all()
    assert (event.action, event.target) == (
        AuditAction.ACCESS_REFUSED,
        f"{label} #{theirs.pk}",
    )
    assert (event.user, event.user_ref, event.ip_address, event.path) == (
        intruder,
        str(intruder.pk),
        ADDRESS,
        "/somewhere/12/",
    )


def test_a_missing_object_is_the_same_404_and_nothing_is_recorded(
    request_of, django_assert_num_queries
):
    user = UserFactory()
    gone = CheckInFactory(user=UserFactory())
    pk = gone.pk
    gone.delete()

    with django_assert_num_queries(2), pytest.raises(Http404) as missing:
        owned_or_404(request_of(user), CheckIn.objects.for_user(user), pk)
    theirs = CheckInFactory()
    with pytest.raises(Http404) as refused:
        owned_or_404(request_of(user), CheckIn.objects.for_user(user), theirs.pk)

    assert str(missing.value) == str(refused.value)
    assert AuditEvent.objects.filter(target=f"journal.checkin #{pk}").count() == 0
