"""The reminders page (issue 18): the reminders' defaults and their opt-in,
errors next to their fields, the browser's zone, the email address they go
to, and the calendar address shown once, rotated and revoked."""

import datetime
import re
from http import HTTPStatus
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from journal import services
from journal.models import CalendarFeed, Plan, Reminder, ReminderDelivery, ReminderKind
from journal.models.reminders import EVERY_DAY, DeliveryStatus
from tests.factories import CheckInFactory, PlanFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("journal:reminders")
FEED_ADDRESS = re.compile(r'id="feed-url" type="text" value="([^"]+)"')
# Thursday 3 December 2026, 17:00 in London.
THURSDAY_5PM = datetime.datetime.fromisoformat("2026-12-03T17:00:00+00:00")


def clock(monkeypatch, moment: datetime.datetime) -> datetime.datetime:
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.fixture
def member(client):
    user = UserFactory()
    PlanFactory(
        user=user, weekly_target=3, time_zone="Europe/London", time_zone_known=True
    )
    client.force_login(user)
    return user


def checked(html: str, name: str) -> list[str]:
    """The values of the ticked checkboxes called `name`."""
    return [
        value
        for tag in re.findall(r"<input [^>]*>", html)
        if f'name="{name}"' in tag and " checked" in tag
        for value in re.findall(r'value="([^"]*)"', tag) or ["on"]
    ]


