"""The share links page keeps each link's item (its facts and newest opens)
and the form's fields in process memory (journal/cache.py, share_items and
form_fields): a new open, a revoke, an expiry or a pruned audit shows at once,
no one sees another's links, and no token is ever kept."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_record
from core.models import AuditAction, AuditEvent
from journal import cache, selectors
from journal.models import Plan, ReportShare
from tests.factories import PlanFactory, UserFactory
from tests.journal.kept import main_without_tokens
from tests.journal.test_sharing import SHARES, at, make_share, shared_url

pytestmark = pytest.mark.django_db

FORM_TOKEN = re.compile(r'name="form_token" value="[^"]*"')


def _visit(client) -> str:
    html = client.get(SHARES).content.decode()
    return FORM_TOKEN.sub("", main_without_tokens(html))


def _fresh(client) -> str:
    caches["dashboard"].clear()
    return _visit(client)


def _kept(user, part: str):
    return caches["dashboard"].get(cache._key(user.pk, part))


def _open(share: ReportShare, *, by=None) -> None:
    """An open as the shared report records it, outside the site (`by`: the
    reader logged in)."""
    audit_record(
        action=AuditAction.SHARE_VIEW,
        user=by,
        target=selectors.report_share_target(share),
        detail=f"owner:{share.user_id}",
    )


@pytest.fixture
def linked(user):
    PlanFactory(user=user)
    share, token = make_share(user, label="Dr Patel")
    for _ in range(3):
        _open(share)
    return share, token


def test_an_open_through_the_link_shows_at_once(user_client, user, linked):
    _, token = linked
    _visit(user_client)
    before = _visit(user_client)
    assert _kept(user, cache.SHARE_ITEMS_PART)
    assert "<dd>3 times</dd>" in before

    assert Client().get(shared_url(token)).status_code == HTTPStatus.OK
    after = _visit(user_client)

    assert "<dd>4 times</dd>" in after
    assert after.count("by someone with the link") == 4
    assert after == _fresh(user_client)


def _an_open_outside_the_site(share):
    _open(share)


def _revoked_outside_the_services(share):
    ReportShare.objects.filter(pk=share.pk).update(revoked_at=timezone.now())


def _relabelled_outside_the_services(share):
    ReportShare.objects.filter(pk=share.pk).update(label="Dr Okafor")


def _prune_the_oldest_open():
    opens = AuditEvent.objects.filter(action=AuditAction.SHARE_VIEW)
    opens.filter(pk=opens.earliest("pk").pk).delete()


def _oldest_open_pruned(share):
    _prune_the_oldest_open()


def _oldest_open_pruned_and_one_added(share):
    """As many opens, the newest another (the owner's, to tell them apart in
    the list): the kept item's tag still moves."""
    _prune_the_oldest_open()
    _open(share, by=share.user)


def _deleted(share):
    share.delete()


def _name_line_changed_outside_the_services(share):
    """Read with the links (selectors.link_plan_annotations)."""
    Plan.objects.filter(user_id=share.user_id).update(report_name="Dr Who 4e1b")


def _zone_changed_outside_the_services(share):
    Plan.objects.filter(user_id=share.user_id).update(
        time_zone="Pacific/Auckland", time_zone_known=True
    )


WRITES = {
    "an open outside the site": _an_open_outside_the_site,
    "revoked outside the services": _revoked_outside_the_services,
    "relabelled outside the services": _relabelled_outside_the_services,
    "the oldest open pruned": _oldest_open_pruned,
    "one pruned and one added": _oldest_open_pruned_and_one_added,
    "deleted": _deleted,
    "the plan's name line outside the services": (
        _name_line_changed_outside_the_services
    ),
    "the plan's zone outside the services": _zone_changed_outside_the_services,
}


@pytest.mark.parametrize("write", WRITES)
def test_every_change_shows_at_once(user_client, user, linked, write):
    share, _ = linked
    _visit(user_client)
    before = _visit(user_client)

    WRITES[write](share)
    after = _visit(user_client)

    assert after != before
    assert after == _fresh(user_client)


def test_a_revoke_through_the_site_shows_at_once(user_client, user, linked):
    share, _ = linked
    before = _visit(user_client)
    assert "Working" in before

    user_client.post(reverse("journal:share-revoke", args=[share.pk]))
    user_client.get(SHARES)  # says it is revoked, once
    after = _visit(user_client)

    assert ReportShare.objects.get(pk=share.pk).revoked_at is not None
    assert "Revoked</span>" in after
    assert "Revoke<span" not in after
    assert after == _fresh(user_client)


