from http import HTTPStatus

from allauth.account.internal.flows.reauthentication import (
    is_reauthentication_required,
)
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from core import health
from core.access import owned_or_404

from . import selectors, services, two_factor
from .forms import AccountDeleteForm


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
            "consent": selectors.consent_latest(request.user),
            "notice_version": settings.PRIVACY_NOTICE_VERSION,
            # Two-factor authentication and logged-in browsers.
            "factors": two_factor.factors_of(request.user),
            "browsers": selectors.logged_in_browsers(request),
        },
    )


CONFIRM_BEFORE_DOWNLOAD = (
    "To download your data, first confirm it is you. You will then be back on "
    "your account page: press “Download my data” there to start the download."
)


@never_cache
@login_required
@require_POST
def account_export(request: HttpRequest) -> HttpResponse:
    """Download my data: a POST because the download is written to the audit
    log; it changes nothing else.

    Not allauth's `reauthentication_required`: it would replay this POST as
    the answer to the confirmation page, so the file downloads while the
    browser stays on that page, the password still filled in, inviting a
    second press. Here the confirmation leads back to the account page."""
    if is_reauthentication_required(request, app=""):
        messages.info(request, CONFIRM_BEFORE_DOWNLOAD)
        back = f"{reverse('account')}#download-title"
        return redirect(
            f"{reverse('account_reauthenticate')}?{urlencode({'next': back})}"
        )
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
    """The form is allauth's re-authentication form (the password, under the
    failed-login rate limit) with a confirmation box: the password is asked
    once, here, not also on allauth's confirmation page before it."""
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
    user_session = owned_or_404(
        request, UserSession.objects.filter(user=request.user), pk
    )
    services.browser_log_out(request=request, user_session=user_session)
    if not request.user.is_authenticated:
        return redirect("home")
    messages.success(request, "That browser has been logged out.")
    # Back to the list the button was on: the account page or the sessions page.
    back = request.POST.get("next")
    if back not in {reverse("account"), reverse("usersessions_list")}:
        back = reverse("usersessions_list")
    return redirect(back)