def form_data(**changes) -> dict:
    data = {
        "session_days": ["0", "2", "4"],
        "session_time": "18:00",
        "check_in_time": "20:00",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def feed_address(response) -> str | None:
    found = FEED_ADDRESS.search(response.content.decode())
    return found and found.group(1)


def feed_path(address: str) -> str:
    return address.removeprefix("http://").removeprefix("https://").partition("/")[2]


def test_the_page_offers_the_defaults_each_off(client, member):
    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    # A weekly target of 3: Monday, Wednesday and Friday at 18:00.
    assert checked(html, "session_days") == ["0", "2", "4"]
    assert 'name="session_time" value="18:00"' in html
    assert 'name="check_in_time" value="20:00"' in html
    assert checked(html, "session_enabled") == []
    assert checked(html, "check_in_enabled") == []
    assert "Session reminder: off." in html
    assert "Check-in reminder: off." in html
    # Reading the page stores nothing.
    assert not Reminder.objects.exists()


def test_the_days_follow_another_weekly_target(client, member):
    Plan.objects.filter(user=member).update(weekly_target=2)

    html = client.get(URL).content.decode()

    assert checked(html, "session_days") == ["0", "3"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_page_needs_a_login(client, method):
    data = form_data(session_enabled="on") if method == "post" else None
    response = getattr(client, method)(URL, data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('account_login')}?next={quote(URL)}"
    assert not Reminder.objects.exists()


def test_turning_reminders_on_records_when_and_shows_the_next_one(
    client, member, monkeypatch
):
    now = clock(monkeypatch, THURSDAY_5PM)

    response = client.post(URL, form_data(session_enabled="on", check_in_enabled="on"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == URL
    session = Reminder.objects.get(user=member, kind=ReminderKind.SESSION)
    check_in = Reminder.objects.get(user=member, kind=ReminderKind.CHECK_IN)
    assert (session.enabled, session.enabled_at, session.days) == (True, now, 0b10101)
    assert session.time == datetime.time(18, 0)
    assert (check_in.enabled, check_in.enabled_at) == (True, now)
    assert (check_in.days, check_in.time) == (EVERY_DAY, datetime.time(20, 0))

    html = client.get(URL).content.decode()
    assert "Your reminders are saved." in html
    assert (
        "Session reminder: on.</strong> Monday, Wednesday and Friday at 18:00, "
        "unless you have already recorded a session that day."
    ) in html
    assert "Next email: tomorrow (Friday 4 December) at 18:00." in html
    assert "Check-in reminder: on.</strong> Every day at 20:00" in html
    assert "Next email: today at 20:00." in html
    assert "Europe/London" in html
    assert checked(html, "session_enabled") == ["on"]


def test_a_day_already_done_moves_the_next_reminder_to_the_next_day(
    client, member, monkeypatch
):
    # Thursday 17:00: the check-in reminder at 20:00 and Friday's session
    # reminder are next; with today's check-in in, and a session recorded,
    # neither is sent today.
    clock(monkeypatch, THURSDAY_5PM)
    client.post(
        URL,
        form_data(session_enabled="on", check_in_enabled="on", session_days="3"),
    )
    today = THURSDAY_5PM.astimezone(ZoneInfo("Europe/London")).date()
    before = client.get(URL).content.decode()
    assert before.count("Next email: today at") == 2
    CheckInFactory(user=member, date=today)
    SessionFactory(user=member, date=today)

    html = client.get(URL).content.decode()

    assert "Next email: today" not in html
    assert "Next email: tomorrow (Friday 4 December) at 20:00." in html
    assert "Next email: Thursday 10 December at 18:00." in html


@pytest.mark.parametrize(
    "status",
    [DeliveryStatus.SENT, DeliveryStatus.SKIPPED, DeliveryStatus.FAILED],
)
def test_todays_email_used_up_moves_the_next_to_tomorrow(
    client, member, monkeypatch, status
):
    # Today's check-in email went out at 12:07 (or was skipped, or failed);
    # the person then moves the time to 20:00. One email a kind and local
    # date: nothing more is sent today, so the page must not promise one.
    clock(monkeypatch, THURSDAY_5PM)
    client.post(
        URL,
        form_data(session_enabled="on", check_in_enabled="on", session_days="3"),
    )
    ReminderDelivery.objects.create(
        user=member,
        kind=ReminderKind.CHECK_IN,
        local_date=datetime.date(2026, 12, 3),
        due_at=THURSDAY_5PM - datetime.timedelta(hours=5),
        status=status,
    )

    html = client.get(URL).content.decode()

    assert "Next email: tomorrow (Friday 4 December) at 20:00." in html
    # The session reminder has had no email today: it is still today's.
    assert "Next email: today at 18:00." in html
    assert "Each reminder sends at most one email a day." in html
    assert "Once today’s has been sent, the next one comes tomorrow" in html


def test_only_a_delivery_of_the_plans_own_today_counts(client, monkeypatch):
    # 17:00 UTC on Thursday is 07:00 on Friday in Kiritimati (UTC+14): a
    # delivery dated Thursday was yesterday's there; Friday's is today's.
    user = UserFactory()
    PlanFactory(user=user, time_zone="Pacific/Kiritimati", time_zone_known=True)
    client.force_login(user)
    clock(monkeypatch, THURSDAY_5PM)
    client.post(URL, form_data(check_in_enabled="on", check_in_time="20:00"))
    delivery = ReminderDelivery.objects.create(
        user=user,
        kind=ReminderKind.CHECK_IN,
        local_date=datetime.date(2026, 12, 3),
        due_at=THURSDAY_5PM - datetime.timedelta(days=1),
        status=DeliveryStatus.SENT,
    )
    assert "Next email: today at 20:00." in client.get(URL).content.decode()

    delivery.local_date = datetime.date(2026, 12, 4)
    delivery.save()

    html = client.get(URL).content.decode()
    assert "Next email: tomorrow (Saturday 5 December) at 20:00." in html


def test_turning_a_reminder_off_records_when_and_that_the_page_did(
    client, member, monkeypatch
):
    on = clock(monkeypatch, THURSDAY_5PM)
    client.post(URL, form_data(session_enabled="on", check_in_enabled="on"))
    off = clock(monkeypatch, THURSDAY_5PM + datetime.timedelta(hours=1))

    response = client.post(URL, form_data(session_enabled="on"))

    assert response["Location"] == URL
    check_in = Reminder.objects.get(user=member, kind=ReminderKind.CHECK_IN)
    assert (check_in.enabled, check_in.enabled_at) == (False, on)
    assert (check_in.disabled_at, check_in.disabled_by) == (off, "page")
    session = Reminder.objects.get(user=member, kind=ReminderKind.SESSION)
    assert (session.enabled, session.disabled_at) == (True, None)
    assert "Check-in reminder: off." in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"session_enabled": "on", "session_days": None},
            "session_days",
            "Choose at least one day, or turn session reminders off.",
        ),
        (
            {"check_in_enabled": "on", "check_in_time": "25:00"},
            "check_in_time",
            "Enter a time as hours and minutes, such as 18:00.",
        ),
        ({"session_time": ""}, "session_time", "Enter a time, such as 18:00."),
        (
            {"session_enabled": "on", "session_days": ["0", "9"]},
            "session_days",
            "Choose days from Monday to Sunday.",
        ),
    ],
)
def test_a_mistake_is_said_next_to_its_field_and_nothing_is_stored(
    client, member, changes, field, message
):
    response = client.post(URL, form_data(**{"check_in_enabled": "on", **changes}))

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<title>Error: Reminders" in html
    # In the summary at the top, linked to the field, and next to the field.
    assert f'href="#id_{field}' in html
    assert f'<ul class="errorlist" id="id_{field}_error"><li>{message}</li>' in html
    described = re.findall(r'aria-describedby="([^"]*)"', html)
    assert any(f"id_{field}_error" in ids.split() for ids in described)
    assert re.search(rf'<input [^>]*name="{field}"[^>]*aria-invalid="true"', html)
    assert not Reminder.objects.exists()
    # What was typed stays ticked.
    assert checked(html, "check_in_enabled") == ["on"]


