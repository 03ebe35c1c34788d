"""The private calendar feed (iCalendar, RFC 5545): one weekly event per
planned session day at the person's chosen time, in their zone, with a
display alarm. Titles are neutral: a calendar is often seen by others."""

import datetime
import zoneinfo

from django.conf import settings
from django.urls import reverse
from icalendar import Alarm, Calendar, Event, Timezone, vDuration

from ..models import CalendarFeed, Reminder
from . import links, rules

# How often calendar apps are asked to fetch it again (REFRESH-INTERVAL, and
# X-PUBLISHED-TTL for the apps that read only that).
REFRESH = datetime.timedelta(hours=6)
SUMMARY = "psoasapp session"
# An event's length when the plan has no routine to time.
DEFAULT_MINUTES = 20
# How many years ahead the feed's VTIMEZONE gives the zone's rules.
YEARS_AHEAD = 10
# Zones whose times are written in UTC ("…Z"): no VTIMEZONE.
UTC_NAMES = {"UTC", "Etc/UTC"}
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def uid(feed: CalendarFeed, weekday: int) -> str:
    """Stable for a weekday of a feed, across rotations and time changes:
    calendar apps then update the event instead of adding another."""
    return f"session-{ICAL_DAYS[weekday].lower()}-{feed.uid}@psoasapp"


def calendar(
    *,
    feed: CalendarFeed,
    reminder: Reminder,
    zone: zoneinfo.ZoneInfo,
    minutes: int | None,
    session_path: str,
    now: datetime.datetime,
) -> bytes:
    """The feed's body. `reminder` is the person's session reminder (saved or
    the unsaved default): its days and time, whether or not its email is on."""
    cal = Calendar.new(
        prodid="-//psoasapp//Session reminders//EN",
        name="psoasapp",
        description="Your planned psoasapp sessions.",
        # The calendar's own UID (RFC 7986): the same on every fetch, or
        # calendar apps would take each refresh for another calendar.
        uid=f"calendar-{feed.uid}@psoasapp",
    )
    # RFC 7986 gives REFRESH-INTERVAL no default value type: VALUE=DURATION
    # must be said. X-PUBLISHED-TTL is a duration too, not icalendar's text.
    cal.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    cal.add("X-WR-TIMEZONE", zone.key)
    link = links.absolute(session_path)
    length = datetime.timedelta(minutes=minutes or DEFAULT_MINUTES)
    # When the days or time were last set; for a person who never saved
    # them (the defaults), when the address was made: the same on every
    # fetch either way.
    changed = reminder.armed_at or feed.created_at
    # The first occurrence: the first such weekday on or after the day of
    # that change (not earlier in its week: no event before the reminder).
    first = changed.astimezone(zone).date()
    events = []
    for weekday in rules.weekdays(reminder.days):
        day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7)
        start = datetime.datetime.combine(day, reminder.time, tzinfo=zone)
        event = Event.new(
            uid=uid(feed, weekday),
            summary=SUMMARY,
            description=f"Your planned session: {link}",
            url=link,
            start=start,
            end=start + length,
            stamp=now,
            last_modified=changed,
        )
        event.add("RRULE", {"FREQ": "WEEKLY", "BYDAY": ICAL_DAYS[weekday]})
        alarm = Alarm.new(description=SUMMARY)
        alarm.add("ACTION", "DISPLAY")
        alarm.add("TRIGGER", datetime.timedelta(0))
        event.add_component(alarm)
        events.append(event)
    if events and zone.key not in UTC_NAMES:
        # The zone's rules from the first event's year to YEARS_AHEAD from
        # now (the feed is made afresh on every fetch, so the span moves
        # on): a tenth of icalendar's default 1970-2038 span, which would
        # also stop in 2038 while the events repeat for ever.
        first = min(event.start for event in events).date()
        cal.add_component(
            Timezone.from_tzid(
                zone.key,
                first_date=datetime.date(first.year, 1, 1),
                last_date=datetime.date(now.year + YEARS_AHEAD, 1, 1),
            )
        )
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def address(token: str) -> str:
    return settings.SITE_URL + reverse("journal:calendar-feed", kwargs={"token": token})
