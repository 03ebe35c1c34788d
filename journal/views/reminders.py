"""The reminders page; the calendar feed and the one-click unsubscribe, both
reached without a login, by a secret in the address."""

from http import HTTPStatus

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from core import outage

from .. import selectors, services
from ..forms import ReminderForm
from ..models import ReminderKind
from ..reminders import feed as ical
from ..reminders import links, rules

# The new calendar address, kept in the session from the POST that made it to
# the page that shows it, once.
FEED_TOKEN_SHOWN_ONCE = "journal.calendar_feed_token"


def _forms(request, reminders) -> dict[str, ReminderForm]:
    data = request.POST if request.method == "POST" else None
    return {
        kind: ReminderForm(
            data,
            kind=kind,
            initial={
                "enabled": reminder.enabled,
                "days": [str(day) for day in rules.weekdays(reminder.days)],
                "time": reminder.time,
            },
        )
        for kind, reminder in reminders.items()
    }


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reminders(request: HttpRequest) -> HttpResponse:
    """Reminder emails (each off until turned on) and the calendar address."""
    user = request.user
    plan = selectors.plan_for(user)
    saved = selectors.reminders_of(user, plan)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "feed-issue":
        token = services.calendar_feed_issue(user=user)
        request.session[FEED_TOKEN_SHOWN_ONCE] = token
        messages.success(request, "Your calendar address is ready: copy it now.")
        return redirect(reverse("journal:reminders") + "#calendar")
    if action == "feed-revoke":
        services.calendar_feed_revoke(user=user)
        messages.success(
            request, "Your calendar address is turned off: it shows nothing now."
        )
        return redirect(reverse("journal:reminders") + "#calendar")
    forms = _forms(request, saved)
    if request.method == "POST" and all(form.is_valid() for form in forms.values()):
        with outage.keep_input(request):
            for kind, form in forms.items():
                services.reminder_update(user=user, kind=kind, **form.reminder_values())
            messages.success(request, "Your reminders are saved.")
            return redirect("journal:reminders")
    token = request.session.pop(FEED_TOKEN_SHOWN_ONCE, None)
    feed = selectors.calendar_feed_of(user)
    address_verified = EmailAddress.objects.filter(
        user=user, email__iexact=user.email, verified=True
    ).exists()
    return render(
        request,
        "journal/reminders.html",
        {
            "plan": plan,
            "forms": forms,
            "session_form": forms[ReminderKind.SESSION],
            "check_in_form": forms[ReminderKind.CHECK_IN],
            "next": {
                kind: selectors.reminder_next(reminder, plan)
                for kind, reminder in saved.items()
            },
            "feed": feed,
            "feed_url": ical.address(token) if token and feed else None,
            "address_verified": address_verified,
        },
    )


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
        session_path=reverse("journal:session", kwargs={"slug": routine.slug})
        if routine
        else reverse("exercises:routine-list"),
        now=timezone.now(),
    )
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
    """GET asks to confirm (a link scanner following it turns nothing off);
    POST, from the page's button or the mail provider's one-click, turns the
    reminder off. A tampered or foreign link is refused."""
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
    if request.method == "POST":
        services.reminder_unsubscribe(user_id=user_id, kind=kind)
        context["done"] = True
    return render(request, "journal/reminder_unsubscribe.html", context)