def test_a_person_whose_zone_is_unknown_gets_the_browsers(client):
    user = UserFactory()
    client.force_login(user)
    assert "this device’s" in client.get(URL).content.decode()

    client.post(URL, form_data(session_enabled="on", time_zone="America/Los_Angeles"))

    plan = Plan.objects.get(user=user)
    assert (plan.time_zone, plan.time_zone_known) == ("America/Los_Angeles", True)
    assert "America/Los Angeles" in client.get(URL).content.decode()


@pytest.mark.parametrize("sent", ["Asia/Tokyo", "Mars/Olympus_Mons", ""])
def test_a_known_zone_stays_and_an_unusable_one_is_ignored(client, member, sent):
    response = client.post(URL, form_data(session_enabled="on", time_zone=sent))

    assert response["Location"] == URL
    plan = Plan.objects.get(user=member)
    assert (plan.time_zone, plan.time_zone_known) == ("Europe/London", True)
    assert Reminder.objects.get(user=member, kind=ReminderKind.SESSION).enabled


def test_an_unconfirmed_address_is_told_reminders_need_one(client):
    user = UserFactory(verified=False)
    client.force_login(user)
    services.reminder_update(
        user=user,
        kind=ReminderKind.CHECK_IN,
        enabled=True,
        days=EVERY_DAY,
        time=datetime.time(20, 0),
    )

    html = client.get(URL).content.decode()

    assert "Reminder emails need a confirmed email address." in html
    assert f'href="{reverse("account_email")}"' in html
    assert user.email in html
    assert "No email is sent until you confirm your email address." in html
    assert "Next email" not in html


def test_a_confirmed_address_is_named_and_no_health_data_promised(client, member):
    html = client.get(URL).content.decode()

    assert f'Reminder emails go to <strong class="email-address">{member.email}' in (
        html
    )
    assert "need a confirmed email address" not in html
    assert "carry no health data" in html


@pytest.mark.parametrize("page", ["journal:dashboard", "journal:plan"])
def test_the_dashboard_and_the_plan_link_to_the_page(client, member, page):
    html = client.get(reverse(page)).content.decode()

    assert f'href="{URL}"' in html


def test_the_calendar_address_is_shown_once_with_subscribe_links(client, member):
    response = client.post(URL, {"action": "feed-issue"})

    assert response["Location"] == f"{URL}#calendar"
    shown = client.get(URL)
    address = feed_address(shown)
    assert address is not None
    html = shown.content.decode()
    assert "Your calendar address is ready: copy it now." in html
    webcal = "webcal://" + address.partition("://")[2]
    assert f'href="{webcal}" rel="noreferrer"' in html
    google = "https://calendar.google.com/calendar/render?cid=" + quote(webcal, "")
    assert f'href="{google}" rel="noreferrer"' in html
    outlook = (
        "https://outlook.live.com/calendar/0/addfromweb?url="
        + quote(address, "")
        + "&amp;name=psoasapp"
    )
    assert f'href="{outlook}" rel="noreferrer"' in html
    assert "Google Calendar and Outlook ignore alarms" in html
    feed = client.get("/" + feed_path(address))
    assert feed.status_code == HTTPStatus.OK
    assert feed.content.startswith(b"BEGIN:VCALENDAR")

    # Once: the next visit says the address exists, not what it is.
    again = client.get(URL)
    assert feed_address(again) is None
    assert "It was shown only once" in again.content.decode()


def test_a_head_request_leaves_the_address_for_the_page(client, member):
    client.post(URL, {"action": "feed-issue"})

    assert client.head(URL).status_code == HTTPStatus.OK
    assert feed_address(client.get(URL)) is not None


def test_a_new_address_makes_the_old_one_404(client, member):
    client.post(URL, {"action": "feed-issue"})
    old = feed_address(client.get(URL))

    client.post(URL, {"action": "feed-issue"})
    shown = client.get(URL)
    new = feed_address(shown)

    assert new and new != old
    assert "The old address no longer works" in shown.content.decode()
    gone = client.get("/" + feed_path(old))
    assert gone.status_code == HTTPStatus.NOT_FOUND
    assert b"VCALENDAR" not in gone.content
    assert client.get("/" + feed_path(new)).content.startswith(b"BEGIN:VCALENDAR")


