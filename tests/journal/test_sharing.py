"""Issue 19: links that share the report with a clinician. The person makes
one for a date range, valid 7, 30 or 90 days, sees it once, sees who opened
it and when, and can revoke it at once; whoever has it reads the report, and
nothing else, until then."""

import datetime
import hashlib
import re
import uuid
from http import HTTPStatus

import pytest
from django.test import Client, RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone

from core.audit import audit_path
from core.models import AuditAction, AuditEvent
from journal import selectors, services
from journal.models import Plan, ReportShare
from psoasapp import services as services_account
from tests.auth import log_in_recently
from tests.factories import CheckInFactory, PlanFactory, SessionFactory, UserFactory
from tests.html import assert_accessible_page
from tests.journal.test_dashboard import fill_history, section, table_rows, today_for
from tests.journal.test_report_diary import fill_diary

pytestmark = pytest.mark.django_db

SHARES = reverse("journal:share-list")
DAY = datetime.timedelta(days=1)


def make_share(user, *, start=None, end=None, days=30, **kwargs):
    today = today_for(user)
    return services.report_share_create(
        user=user,
        start=start or today - 27 * DAY,
        end=end or today,
        days=days,
        **kwargs,
    )


def shared_url(token: str) -> str:
    return reverse("journal:shared-report", args=[token])


def create(client, user, **data) -> tuple[ReportShare, str]:
    """POST the form; the new link's address, read from the page it leads to."""
    today = today_for(user)
    response = client.post(
        SHARES,
        {
            "start": (today - 13 * DAY).isoformat(),
            "end": today.isoformat(),
            "days": "30",
            **data,
        },
    )
    assert response["Location"] == f"{SHARES}#new-link"
    html = client.get(SHARES).content.decode()
    url = re.search(r'<input id="new-link-url" [^>]*value="([^"]+)"', html).group(1)
    token = re.search(r"/journal/shared/([^/]+)/$", url).group(1)
    return ReportShare.objects.get(user=user, token_hash=sha256(token)), token


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def at(monkeypatch, moment: datetime.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


# The list and making a link --------------------------------------------------


@pytest.mark.parametrize("name", ["journal:share-list"])
def test_a_visitor_is_sent_to_log_in(client, name):
    response = client.get(reverse(name))

    assert response["Location"] == f"{reverse('account_login')}?next={reverse(name)}"


def test_revoking_needs_a_login(client, user):
    share, _ = make_share(user)
    url = reverse("journal:share-revoke", args=[share.pk])

    response = client.post(url)

    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    share.refresh_from_db()
    assert share.revoked_at is None


def test_no_links_yet_offers_the_form_with_the_reports_dates(user_client, user):
    PlanFactory(user=user, report_shows_email=True)

    response = user_client.get(SHARES, {"start": "2025-03-01", "end": "2025-03-31"})

    html = response.content.decode()
    assert "You have not made a link yet." in html
    assert re.search(r'<input type="date" name="start" value="2025-03-01"', html)
    assert re.search(r'<input type="date" name="end" value="2025-03-31"', html)
    assert re.search(r'<input type="radio" name="days" value="30"[^>]*checked', html)
    assert re.search(r'<input type="checkbox" name="shows_email"[^>]*checked', html)
    assert "no-store" in response["Cache-Control"]
    assert_accessible_page(html)


def test_without_the_reports_dates_the_form_offers_the_last_28_days(user_client, user):
    today = today_for(user)

    html = user_client.get(SHARES, {"start": "junk"}).content.decode()

    start = (today - 27 * DAY).isoformat()
    assert re.search(rf'<input type="date" name="start" value="{start}"', html)
    assert not re.search(r'<input type="checkbox" name="shows_email"[^>]*checked', html)


def test_making_a_link_shows_it_once_and_stores_only_its_hash(user_client, user):
    share, token = create(
        user_client, user, label="Dr Patel, physio", shows_email="on", days="7"
    )

    assert len(token) >= 43  # 32 random bytes
    assert share.token_hash == sha256(token)
    assert (share.label, share.shows_email) == ("Dr Patel, physio", True)
    assert share.expires_at - share.created_at == datetime.timedelta(days=7)
    # Shown once: the next visit has no trace of it.
    html = user_client.get(SHARES).content.decode()
    assert token not in html
    assert "Your new link" not in html
    assert "For Dr Patel, physio" in html
    # Nowhere in the database but as its hash.
    for row in ReportShare.objects.values():
        assert token not in " ".join(map(str, row.values()))
    for event in AuditEvent.objects.values("path", "target", "detail"):
        assert token not in " ".join(event.values())
    event = AuditEvent.objects.get(action=AuditAction.SHARE_CREATE)
    assert event.user == user
    assert event.target == selectors.report_share_target(share)


def test_the_same_form_sent_twice_makes_one_link(user_client, user):
    """Found by a newcomer: a double click on "Make the link" made two working
    links, of which only one address was ever shown."""
    html = user_client.get(SHARES).content.decode()
    form_token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    today = today_for(user)
    data = {
        "start": (today - 13 * DAY).isoformat(),
        "end": today.isoformat(),
        "days": "30",
        "form_token": form_token,
    }

    first = user_client.post(SHARES, data)
    again = user_client.post(SHARES, data)

    assert first["Location"] == f"{SHARES}#new-link"
    assert again["Location"] == SHARES
    assert ReportShare.objects.filter(user=user).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.SHARE_CREATE).count() == 1
    page = user_client.get(SHARES).content.decode()
    assert "That link was made a moment ago" in page
    # The first sending's address is still shown, once.
    assert 'id="new-link-url"' in page


