from http import HTTPStatus

from allauth.account.decorators import reauthentication_required
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from core import health

from . import selectors, services, two_factor
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
            # Two-factor authentication and logged-in browsers.
            "factors": two_factor.factors_of(request.user),
            "browsers": selectors.logged_in_browsers(request),
        },
    )


@never_cache
@login_required
@reauthentication_required
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
@reauthentication_required
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


@never_cache
@login_required
@require_POST
def account_browser_log_out(request: HttpRequest, pk: int) -> HttpResponse:
    """Log out one of my browsers (the sessions list ends all the others)."""
    user_session = get_object_or_404(UserSession, pk=pk, user=request.user)
    services.browser_log_out(request=request, user_session=user_session)
    if not request.user.is_authenticated:
        return redirect("home")
    messages.success(request, "That browser has been logged out.")
    # Back to the list the button was on: the account page or the sessions page.
    back = request.POST.get("next")
    if back not in {reverse("account"), reverse("usersessions_list")}:
        back = reverse("usersessions_list")
    return redirect(back)
