from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import charts, selectors
from ..dashboard_forms import ReportRangeForm


@never_cache
@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    plan = selectors.plan_for(request.user)
    today = selectors.user_today(plan)
    chart_range, fell_back = charts.chart_range(request.GET.get("range"))
    return render(
        request,
        "journal/dashboard.html",
        {
            "plan": plan,
            "today": today,
            "triage": selectors.triage_recent(request.user, today),
            "exercise_plans": selectors.exercise_plans(request.user, plan.routine),
            "dashboard": charts.dashboard(
                request.user,
                today=today,
                target=plan.weekly_target,
                chart_range=chart_range,
            ),
            "ranges": charts.RANGES.values(),
            "chart_range": chart_range,
            "unknown_range": request.GET["range"] if fell_back else None,
        },
    )


@never_cache
@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    plan = selectors.plan_for(request.user)
    today = selectors.user_today(plan)
    bound = "start" in request.GET or "end" in request.GET
    form = ReportRangeForm(request.GET if bound else None, today=today)
    summary = None
    if not form.is_bound or form.is_valid():
        start, end = form.dates
        summary = charts.report(
            request.user, start=start, end=end, target=plan.weekly_target
        )
    return render(
        request,
        "journal/report.html",
        {"form": form, "plan": plan, "today": today, "report": summary},
    )
