"""The private calendar feed: iCalendar that calendar apps read, at an address
whose token only the person has; 404 once rotated, revoked or deleted."""

import datetime
import re
from http import HTTPStatus

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from journal import services
from journal.models import CalendarFeed, Reminder, ReminderDelivery, ReminderKind
from journal.reminders import feed as ical
from journal.reminders import rules
from journal.selectors import token_hash
from tests.journal.reminder_kit import LONG_AGO, member

pytestmark = pytest.mark.django_db

MON_WED_FRI = rules.days_mask([0, 2, 4])


def sessions_on(user, days=MON_WED_FRI, time=datetime.time(7, 30), **kwargs):
    """Set the session reminder's days and time (email on or off: the feed
    shows the planned days either way)."""
    return services.reminder_update(
        user=user,
        kind=ReminderKind.SESSION,
        enabled=kwargs.get("enabled", False),
        days=days,
        time=time,
        now=kwargs.get("now", LONG_AGO),
    )


def fetch(token: str, client=None):
    return (client or Client()).get(
        reverse("journal:calendar-feed", kwargs={"token": token})
    )


def parse(response) -> icalendar.Calendar:
    assert response.status_code == HTTPStatus.OK
    return icalendar.Calendar.from_ical(response.content)


def test_the_feed_is_a_weekly_event_per_session_day_with_an_alarm():
    user = member("Europe/London")
    sessions_on(user)
    token = services.calendar_feed_issue(user=user)

    response = fetch(token)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    cal = parse(response)
    events = sorted(cal.events, key=lambda event: event.start.weekday())
    assert [event["RRULE"].to_ical().decode() for event in events] == [
        "FREQ=WEEKLY;BYDAY=MO",
        "FREQ=WEEKLY;BYDAY=WE",
        "FREQ=WEEKLY;BYDAY=FR",
    ]
    for weekday, event in zip([0, 2, 4], events, strict=True):
        assert event.start.weekday() == weekday
        assert event.start.time() == datetime.time(7, 30)
        assert str(event.start.tzinfo) == "Europe/London"
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        [alarm] = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm["TRIGGER"].dt == datetime.timedelta(0)
    assert cal["REFRESH-INTERVAL"].dt == ical.REFRESH
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in response.content
    assert b"\r\nX-PUBLISHED-TTL:PT6H\r\n" in response.content


def test_the_feeds_zone_carries_londons_clock_changes():
    user = member("Europe/London")
    sessions_on(user)
    cal = parse(fetch(services.calendar_feed_issue(user=user)))

    [zone] = cal.timezones
    assert zone["TZID"] == "Europe/London"
    offsets = {(part.name, part["TZOFFSETTO"].to_ical()) for part in zone.subcomponents}
    assert ("DAYLIGHT", "+0100") in offsets
    assert ("STANDARD", "+0000") in offsets
    # Read back through the VTIMEZONE alone, 07:30 is 07:30 GMT in winter
    # and 07:30 BST (06:30 UTC) in summer.
    zoneinfo = zone.to_tz()
    winter = datetime.datetime(2026, 1, 5, 7, 30, tzinfo=zoneinfo)
    summer = datetime.datetime(2026, 7, 6, 7, 30, tzinfo=zoneinfo)
    assert winter.utcoffset() == datetime.timedelta(0)
    assert summer.utcoffset() == datetime.timedelta(hours=1)


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Los_Angeles"])
def test_the_feed_is_in_the_plans_zone(zone):
    user = member(zone)
    sessions_on(user, days=rules.days_mask([6]), time=datetime.time(21, 0))
    cal = parse(fetch(services.calendar_feed_issue(user=user)))
    [event] = cal.events
    assert [tz["TZID"] for tz in cal.timezones] == [zone]
    assert event["DTSTART"].params["TZID"] == zone
    # Sunday at 21:00 there, whatever day it is in UTC.
    assert (event.start.weekday(), event.start.time()) == (6, datetime.time(21, 0))


HEALTH_WORDS = re.compile(r"pain|hip|flare|warning|symptom|score", re.IGNORECASE)


def test_the_titles_are_neutral():
    user = member()
    sessions_on(user)
    cal = parse(fetch(services.calendar_feed_issue(user=user)))
    for event in cal.events:
        assert event["SUMMARY"] == "psoasapp session"
        for text in (
            event["SUMMARY"],
            event["DESCRIPTION"],
            event.walk("VALARM")[0]["DESCRIPTION"],
        ):
            assert not HEALTH_WORDS.search(text)
    # Nor anywhere else in it.
    assert not HEALTH_WORDS.search(cal.to_ical().decode())


def uids(cal) -> dict[str, str]:
    return {
        event["RRULE"].to_ical().decode(): str(event["UID"]) for event in cal.events
    }


def test_uids_stay_the_same_across_a_rotation_and_a_time_change():
    user = member()
    sessions_on(user)
    before = parse(fetch(services.calendar_feed_issue(user=user)))

    new_token = services.calendar_feed_issue(user=user)  # rotate
    sessions_on(user, time=datetime.time(18, 15), now=LONG_AGO.replace(month=2))
    after = parse(fetch(new_token))

    assert uids(after) == uids(before)
    assert len(set(uids(after).values())) == 3
    assert {event.start.time() for event in after.events} == {datetime.time(18, 15)}


def test_no_two_people_share_a_uid():
    first, second = member(), member()
    sessions_on(first)
    sessions_on(second)
    one = parse(fetch(services.calendar_feed_issue(user=first)))
    two = parse(fetch(services.calendar_feed_issue(user=second)))
    assert not set(uids(one).values()) & set(uids(two).values())