def test_the_service_makes_one_link_per_form_token(user):
    token = uuid.uuid4()
    day = datetime.date(2026, 3, 1)

    made, secret = services.report_share_create(
        user=user, start=day, end=day, days=7, form_token=token
    )
    again, none = services.report_share_create(
        user=user, start=day, end=day, days=90, form_token=token
    )

    assert secret and none is None
    assert again.pk == made.pk
    assert ReportShare.objects.get().expires_at - made.created_at == (
        datetime.timedelta(days=7)
    )


def test_an_overlong_note_says_so_in_words(user_client, user):
    today = today_for(user)
    response = user_client.post(
        SHARES,
        {
            "start": today.isoformat(),
            "end": today.isoformat(),
            "days": "30",
            "label": "x" * 500,
        },
    )

    html = response.content.decode()
    assert "Keep it to 80 characters or fewer (this has 500)" in html
    assert not ReportShare.objects.exists()


def test_the_new_link_page_says_it_cannot_be_shown_again(user_client, user):
    today = today_for(user)
    user_client.post(
        SHARES,
        {"start": (today - DAY).isoformat(), "end": today.isoformat(), "days": "90"},
    )

    response = user_client.get(SHARES)

    html = response.content.decode()
    new = section(html, "new-link-title")
    assert "Copy it now: it cannot be shown again." in new
    assert re.search(r'<button type="button"[^>]*data-copy-target="new-link-url"', new)
    assert "http://testserver/journal/shared/" in new
    assert "(new)" in html
    assert '<script src="/static/journal/js/copy.js" defer></script>' in html
    assert_accessible_page(html)


def test_a_head_leaves_the_new_link_for_the_get(user_client, user):
    _, token = create(user_client, user)  # the GET that showed it
    today = today_for(user)
    user_client.post(
        SHARES,
        {"start": today.isoformat(), "end": today.isoformat(), "days": "7"},
    )

    head = user_client.head(SHARES)
    html = user_client.get(SHARES).content.decode()

    assert head.content == b""
    assert "Your new link" in html


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"days": "14"}, "days", "Choose 7, 30 or 90 days."),
        ({"days": ""}, "days", "This field is required."),
        ({"label": "x" * 81}, "label", "80 characters or fewer (this has 81)"),
        ({"start": "2026-99-01"}, "start", "Enter a date such as"),
        ({"start": "1999-12-31"}, "start", "on or after 1 January 2000"),
        ({"end": "{tomorrow}"}, "end", "This date is in the future."),
        ({"start": "{today}", "end": "{yesterday}"}, "end", "on or after the start"),
    ],
)
def test_a_wrong_form_says_so_next_to_the_field_and_makes_nothing(
    user_client, user, change, field, message
):
    today = today_for(user)
    names = {
        "today": today.isoformat(),
        "yesterday": (today - DAY).isoformat(),
        "tomorrow": (today + DAY).isoformat(),
    }
    data = {"start": (today - 5 * DAY).isoformat(), "end": today.isoformat()}
    data["days"] = "30"
    data.update({key: value.format(**names) for key, value in change.items()})

    response = user_client.post(SHARES, data)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    group = re.search(
        rf'(<fieldset[^>]*>\s*<legend[^>]*>[^<]*</legend>|<label for="id_{field}")'
        rf".*?name=\"{field}\"[^>]*>",
        html,
        re.S,
    ).group(0)
    assert message in group
    assert 'aria-invalid="true"' in group
    assert not ReportShare.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.SHARE_CREATE).exists()
    assert_accessible_page(html)


