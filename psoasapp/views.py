from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from core import health

from . import services
from .forms import AccountDeleteForm
from .models import Consent


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "psoasapp/home.html")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Readiness for load balancers: 503 when the database does not answer or
    refuses a write, or the disk is nearly full (core/health.py). The answer
    names each check and its result, nothing more."""
    found = health.report()
    response = JsonResponse(
        {"status": "ok" if found.ok else "error", **found.checks},
        status=HTTPStatus.OK if found.ok else HTTPStatus.SERVICE_UNAVAILABLE,
    )
    if not found.ok:
        response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
    return response


@require_safe
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "psoasapp/privacy.html",
        {
            "notice_version": settings.PRIVACY_NOTICE_VERSION,
            "audit_retention_days": settings.AUDIT_RETENTION_DAYS,
        },
    )


@never_cache
@login_required
@require_safe
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "psoasapp/account.html",
        {
            "consents": Consent.objects.filter(user=request.user),
            "notice_version": settings.PRIVACY_NOTICE_VERSION,
        },
    )


@never_cache
@login_required
@require_POST
def account_export(request: HttpRequest) -> JsonResponse:
    """Download my data: a POST because the download is written to the audit
    log; it changes nothing else."""
    data = services.account_export(user=request.user, request=request)
    response = JsonResponse(
        data, json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="psoasapp-data.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user, request=request)
        messages.success(
            request, "Your account and everything in it have been deleted."
        )
        return redirect("home")
    return render(request, "psoasapp/account_delete.html", {"form": form})