def test_a_rotated_tokens_old_address_answers_404():
    user = member()
    old = services.calendar_feed_issue(user=user)
    assert fetch(old).status_code == HTTPStatus.OK
    new = services.calendar_feed_issue(user=user)
    assert fetch(old).status_code == HTTPStatus.NOT_FOUND
    assert fetch(new).status_code == HTTPStatus.OK


def test_a_revoked_feed_answers_404():
    user = member()
    token = services.calendar_feed_issue(user=user)
    assert services.calendar_feed_revoke(user=user)
    assert fetch(token).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("token", ["unknown-token", "x" * 200, "a"])
def test_an_unknown_token_answers_404(token):
    services.calendar_feed_issue(user=member())
    assert fetch(token).status_code == HTTPStatus.NOT_FOUND


def test_only_a_hash_of_the_token_is_stored():
    user = member()
    token = services.calendar_feed_issue(user=user)
    stored = CalendarFeed.objects.get(user=user)
    assert stored.token_hash == token_hash(token) != token
    assert token not in str(list(CalendarFeed.objects.values()))


def test_an_inactive_persons_feed_answers_404():
    user = member()
    token = services.calendar_feed_issue(user=user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert fetch(token).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.django_db(transaction=True)
def test_deleting_the_account_deletes_reminders_and_deliveries_and_revokes_the_feed(
    recent_client, user, password
):
    sessions_on(user, enabled=True)
    services.reminder_update(
        user=user,
        kind=ReminderKind.CHECK_IN,
        enabled=True,
        days=127,
        time=datetime.time(20, 0),
    )
    ReminderDelivery.objects.create(
        user=user,
        kind=ReminderKind.CHECK_IN,
        local_date=datetime.date(2026, 5, 4),
        due_at=datetime.datetime(2026, 5, 4, 19, tzinfo=datetime.UTC),
    )
    token = services.calendar_feed_issue(user=user)
    other = member()
    sessions_on(other)
    others_token = services.calendar_feed_issue(user=other)

    response = recent_client.post(
        reverse("account-delete"), {"password": password, "confirm": "on"}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")
    assert fetch(token).status_code == HTTPStatus.NOT_FOUND
    assert not Reminder.objects.filter(user_id=user.pk).exists()
    assert not ReminderDelivery.objects.filter(user_id=user.pk).exists()
    assert not CalendarFeed.objects.filter(user_id=user.pk).exists()
    # Nobody else's.
    assert fetch(others_token).status_code == HTTPStatus.OK
    assert Reminder.objects.filter(user=other).count() == 1


def test_the_feed_answers_a_head_and_refuses_a_post():
    user = member()
    token = services.calendar_feed_issue(user=user)
    url = reverse("journal:calendar-feed", kwargs={"token": token})
    assert Client().head(url).status_code == HTTPStatus.OK
    assert Client().post(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_two_fetches_are_the_same_calendar(monkeypatch):
    """The calendar's own UID was made anew on each fetch, and so was the
    events' LAST-MODIFIED for a person who never saved the reminders (the
    defaults): calendar apps took every refresh for an edit."""
    user = member()
    token = services.calendar_feed_issue(user=user)
    first = parse(fetch(token))
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=9)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    second = parse(fetch(token))

    assert first["UID"] == second["UID"]
    assert str(first["UID"]).endswith("@psoasapp")
    assert [
        (event["UID"], event["LAST-MODIFIED"].to_ical(), event["DTSTART"].to_ical())
        for event in first.events
    ] == [
        (event["UID"], event["LAST-MODIFIED"].to_ical(), event["DTSTART"].to_ical())
        for event in second.events
    ]
    assert first.events


def test_no_event_comes_before_the_reminder_was_set():
    """Set on a Thursday: Monday's and Wednesday's first events were that
    week's, days before the reminder existed."""
    user = member()
    thursday = datetime.datetime(2026, 12, 3, 12, 0, tzinfo=datetime.UTC)
    sessions_on(user, now=thursday)
    cal = parse(fetch(services.calendar_feed_issue(user=user)))

    starts = sorted(event["DTSTART"].dt.date() for event in cal.events)

    assert starts == [
        datetime.date(2026, 12, 4),  # Friday
        datetime.date(2026, 12, 7),  # Monday
        datetime.date(2026, 12, 9),  # Wednesday
    ]


def test_a_head_is_not_counted_as_a_calendar_app_reading_it():
    user = member()
    token = services.calendar_feed_issue(user=user)
    url = reverse("journal:calendar-feed", kwargs={"token": token})

    head = Client().head(url)
    assert head.status_code == HTTPStatus.OK
    assert head["Content-Type"].startswith("text/calendar")
    assert CalendarFeed.objects.get(user=user).last_fetched_at is None
    got = Client().get(url)
    assert got.content.startswith(b"BEGIN:VCALENDAR")
    assert CalendarFeed.objects.get(user=user).last_fetched_at is not None


@pytest.mark.parametrize("zone", ["UTC", "Europe/London", "Pacific/Kiritimati"])
def test_the_feeds_zone_rules_cover_the_years_ahead_and_stay_small(zone):
    """icalendar's default VTIMEZONE ran from 1970 to 2038 (4.5 KB a fetch,
    and silent after 2038 while the events repeat for ever)."""
    user = member(zone)
    sessions_on(user)
    response = fetch(services.calendar_feed_issue(user=user))
    cal = parse(response)

    if zone == "UTC":
        assert cal.timezones == []
        assert all(event["DTSTART"].to_ical().endswith(b"Z") for event in cal.events)
        return
    [tz] = cal.timezones
    assert tz["TZID"] == zone
    year = datetime.datetime.now(datetime.UTC).year
    assert f"to {year + ical.YEARS_AHEAD}-01-01" in str(tz["COMMENT"])
    assert len(tz.to_ical()) < 1500
    assert len(response.content) < 4000