def test_the_list_says_each_links_status_dates_and_opens(
    user_client, user, monkeypatch
):
    PlanFactory(user=user, time_zone="UTC", time_zone_known=True)
    made = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
    at(monkeypatch, made)
    old, _ = make_share(
        user,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 1, 31),
        days=7,
        label="GP",
    )
    stopped, _ = make_share(user, days=90, label="Physio")
    services.report_share_revoke(share=stopped)
    working, token = make_share(user, days=30, shows_email=True)
    Client().get(shared_url(token))  # someone with the link
    user_client.get(shared_url(token))  # the person, logged in
    # The audit dates its events by the real clock.
    opens = AuditEvent.objects.filter(action=AuditAction.SHARE_VIEW).order_by("pk")
    for days, event in zip((10, 11), opens, strict=True):
        event.at = made + days * DAY
        event.save()
    at(monkeypatch, made + 11 * DAY)

    html = user_client.get(SHARES).content.decode()

    # Each link's item: up to the next one, or the end of the list.
    found = re.findall(
        r'<li class="share-item".*?(?=<li class="share-item"|</ul>\s*<p class="meta")',
        html,
        re.S,
    )
    items = {
        re.search(r"<h3>(.*?)</h3>", item).group(1): " ".join(
            re.sub(r"<[^>]+>", " ", item).split()
        )
        for item in found
    }
    assert set(items) == {"For GP", "For Physio", "Link made 1 Mar 2026, 09:30"}
    assert items["For GP"].startswith(
        "For GP Status Expired Report dates 1 Jan 2026 to 31 Jan 2026 "
        "Made 1 Mar 2026, 09:30 Expired 8 Mar 2026, 09:30 Email shown no "
        "Opened not yet"
    )
    assert "Status Revoked" in items["For Physio"]
    assert "Revoked 1 Mar 2026, 09:30" in items["For Physio"]
    assert "Revoke" not in items["For Physio"].replace("Revoked", "")
    assert items["Link made 1 Mar 2026, 09:30"] == (
        "Link made 1 Mar 2026, 09:30 Status Working Report dates "
        f"{working.start:%-d %b %Y} to {working.end:%-d %b %Y} "
        "Made 1 Mar 2026, 09:30 Works until 31 Mar 2026, 09:30 Email shown yes "
        "Opened 2 times Thu 12 Mar 2026, 09:30: by you, logged in "
        "Wed 11 Mar 2026, 09:30: by someone with the link "
        "Revoke the link made 1 Mar 2026, 09:30"
    )
    assert_accessible_page(html)


def test_times_on_the_list_follow_the_persons_zone(user_client, user, monkeypatch):
    PlanFactory(user=user, time_zone="Asia/Tokyo", time_zone_known=True)
    at(monkeypatch, datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC))
    make_share(user, days=7)

    html = user_client.get(SHARES).content.decode()

    assert "Link made 2 Mar 2026, 05:00" in html
    assert "Times are in Asia/Tokyo" in html


# Revoking --------------------------------------------------------------------


def test_revoking_stops_the_link_at_once(user_client, user):
    share, token = make_share(user, label="Dr Patel")
    assert Client().get(shared_url(token)).status_code == HTTPStatus.OK

    response = user_client.post(reverse("journal:share-revoke", args=[share.pk]))

    assert response["Location"] == SHARES
    share.refresh_from_db()
    assert share.revoked_at is not None
    gone = Client().get(shared_url(token))
    assert gone.status_code == HTTPStatus.NOT_FOUND
    assert "This link does not work" in gone.content.decode()
    html = user_client.get(SHARES).content.decode()
    assert "The link for Dr Patel is revoked" in html
    event = AuditEvent.objects.get(action=AuditAction.SHARE_REVOKE)
    assert (event.user, event.target) == (user, selectors.report_share_target(share))