def test_turning_the_address_off_makes_it_404(client, member):
    client.post(URL, {"action": "feed-issue"})
    address = feed_address(client.get(URL))

    response = client.post(URL, {"action": "feed-revoke"})

    assert response["Location"] == f"{URL}#calendar"
    assert not CalendarFeed.objects.filter(user=member).exists()
    html = client.get(URL).content.decode()
    assert "Your calendar address is turned off" in html
    assert "Make my calendar address" in html
    gone = client.get("/" + feed_path(address))
    assert gone.status_code == HTTPStatus.NOT_FOUND
    assert b"VCALENDAR" not in gone.content


def test_a_double_click_shows_the_address_that_works(client, member):
    client.post(URL, {"action": "feed-issue"})
    client.post(URL, {"action": "feed-issue"})

    address = feed_address(client.get(URL))

    assert client.get("/" + feed_path(address)).status_code == HTTPStatus.OK
    assert feed_address(client.get(URL)) is None


def test_an_address_replaced_before_it_was_shown_is_not_shown(client, member):
    # Two POSTs at once can leave the session with the older token: the page
    # must not show an address that no longer works.
    client.post(URL, {"action": "feed-issue"})
    services.calendar_feed_issue(user=member)

    response = client.get(URL)

    assert feed_address(response) is None
    assert "was replaced before it could be shown" in response.content.decode()


def test_one_persons_posts_never_touch_anothers_rows(client, member):
    other = UserFactory()
    for kind in ReminderKind.values:
        services.reminder_update(
            user=other, kind=kind, enabled=True, days=0b1, time=datetime.time(7, 0)
        )
    token = services.calendar_feed_issue(user=other)
    before = list(Reminder.objects.filter(user=other).values())
    feed_before = CalendarFeed.objects.filter(user=other).values().get()

    client.post(URL, form_data())
    client.post(URL, form_data(session_enabled="on"))
    client.post(URL, {"action": "feed-issue"})
    client.post(URL, {"action": "feed-issue"})
    client.post(URL, {"action": "feed-revoke"})

    assert list(Reminder.objects.filter(user=other).values()) == before
    assert CalendarFeed.objects.filter(user=other).values().get() == feed_before
    feed = client.get(reverse("journal:calendar-feed", kwargs={"token": token}))
    assert feed.content.startswith(b"BEGIN:VCALENDAR")


@pytest.mark.parametrize("size", [1, 50])
def test_the_page_reads_in_constant_queries(
    client, member, size, django_assert_num_queries
):
    for kind in ReminderKind.values:
        services.reminder_update(
            user=member, kind=kind, enabled=True, days=0b1, time=datetime.time(7, 0)
        )
    services.calendar_feed_issue(user=member)
    start = datetime.date(2026, 1, 1)
    for offset in range(size):
        day = start + datetime.timedelta(days=offset)
        CheckInFactory(user=member, date=day)
        ReminderDelivery.objects.create(
            user=member,
            kind=ReminderKind.CHECK_IN,
            local_date=day,
            due_at=timezone.now(),
        )

    # The session and the user, the plan, the reminders, the feed, today's
    # check-in, session and deliveries with the email address in one (for the
    # next reminder and the address shown), and the messages' session read.
    with django_assert_num_queries(6):
        response = client.get(URL)

    assert "Session reminder: on." in response.content.decode()


