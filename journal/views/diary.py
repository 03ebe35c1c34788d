"""Pain beside what was done: the month calendar and the filtered pain trend."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .. import cache, selectors
from ..diary_forms import TrendForm
from ..series import range_start

WEEKDAYS = [
    (name[:3], name)
    for name in (
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    )
]


@never_cache
@login_required
@require_safe
def month(
    request: HttpRequest, year: int | None = None, month: int | None = None
) -> HttpResponse:
    """The month of the person's today, or the one named (January 2000 to the
    current month; any other answers 404): three queries beyond the login's."""
    saved = selectors.plan_if_saved(request.user)
    plan = saved.plan
    today = selectors.user_today(plan)
    if year is None:
        first = selectors.month_start(today)
    else:
        first = selectors.month_of(year, month, today)
        if first is None:
            raise Http404("No such month in the journal.")

    def calendar() -> SafeString:
        return render_to_string(
            MONTH_BODY,
            {
                "month": selectors.month_calendar(request.user, first, today),
                "bands": selectors.PAIN_BANDS,
                "weekdays": WEEKDAYS,
            },
            request=request,
        )

    return render(
        request,
        "journal/month.html",
        {
            "first": first,
            "zone_plan": plan,
            # Drawn (or read from memory) as the page renders, so that the
            # page's template is the first one rendered.
            "body": lambda: cache.month(
                request.user, first, today, version=saved.version, render=calendar
            ),
        },
    )


MONTH_BODY = "journal/includes/month_body.html"


@never_cache
@login_required
@require_safe
def trend(request: HttpRequest) -> HttpResponse:
    """The pain chart over a range, only the check-ins of a side or tagged
    with a trigger: one query beyond the login's while the journal, the
    triggers and the day are unchanged (cache.trend), four when not."""
    user = request.user
    plan, tag = cache.trend_plan(user)
    today = selectors.user_today(plan)
    triggers = cache.trend(
        user, tag, today, "triggers", render=lambda: selectors.trend_triggers(user)
    )
    form = TrendForm(request.GET, triggers=triggers)
    form.is_valid()
    chart_range = form.chosen_range
    side, trigger = form.chosen_side, form.chosen_trigger
    label = (
        "all your entries" if chart_range.weeks is None else f"last {chart_range.label}"
    )
    filters = []
    if trigger is not None:
        filters.append(f"tagged “{trigger.name}”")
    if side:
        filters.append(f"with pain in the {side_words(side)}")

    def section() -> SafeString:
        chart = selectors.pain_trend(
            user,
            start=range_start(chart_range, today),
            end=today,
            weekly=chart_range.weekly,
            side=side,
            trigger=trigger,
            title=f"Pain trend, {label}",
            filtered=", ".join(filters),
        )
        return render_to_string(
            TREND_SECTION,
            {
                "chart": chart,
                "label": label,
                "filters": filters,
                "matching": sum(point.check_ins for point in chart.recorded),
                "filtered": bool(filters),
            },
            request,
        )

    # The section shows the choice only (never what was typed: an unknown
    # value is left out, and the form says so beside its field).
    chosen = f"{chart_range.key}|{side}|{trigger.slug if trigger else ''}"
    return render(
        request,
        "journal/trend.html",
        {
            "form": form,
            # Drawn (or read from memory) as the page renders: the page's
            # template is the first one rendered.
            "section": lambda: cache.trend(user, tag, today, chosen, render=section),
            "filtered": bool(filters),
            "zone_plan": plan,
        },
    )


TREND_SECTION = "journal/trend.html#section"


def side_words(side: str) -> str:
    return {"left": "left hip", "right": "right hip", "both": "both hips"}[side]