def test_revoking_twice_keeps_the_first_time_and_says_so(user_client, user):
    share, _ = make_share(user)
    url = reverse("journal:share-revoke", args=[share.pk])
    user_client.post(url)
    share.refresh_from_db()
    first = share.revoked_at

    response = user_client.post(url, follow=True)

    assert "That link was already revoked." in response.content.decode()
    share.refresh_from_db()
    assert share.revoked_at == first
    assert AuditEvent.objects.filter(action=AuditAction.SHARE_REVOKE).count() == 1


def test_another_persons_link_answers_404_and_stays(user_client):
    other = UserFactory()
    share, token = make_share(other)

    response = user_client.post(reverse("journal:share-revoke", args=[share.pk]))

    assert response.status_code == HTTPStatus.NOT_FOUND
    share.refresh_from_db()
    assert share.revoked_at is None
    assert Client().get(shared_url(token)).status_code == HTTPStatus.OK
    refused = AuditEvent.objects.get(action=AuditAction.ACCESS_REFUSED)
    assert refused.target == f"journal.reportshare #{share.pk}"
    assert f"#{share.pk}" not in user_client.get(SHARES).content.decode()


def test_revoking_takes_only_a_post(user_client, user):
    share, _ = make_share(user)

    response = user_client.get(reverse("journal:share-revoke", args=[share.pk]))

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Allow"] == "POST"
    share.refresh_from_db()
    assert share.revoked_at is None


# The shared report ---------------------------------------------------------------


def test_the_shared_report_shows_only_the_links_dates_read_only(client, user):
    PlanFactory(user=user, report_name="Sam Lee", report_shows_email=True)
    today = today_for(user)
    start, end = today - 9 * DAY, today - 3 * DAY
    CheckInFactory(user=user, date=start, pain_score=4, medication="Paracetamol")
    CheckInFactory(user=user, date=today, pain_score=9, notes="after the link")
    SessionFactory(user=user, date=end, notes="Bridges ok")
    share, token = make_share(user, start=start, end=end, days=7)

    response = client.get(shared_url(token))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    caption = f"Check-ins from {start:%-d %b %Y} to {end:%-d %b %Y}, oldest first"
    assert table_rows(html, caption) == [
        f"{start:%a %-d %b %Y} 4 not said none given Paracetamol none reported no notes"
    ]
    assert "after the link" not in html
    assert "Bridges ok" in section(html, "sessions-title")
    assert "A read-only copy, shared by Sam Lee." in html
    until = timezone.localtime(share.expires_at, Plan.objects.get(user=user).zone)
    assert f"This link works until {until:%-d %B %Y, %H:%M} unless" in html
    # The link chose not to show the address, whatever the report's setting.
    assert user.email not in html
    assert "<dt>Person</dt><dd>Sam Lee</dd>" in html
    # Nothing to change and nowhere to go in the person's account.
    assert "<form" not in html
    assert not re.findall(r'href="/(journal|account|accounts|admin)/', html)
    assert 'class="site-nav"' not in html and "account-nav" not in html
    assert "Log in" not in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<script src="/static/journal/js/report.js" defer></script>' in html
    assert_accessible_page(html)


def test_the_shared_report_shows_the_email_when_the_link_says_so(client, user):
    PlanFactory(user=user)
    _, token = make_share(user, shows_email=True)

    html = client.get(shared_url(token)).content.decode()

    assert f"<dt>Person</dt><dd>Name not given ({user.email})</dd>" in html
    assert "shared by the person whose report it is" in html


def test_the_shared_report_is_neither_cached_indexed_nor_referred(client, user):
    _, token = make_share(user)

    for response in (client.get(shared_url(token)), client.get(shared_url("nope"))):
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= cache_control
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert response["Referrer-Policy"] == "no-referrer"
        assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_each_open_is_audited_without_the_token(client, user):
    share, token = make_share(user)

    client.get(shared_url(token), REMOTE_ADDR="203.0.113.9")
    client.get(shared_url(token))

    events = AuditEvent.objects.filter(action=AuditAction.SHARE_VIEW)
    assert events.count() == 2
    event = events.first()
    assert event.target == selectors.report_share_target(share)
    assert event.path == "/journal/shared/:token/"
    assert event.user is None
    # The owner is named, so that staff searching the audit for the person
    # find who opened their links (a newcomer could not).
    assert event.detail == f"owner:{user.pk}"
    for row in AuditEvent.objects.values("path", "target", "detail"):
        assert token not in " ".join(row.values())
    assert [len(item.opens) for item in selectors.report_shares(user)] == [2]