def test_the_planned_session_address_opens_the_plans_routine(client, member):
    plan = Plan.objects.get(user=member)
    response = client.get(reverse("journal:session-planned"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse(
        "journal:session", kwargs={"slug": plan.routine.slug}
    )


def test_the_planned_session_address_offers_the_routines_without_one(client, member):
    Plan.objects.filter(user=member).update(routine=None)
    response = client.get(reverse("journal:session-planned"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("exercises:routine-list")


def calendar_section(html: str) -> str:
    return html[html.index('<section id="calendar"') :]


def top_messages(html: str) -> str:
    start = html.index('<div class="messages"')
    return html[start : html.index("</div>", start)]


@pytest.mark.parametrize(
    ("posts", "said"),
    [
        (["feed-issue"], "Your calendar address is ready: copy it now."),
        (
            ["feed-issue", "feed-issue"],
            "The old address no longer works: in each calendar app, remove the "
            "old calendar and subscribe again with this one.",
        ),
        (
            ["feed-issue", "feed-revoke"],
            "Your calendar address is turned off: calendar apps can no longer "
            "read it. They may keep the events they already read until you "
            "remove the calendar from each app.",
        ),
    ],
)
def test_what_happened_to_the_address_is_said_where_the_page_lands(
    client, member, posts, said
):
    # The redirect lands on #calendar: at the top of the page, the message
    # would be out of view on a phone.
    for action in posts:
        client.get(URL)
        response = client.post(URL, {"action": action})
    assert response["Location"] == f"{URL}#calendar"

    html = client.get(URL).content.decode()

    section = calendar_section(html)
    notice = section.index('<div class="feed-notice" role="status">')
    assert section.index(said) > notice
    assert said not in top_messages(html)
    assert "get nothing from now on" not in html
    # Once: a reload says it no more.
    assert said not in client.get(URL).content.decode()


def test_a_head_request_leaves_the_notice_for_the_page(client, member):
    client.post(URL, {"action": "feed-issue"})

    client.head(URL)

    assert "Your calendar address is ready" in calendar_section(
        client.get(URL).content.decode()
    )


@pytest.mark.parametrize(
    ("ago", "said"),
    [
        (datetime.timedelta(seconds=0), "just now"),
        (datetime.timedelta(seconds=59), "just now"),
        # Reads are noted at most once an hour: a later one may be unnoted.
        (datetime.timedelta(minutes=1), "in the last hour"),
        (datetime.timedelta(minutes=59), "in the last hour"),
        (datetime.timedelta(hours=3, minutes=10), "3\xa0hours ago"),
        (datetime.timedelta(days=2, hours=5), "2\xa0days ago"),
    ],
)
def test_when_a_calendar_app_last_read_the_address(
    client, member, monkeypatch, ago, said
):
    services.calendar_feed_issue(user=member)
    CalendarFeed.objects.filter(user=member).update(last_fetched_at=THURSDAY_5PM - ago)
    clock(monkeypatch, THURSDAY_5PM)

    html = client.get(URL).content.decode()

    assert f"A calendar app last read it {said}." in html
    assert "minute" not in calendar_section(html)


def test_the_page_flags_a_device_in_another_zone_only_when_known(client, member):
    # timezone.js compares the device's clock with the plan's zone named here
    # (tests/e2e/test_reminders.py); while the zone is unknown, saving adopts
    # the device's, so there is nothing to flag.
    html = client.get(URL).content.decode()
    assert 'data-zone-mismatch="Europe/London" hidden' in html
    assert "your reminders follow your plan’s time zone, Europe/London." in html

    Plan.objects.filter(user=member).update(time_zone_known=False)

    assert "data-zone-mismatch" not in client.get(URL).content.decode()


@pytest.mark.parametrize("field", ["session_time", "check_in_time"])
def test_a_time_field_asks_to_check_am_or_pm(client, member, field):
    # The page says 18:00; a browser may draw the field as 06:00 PM, and
    # typing 0930 over 20:00 there keeps PM and saves 21:30.
    html = client.get(URL).content.decode()

    tag = re.search(rf'<input type="time" name="{field}"[^>]*>', html).group(0)
    help_id = re.search(r'aria-describedby="([^"]*)"', tag).group(1).split()[0]
    help_text = re.search(rf'id="{help_id}">([^<]*)<', html).group(1)
    assert "If the field shows AM and PM, check that the right one is set." in (
        help_text
    )


def test_a_time_just_passed_is_said_to_be_on_its_way(client, member, monkeypatch):
    """Seen between its time and the scheduler's next run: the page said
    "tomorrow" while today's email was about to go."""
    clock(monkeypatch, THURSDAY_5PM - datetime.timedelta(days=1))
    client.post(URL, form_data(check_in_enabled="on", check_in_time="17:00"))
    clock(monkeypatch, THURSDAY_5PM + datetime.timedelta(seconds=30))

    html = client.get(URL).content.decode()

    assert "Next email: today at 17:00 (on its way)." in html


@pytest.mark.parametrize("action", ["bogus", "", "Save"])
def test_an_action_the_page_never_sends_changes_nothing(client, member, action):
    """An unknown action was taken for "save": a stale page or a typo
    overwrote the reminders, or got errors for fields it never sent."""
    response = client.post(
        URL,
        {**form_data(session_enabled="on", check_in_enabled="on"), "action": action},
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Nothing was changed" in response.content.decode()
    assert not Reminder.objects.filter(user=member).exists()


def test_a_form_sent_without_an_action_is_a_save(client, member):
    """Pressing Enter in a field sends the default button's value; a browser
    that does not still saves."""
    response = client.post(URL, form_data(check_in_enabled="on"))

    assert response["Location"] == URL
    assert Reminder.objects.get(user=member, kind=ReminderKind.CHECK_IN).enabled
