"""The reminders page; the calendar feed and the one-click unsubscribe, both
reached without a login, by a secret in the address."""

import datetime
from http import HTTPStatus
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from core import outage

from .. import cache, selectors, services
from ..forms import ReminderForm
from ..models import ReminderKind
from ..models.reminders import EVERY_DAY
from ..reminders import feed as ical
from ..reminders import links, rules

# The new calendar address, kept in the session from the POST that made it to
# the page that shows it, once.
FEED_TOKEN_SHOWN_ONCE = "journal.calendar_feed_token"
# What the last POST did to the address, said once inside the calendar section:
# the redirect lands on #calendar, and a message at the top of the page would
# be out of view on a phone.
FEED_NOTICE = "journal.calendar_feed_notice"
FEED_NOTICES = {
    "made": "Your calendar address is ready: copy it now.",
    "replaced": (
        "Your new calendar address is ready: copy it now. The old address no "
        "longer works: in each calendar app, remove the old calendar and "
        "subscribe again with this one."
    ),
    "off": (
        "Your calendar address is turned off: calendar apps can no longer read "
        "it. They may keep the events they already read until you remove the "
        "calendar from each app."
    ),
    "lost": (
        "Your calendar address was replaced before it could be shown. "
        "Make a new address to see it."
    ),
}

# What a POST to the page may ask (its buttons' `action` values).
ACTIONS = ("save", "feed-issue", "feed-revoke")

# Calendar apps named in the page's "subscribe" links.
FEED_NAME = "psoasapp"


def subscribe_links(address: str) -> list[tuple[str, str]]:
    """(app, link) that subscribe the common calendar apps to the feed at
    `address`: Apple Calendar opens webcal:// itself; Google Calendar and
    Outlook.com take the address in their own "add by URL" pages."""
    webcal = "webcal://" + address.split("://", 1)[1]
    return [
        ("Apple Calendar", webcal),
        (
            "Google Calendar",
            "https://calendar.google.com/calendar/render?"
            + urlencode({"cid": webcal}, quote_via=quote),
        ),
        (
            "Outlook.com",
            "https://outlook.live.com/calendar/0/addfromweb?"
            + urlencode({"url": address, "name": FEED_NAME}, quote_via=quote),
        ),
    ]


def next_in_words(
    moment: datetime.datetime | None,
    today: datetime.date,
    now: datetime.datetime | None = None,
) -> str:
    """When a reminder is next sent, as the page says it: "today at 18:00",
    "tomorrow (Friday 4 December) at 18:00", "Monday 7 December at 18:00";
    "today at 18:00 (on its way)" once that time has come."""
    if moment is None:
        return ""
    if now is not None and moment <= now:
        return f"today at {moment:%H:%M} (on its way)"
    day = moment.date()
    named = f"{moment:%A} {day.day} {moment:%B}"
    if day == today:
        said = "today"
    elif day == today + datetime.timedelta(days=1):
        said = f"tomorrow ({named})"
    else:
        said = named
    return f"{said} at {moment:%H:%M}"


def read_in_words(moment: datetime.datetime, now: datetime.datetime) -> str:
    """When a calendar app last read the feed, from `moment`, the read last
    noted: "just now", "in the last hour", "3 hours ago", "2 days ago". A read
    is noted at most once an hour (services.calendar_feed_fetched), so a later
    one may have come within the hour after `moment`: under an hour, minutes
    would claim more than is known; above, the largest unit, rounded down."""
    if now - moment < datetime.timedelta(minutes=1):
        return "just now"
    if now - moment < services.FEED_FETCH_RECORD_EVERY:
        return "in the last hour"
    return f"{timesince(moment, now, depth=1)} ago"


def days_in_words(mask: int) -> str:
    """ "Monday, Wednesday and Friday", "every day", "no day"."""
    if mask == EVERY_DAY:
        return "every day"
    names = rules.day_names(mask)
    if not names:
        return "no day"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _status(
    reminder, plan, today: datetime.date, done: set[str], now: datetime.datetime
) -> dict:
    """A saved reminder (or the default) as the page's "now" lines say it."""
    return {
        "enabled": reminder.enabled,
        "days": days_in_words(reminder.days),
        "time": reminder.time,
        "next": next_in_words(
            selectors.reminder_next(
                reminder, plan, now, done_today=reminder.kind in done
            ),
            today,
            now,
        ),
    }


def _feed_issue(request: HttpRequest, user) -> HttpResponse:
    """Make the calendar address, or a new one (the old one stops working).
    A second POST (a double click, another tab) makes yet another: the page
    then shows the newest, the one that works (see _feed_shown)."""
    replaced = selectors.calendar_feed_of(user) is not None
    request.session[FEED_TOKEN_SHOWN_ONCE] = services.calendar_feed_issue(user=user)
    request.session[FEED_NOTICE] = "replaced" if replaced else "made"
    return redirect(reverse("journal:reminders") + "#calendar")