def test_staff_find_a_persons_link_opens_by_their_account(client, user):
    from core.admin import AuditEventAdmin

    _, token = make_share(user)
    other = UserFactory()
    _, other_token = make_share(other)
    client.get(shared_url(token))
    client.get(shared_url(other_token))

    admin = AuditEventAdmin(AuditEvent, None)
    found, _ = admin.get_search_results(
        None, AuditEvent.objects.all(), f"owner:{user.pk}"
    )

    assert [event.detail for event in found] == [f"owner:{user.pk}"]


def test_the_download_says_when_each_link_was_opened(client, user):
    _, token = make_share(user)
    client.get(shared_url(token))
    client.force_login(user)
    client.get(shared_url(token))

    (link,) = services_account.account_export(user=user)["report_shares"]

    assert [open_["by_you"] for open_ in link["opened"]] == [False, True]


def test_a_deactivated_accounts_links_stop(client, user):
    """Found by a newcomer: staff deactivated an account and its links still
    opened (its reminders and calendar stop)."""
    _, token = make_share(user)
    user.is_active = False
    user.save()

    response = client.get(shared_url(token))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "This link does not work" in response.content.decode()


def test_the_audit_path_hides_the_token():
    token = "a" * 43
    request = RequestFactory().get(shared_url(token) + "?utm=x")
    request.resolver_match = resolve(request.path_info)

    assert audit_path(request) == "/journal/shared/:token/?utm=:value"


def test_a_head_is_not_an_open(client, user):
    _, token = make_share(user)

    response = client.head(shared_url(token))

    assert response.status_code == HTTPStatus.OK
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert not AuditEvent.objects.filter(action=AuditAction.SHARE_VIEW).exists()


def test_the_shared_report_takes_no_post(client, user):
    _, token = make_share(user)

    response = client.post(shared_url(token))

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Allow"] == "GET, HEAD"
    assert not AuditEvent.objects.filter(action=AuditAction.SHARE_VIEW).exists()


@pytest.mark.parametrize(
    ("after", "status"),
    [
        (datetime.timedelta(days=7) - datetime.timedelta(microseconds=1), 200),
        (datetime.timedelta(days=7), 404),
        (datetime.timedelta(days=8), 404),
    ],
)
def test_a_link_works_until_it_expires(client, user, monkeypatch, after, status):
    made = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.UTC)
    at(monkeypatch, made)
    _, token = make_share(user, days=7)
    at(monkeypatch, made + after)

    response = client.get(shared_url(token))

    assert response.status_code == status
    html = response.content.decode()
    assert ("Pain and exercise report" in html) is (status == 200)
    assert ("This link does not work" in html) is (status == 404)
    assert AuditEvent.objects.filter(action=AuditAction.SHARE_VIEW).count() == (
        status == 200
    )


@pytest.mark.parametrize("token", ["x" * 43, "", "%00", "a" * 500, "a.b-c_d~", "😀"])
def test_any_other_token_answers_the_same_404(client, user, token):
    make_share(user)
    url = shared_url("placeholder").replace("placeholder", token or "x")

    response = client.get(url)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "This link does not work" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.SHARE_VIEW).exists()


def test_deleting_the_account_stops_its_links(client, user, password):
    _, token = make_share(user)
    assert client.get(shared_url(token)).status_code == HTTPStatus.OK
    person = log_in_recently(Client(), user, password)

    person.post(reverse("account-delete"), {"password": password, "confirm": "on"})

    assert not ReportShare.objects.exists()
    response = client.get(shared_url(token))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "This link does not work" in response.content.decode()


def test_another_person_logged_in_is_someone_with_the_link(user_client, user):
    other = UserFactory()
    _, token = make_share(other)
    user_client.get(shared_url(token))

    html = Client()
    html.force_login(other)
    page = html.get(SHARES).content.decode()

    assert "by someone with the link" in page
    assert "by you, logged in" not in page


# Queries -----------------------------------------------------------------------


