"""The function score (PSFS): rating it, its chart, deleting a score, and
"Not now" on the dashboard's card (journal/models/function.py)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core import outage
from core.access import owned_or_404

from .. import cache, selectors, services
from ..forms import FunctionForm, FunctionFormHidden
from ..function_chart import function_chart
from ..models import FunctionScore
from ..models.function import (
    PSFS_EVERY,
    PSFS_MAX_ACTIVITIES,
    PSFS_MDC_ACTIVITY,
    PSFS_MDC_MEAN,
    PSFS_MIN_ACTIVITIES,
    PSFS_SUGGESTIONS,
)
from ..series import one_decimal

# The new score's mean comes right after "saved", so that it never reads as
# the score replaced.
SAVED = {
    "created": "saved ({mean} out of 10).",
    "repeated": "saved ({mean} out of 10).",
    "replaced": "saved ({mean} out of 10): it replaces the one you had for that day.",
}


def _day(date) -> str:
    return date_format(date, "l j F Y")


def _day_name(day, today) -> str:
    """A day near today by its weekday ("Friday"), one further off by date."""
    return date_format(day, "l" if abs((day - today).days) < 7 else "l j F Y")


def _day_turned(today, page_day, replacing, todays) -> str:
    """What saving does now that the person's today is not the day the page
    was drawn for (it stayed open across midnight)."""
    now, then = _day_name(today, today), _day_name(page_day, today)
    said = f"It is now {date_format(today, 'l j F')}"
    if todays is not None:
        said += (
            f", and you have rated your function for {now} already "
            f"({one_decimal(todays.mean)} out of 10): saving replaces {now}’s "
            "score with these ratings"
        )
    else:
        said += f": saving makes these ratings {now}’s score"
    if replacing == page_day:
        said += f"; {then}’s stays as it is"
    return (
        f"{said}. Press “Save ratings” again to save them, or leave this page "
        "to save nothing."
    )


# How many scores the page lists with their activities, newest first, before
# a link to all of them.
SCORES_LISTED = 12
HISTORY_TEMPLATE = "journal/includes/function_history.html"


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def function(request: HttpRequest) -> HttpResponse:
    """Rate the PSFS for the person's today, and see its history. The form
    starts from the last score's activities (the scale re-rates the same
    ones), with their ratings too when that score is today's: saving then
    replaces it, as the page says first. A fixed number of queries, however
    many scores there are."""
    if request.method != "POST":
        return _function_page(request)
    plan = selectors.zone_plan(request.user)
    today = selectors.user_today(plan)
    history = selectors.function_scores(request.user)
    latest = history[-1] if history else None
    todays = latest if latest is not None and latest.date == today else None
    if request.method == "POST":
        form = FunctionForm(request.POST)
    elif latest is not None:
        form = FunctionForm.starting_from(
            latest.activities, abilities=todays is not None
        )
    else:
        form = FunctionForm()
    form.initial["day"] = today
    if todays is not None:
        form.initial["replacing"] = today
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        # The page named another day (it was open across midnight; a form
        # drawn before the page said its day has none), or today has a
        # score the page did not say it would replace.
        page_day = form.cleaned_data["day"]
        turned = page_day is not None and page_day != today
        unseen = todays is not None and form.cleaned_data["replacing"] != today
        if (
            (turned or unseen)
            # Not this same form sent again: the service answers that one.
            and not FunctionScore.objects.for_user(request.user)
            .filter(token=token)
            .exists()
        ):
            # The page now names today and says what saving does; the person
            # sends it again.
            form.data = form.data.copy()
            form.data["day"] = today.isoformat()
            form.data["replacing"] = today.isoformat() if todays is not None else ""
            form.add_error(
                None,
                _day_turned(today, page_day, form.cleaned_data["replacing"], todays)
                if turned
                else f"You have rated your function today already ({_day(today)}), "
                "as shown below. Saving replaces that score with this one: press "
                "“Save ratings” again to do so, or leave this page to keep it.",
            )
        else:
            with outage.keep_input(request):
                saved = services.function_record(
                    user=request.user,
                    date=today,
                    ratings=form.ratings,
                    token=token,
                )
                abilities = [ability for _, ability in form.ratings]
                mean = one_decimal(sum(abilities) / len(abilities))
                messages.success(
                    request,
                    f"Function score for {_day(saved.score.date)} "
                    + SAVED[saved.outcome].format(mean=mean),
                )
                return redirect(reverse("journal:function") + "#history")
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        PAGE,
        {
            **FIXED,
            "form": form,
            "today": today,
            "latest": latest,
            "todays": todays,
            "history_section": lambda: _history_section(request, history, show_all),
        },
    )


PAGE = "journal/function.html"
# What the page says of the scale, the same for everyone.
FIXED = {
    "suggestions": PSFS_SUGGESTIONS,
    "every_days": PSFS_EVERY.days,
    "mdc_mean": PSFS_MDC_MEAN,
    "mdc_activity": PSFS_MDC_ACTIVITY,
    "min_activities": PSFS_MIN_ACTIVITIES,
    "max_activities": PSFS_MAX_ACTIVITIES,
}


def _history_section(request: HttpRequest, history: list, show_all: bool) -> SafeString:
    """The page's history (chart, table and the scores' activities), kept
    under a digest of `history` (cache.function_history)."""

    def draw() -> SafeString:
        return render_to_string(
            HISTORY_TEMPLATE,
            {
                "history": history,
                # The newest scores' activities, all of them when asked:
                # years of scores every two weeks would make a page of
                # hundreds (the chart's table still lists every score).
                "newest_first": history[::-1]
                if show_all
                else history[: -SCORES_LISTED - 1 : -1],
                "more_scores": 0 if show_all else max(0, len(history) - SCORES_LISTED),
                "chart": function_chart(history, title="Your function score over time"),
            },
            request=request,
        )

    return cache.function_history(request.user, history, show_all=show_all, render=draw)


@dataclass(frozen=True)
class _Parts:
    """The function page's parts as first shown, but for the form's hidden
    inputs: the notice over the form, the form's fields, the history, and
    whether today has a score (saving replaces it)."""

    notice: SafeString
    fields: SafeString
    history: SafeString
    todays: bool


def _function_page(request: HttpRequest) -> HttpResponse:
    """The page as first shown (a GET): its parts kept (cache.function_page)
    while the person's scores, ratings and today are the same, the form's
    hidden inputs (its one-time token) drawn for each request."""
    user = request.user
    plan, versions = cache.function_plan(user)
    today = selectors.user_today(plan)
    show_all = request.GET.get("all") == "1"

    def parts() -> _Parts:
        history = selectors.function_scores(user)
        latest = history[-1] if history else None
        todays = latest if latest is not None and latest.date == today else None
        form = (
            FunctionForm.starting_from(latest.activities, abilities=todays is not None)
            if latest is not None
            else FunctionForm()
        )
        form.initial["day"] = today
        if todays is not None:
            form.initial["replacing"] = today
        context = {**FIXED, "form": form, "latest": latest, "todays": todays}
        return _Parts(
            notice=render_to_string(f"{PAGE}#notice", context, request=request),
            fields=render_to_string(f"{PAGE}#fields", context, request=request),
            history=_history_section(request, history, show_all),
            todays=todays is not None,
        )

    kept = cache.function_page(
        user, versions=versions, today=today, show_all=show_all, render=parts
    )
    return render(
        request,
        PAGE,
        {
            **FIXED,
            "form": FunctionFormHidden(
                day=today, replacing=today if kept.todays else None
            ),
            "kept": kept,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def function_delete(request: HttpRequest, pk: int) -> HttpResponse:
    score = owned_or_404(request, FunctionScore.objects.for_user(request.user), pk)
    if request.method == "POST":
        services.function_score_delete(score=score)
        messages.success(request, f"Function score of {_day(score.date)} deleted.")
        return redirect("journal:function")
    return render(
        request,
        "journal/confirm_delete.html",
        {
            "what": f"your function score of {_day(score.date)}",
            "cancel_url": reverse("journal:function") + "#history",
        },
    )


@never_cache
@login_required
@require_POST
def function_snooze(request: HttpRequest) -> HttpResponse:
    """ "Not now" on the dashboard's function card: it stays away for
    services.FUNCTION_SNOOZE (the function page still offers the form)."""
    today = selectors.user_today(selectors.zone_plan(request.user))
    until = services.function_snooze(user=request.user, today=today)
    messages.info(
        request,
        f"Not now, then. The dashboard will ask again on {_day(until)}; you can "
        "rate your activities at any time from the function score page.",
    )
    return redirect("journal:dashboard")