def test_an_expiry_shows_at_once(user_client, user, linked, monkeypatch):
    share, _ = linked
    now = timezone.now()
    ReportShare.objects.filter(pk=share.pk).update(
        expires_at=now + datetime.timedelta(minutes=1)
    )
    _visit(user_client)
    before = _visit(user_client)

    at(monkeypatch, now + datetime.timedelta(minutes=2))
    after = _visit(user_client)

    assert "Works until" in before and "Expired</span>" in after
    assert after == _fresh(user_client)


def test_another_users_links_are_never_shown(client):
    mine, theirs = UserFactory(), UserFactory()
    for user, label in ((mine, "Mine 4e1b"), (theirs, "Theirs 4e1b")):
        PlanFactory(user=user)
        share, _ = make_share(user, label=label)
        _open(share)

    client.force_login(theirs)
    their_page = _visit(client)
    client.force_login(mine)
    my_page = _visit(client)

    assert "Theirs 4e1b" in their_page and "Mine 4e1b" not in their_page
    assert "Mine 4e1b" in my_page and "Theirs 4e1b" not in my_page
    assert _kept(mine, cache.SHARE_ITEMS_PART) != _kept(theirs, cache.SHARE_ITEMS_PART)


def test_no_token_is_kept(user_client, user, linked):
    first = user_client.get(SHARES).content.decode()
    second = user_client.get(SHARES).content.decode()

    tokens = [FORM_TOKEN.findall(html) for html in (first, second)]
    assert all(len(found) == 1 for found in tokens)
    assert tokens[0] != tokens[1]
    kept = [
        *_kept(user, cache.SHARE_ITEMS_PART).values(),
        *_kept(user, cache.FORM_FIELDS_PART)[1].values(),
    ]
    assert kept
    for html in kept:
        assert "form_token" not in html
        assert "csrfmiddlewaretoken" not in html
    # The kept page still has its revoke form and every field it sends.
    main = second[second.index("<main") : second.index("</main>")]
    assert main.count('name="csrfmiddlewaretoken"') == 2
    for name in ("start", "end", "days", "label", "shows_email"):
        assert f'name="{name}"' in main


def test_a_sent_form_is_never_kept(user_client, user, linked):
    kept = _visit(user_client)

    response = user_client.post(SHARES, {"start": "", "end": "", "label": "Typed"})

    assert response.status_code == HTTPStatus.OK
    assert 'value="Typed"' in response.content.decode()
    assert _visit(user_client) == kept
    assert "Typed" not in kept


def test_the_form_follows_the_email_address(user_client, user, linked):
    before = _visit(user_client)

    user.email = "new-4e1b@example.com"
    user.save()
    after = _visit(user_client)

    assert "new-4e1b@example.com" not in before
    assert "(new-4e1b@example.com)" in after


def test_forgetting_a_user_drops_their_links(user_client, user, linked):
    _visit(user_client)
    assert _kept(user, cache.SHARE_ITEMS_PART)
    assert _kept(user, cache.FORM_FIELDS_PART)

    cache.forget(user.pk)

    assert not _kept(user, cache.SHARE_ITEMS_PART)
    assert not _kept(user, cache.FORM_FIELDS_PART)


@pytest.mark.parametrize("opens", [3, 45])
def test_kept_links_are_read_with_one_query(
    user_client, user, django_assert_num_queries, opens
):
    """The session, the user, and the links with their counts and their
    plan: none of the opens themselves while they are the same."""
    PlanFactory(user=user)
    share, _ = make_share(user)
    make_share(user)
    for _ in range(opens):
        _open(share)
    _visit(user_client)

    with django_assert_num_queries(3):
        html = user_client.get(SHARES).content.decode()

    assert f"<dd>{opens} times</dd>" in html
    assert html.count("by someone with the link") == min(opens, 20)


def test_links_of_a_person_without_a_saved_plan(user_client, user):
    share, _ = make_share(user, label="Dr Patel")
    _open(share)
    Plan.objects.filter(user=user).delete()  # a rare journal of entries only

    first, second = _visit(user_client), _visit(user_client)

    assert "For Dr Patel" in first and "<dd>1 time</dd>" in first
    assert second == first
    assert "Name not given" in first