@pytest.mark.parametrize("links", [1, 12])
def test_the_list_reads_a_fixed_number_of_queries(
    user_client, user, django_assert_num_queries, links
):
    PlanFactory(user=user)
    for _ in range(links):
        _, token = make_share(user)
        Client().get(shared_url(token))
        Client().get(shared_url(token))

    # The session and the user, the links with their plan (issue 20: read
    # with them), and their opens.
    with django_assert_num_queries(4):
        response = user_client.get(SHARES)

    assert response.content.decode().count('class="share-item"') == links


@pytest.mark.parametrize("days", [7, 5 * 365])
def test_the_shared_report_reads_a_fixed_number_of_queries(
    client, user, django_assert_num_queries, days
):
    PlanFactory(user=user)
    today = today_for(user)
    fill_history(user, today, days)
    fill_diary(user, today, days)
    _, token = make_share(user, start=today - (days - 1) * DAY, end=today)

    # The link with its person, the plan, the report's eleven (the history
    # comes with the plan, for the advice too), the advice's seven (the
    # routine's exercises, the last sessions of all of them in one query, the
    # check-ins after them, and the alerts), and the audit event.
    with django_assert_num_queries(21):
        response = client.get(shared_url(token))

    assert "Long sitting" in response.content.decode()


# The privacy notice --------------------------------------------------------------


def test_the_privacy_notice_says_what_a_link_shows_to_whom_and_for_how_long(
    client, settings
):
    html = client.get(reverse("privacy")).content.decode()

    assert settings.PRIVACY_NOTICE_VERSION == "1.4"
    assert "Version 1.4, 4 December 2026." in html
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    for words in [
        # What the diary stores.
        "which side hurt (left, right or both hips), what made it worse",
        "the medication or treatment you took",
        "Function scores",
        # The link: what, to whom, how long, logged.
        "only the report for the dates you chose, read-only",
        # Found by a newcomer: the shared page shows these, the notice did not.
        "any history you reported that makes warning signs more urgent",
        "the time zone your dates are in",
        "your download of your data includes when each link was opened",
        "anyone who has the link, without logging in",
        "7, 30 or 90 days",
        "revoke it on your share links page, or delete your account",
        "only a fingerprint of its secret part",
        "Every opening is logged",
        "whether it was you, logged in, or someone with the link",
        "Whoever has a share link you made",
        "your share links (which stop working at once)",
    ]:
        assert words in text, words


@pytest.mark.parametrize("opens", [3, 45])
def test_a_link_opened_often_lists_its_newest_twenty_and_counts_the_rest(
    user_client, user, django_assert_num_queries, opens
):
    """Issue 20: the list read every open of every link (a link opened a
    thousand times made the page 60 ms); it now reads the newest 20 of each
    and their count, in the same queries, and the account's download still
    holds every open."""
    from core.audit import audit_record
    from journal.privacy import diary_export

    PlanFactory(user=user)
    share, _ = make_share(user)
    other, _ = make_share(user)
    moment = timezone.now() - datetime.timedelta(days=2)
    for _ in range(opens):
        audit_record(
            action=AuditAction.SHARE_VIEW,
            target=selectors.report_share_target(share),
            detail=f"owner:{user.pk}",
        )
    AuditEvent.objects.filter(action=AuditAction.SHARE_VIEW).update(at=moment)
    newest = AuditEvent.objects.filter(action=AuditAction.SHARE_VIEW).latest("pk")
    newest.at = moment + datetime.timedelta(hours=1)
    newest.save()

    with django_assert_num_queries(4):
        html = user_client.get(SHARES).content.decode()

    assert f"<dd>{opens} times</dd>" in html
    assert html.count("by someone with the link") == min(opens, 20)
    assert ("and 25 earlier" in html) == (opens == 45)
    assert "not yet" in html  # the other link, never opened
    listed = {item.pk: item for item in selectors.report_shares(user)}
    assert len(listed[share.pk].opens) == opens
    assert listed[other.pk].opens == []
    downloaded = diary_export(user)["report_shares"]
    assert sorted(len(item["opened"]) for item in downloaded) == [0, opens]
    shown = selectors.report_shares(user, opens_shown=20)
    first = next(item for item in shown if item.pk == share.pk)
    assert first.opens[0].pk == newest.pk
    assert (first.open_count, first.opens_earlier) == (opens, max(opens - 20, 0))
