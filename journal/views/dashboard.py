from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .. import cache, selectors, series
from ..dashboard_forms import ReportRangeForm


@never_cache
@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    plan = selectors.plan_for(user)
    today = selectors.user_today(plan)
    chart_range, fell_back = series.chart_range(request.GET.get("range"))

    def body() -> str:
        advice = selectors.advice(user, plan.routine, today)
        return render_to_string(
            "journal/includes/dashboard_body.html",
            {
                "plan": plan,
                "today": today,
                "triage": advice.triage,
                "exercise_plans": advice.plans,
                "dashboard": selectors.dashboard(
                    user,
                    today=today,
                    target=plan.weekly_target,
                    chart_range=chart_range,
                ),
                "ranges": series.RANGES.values(),
                "chart_range": chart_range,
                "unknown_range": request.GET["range"] if fell_back else None,
            },
            request=request,
        )

    # An unknown range echoes the request, so it is never cached.
    html = (
        body()
        if fell_back
        else cache.cached_body(
            user_id=user.pk,
            version=plan.journal_version,
            part=chart_range.key,
            today=today,
            render=body,
        )
    )
    return render(request, "journal/dashboard.html", {"body": mark_safe(html)})


@never_cache
@login_required
@require_safe
def report(request: HttpRequest) -> HttpResponse:
    plan = selectors.plan_for(request.user)
    today = selectors.user_today(plan)
    bound = "start" in request.GET or "end" in request.GET
    form = ReportRangeForm(request.GET if bound else None, today=today)
    summary = None
    if not form.is_bound or form.is_valid():
        start, end = form.dates
        summary = selectors.report(
            request.user, start=start, end=end, target=plan.weekly_target
        )
    return render(
        request,
        "journal/report.html",
        {"form": form, "plan": plan, "today": today, "report": summary},
    )