def _feed_shown(request: HttpRequest, feed) -> tuple[str | None, str | None]:
    """The new address to show, once, and what the last POST did to it (a
    key of FEED_NOTICES): the token the last POST put in the session, while
    it is still the feed's (two POSTs at once may leave the session with the
    older of two tokens, which no longer works). A HEAD (a link checker, a
    browser's prefetch) leaves both for the GET."""
    if request.method == "HEAD":
        return None, None
    notice = request.session.pop(FEED_NOTICE, None)
    token = request.session.pop(FEED_TOKEN_SHOWN_ONCE, None)
    if not token:
        return None, notice
    if feed is None or feed.token_hash != selectors.token_hash(token):
        return None, "lost"
    return ical.address(token), notice


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reminders(request: HttpRequest) -> HttpResponse:
    """Reminder emails (each off until turned on) and the calendar address."""
    user = request.user
    action = request.POST.get("action", "save") if request.method == "POST" else None
    if action not in (None, *ACTIONS):
        # A stale page or a forged form: never taken for "save".
        return render(
            request,
            "journal/reminders_bad_action.html",
            status=HTTPStatus.BAD_REQUEST,
        )
    if action == "feed-issue":
        return _feed_issue(request, user)
    if action == "feed-revoke":
        if services.calendar_feed_revoke(user=user):
            request.session[FEED_NOTICE] = "off"
        return redirect(reverse("journal:reminders") + "#calendar")
    # A GET reads only the plan's zone and weekly target.
    plan = (
        selectors.plan_for(user)
        if request.method == "POST"
        else cache.reminders_plan(user)
    )
    saved = selectors.reminders_of(user, plan)
    form = ReminderForm(
        request.POST if request.method == "POST" else None, reminders=saved
    )
    fields_html = None
    if request.method != "POST":
        # The fields as first shown, kept while the reminders are the same.
        fields_html = cache.reminder_form(
            user,
            saved,
            render=lambda: render_to_string(
                "journal/reminders.html#fields", {"form": form}, request=request
            ),
        )
    if request.method == "POST" and form.is_valid():
        with outage.keep_input(request):
            # Reminders follow the plan's zone: while it is not known, the
            # browser's is adopted with them, or not at all.
            with transaction.atomic():
                services.plan_time_zone_adopt(
                    user=user, time_zone=form.browser_time_zone, plan=plan
                )
                for kind, values in form.reminder_values().items():
                    services.reminder_update(user=user, kind=kind, **values)
            messages.success(request, "Your reminders are saved.")
            return redirect("journal:reminders")
    feed = selectors.calendar_feed_of(user)
    feed_url, feed_notice = _feed_shown(request, feed)
    now = timezone.now()
    today = now.astimezone(plan.zone).date()
    done, address = selectors.reminders_day(user, today)
    return render(
        request,
        "journal/reminders.html",
        {
            "plan": plan,
            "zone_words": plan.zone_name.replace("_", " "),
            "form": form,
            "fields_html": fields_html,
            "session": _status(saved[ReminderKind.SESSION], plan, today, done, now),
            "check_in": _status(saved[ReminderKind.CHECK_IN], plan, today, done, now),
            "feed": feed,
            "feed_url": feed_url,
            "feed_notice": FEED_NOTICES.get(feed_notice, ""),
            "feed_notice_level": "warning" if feed_notice == "lost" else "success",
            "feed_read": read_in_words(feed.last_fetched_at, now)
            if feed and feed.last_fetched_at
            else "",
            "feed_links": subscribe_links(feed_url) if feed_url else [],
            "address_verified": address is not None,
        },
    )


@login_required
@require_safe
def session_planned(request: HttpRequest) -> HttpResponse:
    """The neutral address reminder emails and the calendar link to ("your
    planned session", /journal/session/): the player of the plan's routine, or
    the routines to choose one. A routine's own address names it, and a name
    such as "hip flexor relief" in an email or a shared calendar would say
    what the person is treating."""
    plan = selectors.plan_for(request.user)
    routine = plan.routine
    if routine is not None and routine.is_published:
        return redirect("journal:session", slug=routine.slug)
    return redirect("exercises:routine-list")


@never_cache
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private calendar (text/calendar, never stored by caches): 404 for
    an unknown, rotated or revoked token."""
    found = selectors.calendar_feed_find(token)
    if found is None:
        raise Http404("No calendar at this address.")
    user = found.user
    plan = selectors.plan_for(user)
    reminder = selectors.reminders_of(user, plan)[ReminderKind.SESSION]
    routine = plan.routine if plan.routine and plan.routine.is_published else None
    body = ical.calendar(
        feed=found,
        reminder=reminder,
        zone=plan.zone,
        minutes=routine.estimated_minutes() if routine else None,
        session_path=reverse("journal:session-planned"),
        now=timezone.now(),
    )
    if request.method == "GET":
        # A HEAD (a link checker) is not a calendar app reading it.
        services.calendar_feed_fetched(feed=found)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="psoasapp.ics"'
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# RFC 8058: mail providers POST "List-Unsubscribe=One-Click" to the link with
# no cookie and no CSRF token; the signature in the address is the proof.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reminder_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (a link scanner following it turns nothing off),
    or says the reminder is off already; POST, from the page's button or the
    mail provider's one-click, turns the reminder off. A tampered or foreign
    link is refused."""
    found = links.unsubscribe_read(token)
    if found is None or found[1] not in ReminderKind.values:
        return render(
            request,
            "journal/reminder_unsubscribe.html",
            {"invalid": True},
            status=HTTPStatus.BAD_REQUEST,
        )
    user_id, kind = found
    context = {"kind_label": ReminderKind(kind).label.lower(), "token": token}
    if not selectors.reminder_person_exists(user_id):
        # A deleted account's link: nothing to turn off, nor on again.
        context["gone"] = True
    elif request.method == "POST":
        services.reminder_unsubscribe(user_id=user_id, kind=kind)
        context["done"] = True
    else:
        context["already_off"] = not selectors.reminder_is_on(
            user_id=user_id, kind=kind
        )
    return render(request, "journal/reminder_unsubscribe.html", context)
