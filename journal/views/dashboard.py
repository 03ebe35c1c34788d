from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .. import cache, selectors, series
from ..dashboard_forms import ReportRangeForm
from ..sharing_forms import ReportIdentityForm


@never_cache
@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    chart_range, fell_back = series.chart_range(request.GET.get("range"))
    plan, body = cache.dashboard_body(
        request,
        chart_range=chart_range,
        unknown_range=request.GET["range"] if fell_back else None,
    )
    return render(
        request,
        "journal/dashboard.html",
        {"body": body, "ask_history": plan.history_answered_at is None},
    )


@never_cache
@login_required
@require_safe
def report(request: HttpRequest) -> HttpResponse:
    return report_page(request, request.GET)


def report_page(
    request: HttpRequest, query, *, identity_form: ReportIdentityForm | None = None
) -> HttpResponse:
    """The report for the dates of `query` (the page's GET, or the hidden
    dates of the name form when it comes back with an error)."""
    plan, versions = cache.report_plan(request.user)
    today = selectors.user_today(plan)
    bound = "start" in query or "end" in query
    form = ReportRangeForm(query if bound else None, today=today)
    person_name = plan.report_name
    person_email = request.user.email if plan.report_shows_email else ""
    body, start, end = None, None, None
    if not form.is_bound or form.is_valid():
        start, end = form.dates
        body = cache.report_body(
            request,
            owner=request.user,
            plan=plan,
            versions=versions,
            today=today,
            start=start,
            end=end,
            person_name=person_name,
            person_email=person_email,
        )
    return render(
        request,
        "journal/report.html",
        {
            "form": form,
            "plan": plan,
            "today": today,
            "report_body": body,
            "start": start,
            "end": end,
            "person_name": person_name,
            "person_email": person_email,
            "identity_form": identity_form or ReportIdentityForm(instance=plan),
            "share_query": urlencode(
                {"start": start.isoformat(), "end": end.isoformat()}
            )
            if body is not None
            else "",
        },
    )
