"""Two-factor authentication: who must use it, and what a person has enrolled.

allauth.mfa does the enrolling, the login step and the recovery codes. This module
adds the rule that staff whose account can change the site use a second
factor: with TWO_FACTOR_REQUIRED_FOR_SUPERUSERS (on by default) a superuser,
and with TWO_FACTOR_REQUIRED_FOR_STAFF every staff member, who has none is sent
from every admin page to the two-factor page (which says why) until they add
one. Recovery codes alone do not count: they exist only beside another factor.

Having a factor is not enough: the admin opens only in a session that used
one (a login with the code or a passkey, a confirmation with one, or the
enrolment itself, which checks a code or the key). A browser that logged in
with the password alone, before the factor was added elsewhere, is asked for
it first (allauth's `mfa_reauthenticate`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.internal.flows.login import (
    get_authentication_records,
    record_authentication,
)
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from core import rows

# The factors that sign a person in: an authenticator app, a security key or
# passkey.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]

# Admin pages a person who must enrol may still open: leaving.
ADMIN_PAGES_WITHOUT_SECOND_FACTOR = {"logout"}


def two_factor_required(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the settings ask this account to use two factors in the admin."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser and settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS:
        return True
    return user.is_staff and settings.TWO_FACTOR_REQUIRED_FOR_STAFF


def has_second_factor(user: AbstractBaseUser) -> bool:
    return Authenticator.objects.filter(
        user_id=user.pk, type__in=SECOND_FACTORS
    ).exists()


def must_enrol(user: AbstractBaseUser | AnonymousUser) -> bool:
    """The account must use two factors and has none yet."""
    return two_factor_required(user) and not has_second_factor(user)


def session_used_second_factor(request: HttpRequest) -> bool:
    """Whether this session has given a second factor (allauth keeps the log
    of how the session authenticated, for its own re-authentication)."""
    return any(
        record.get("method") == "mfa" and record.get("type") in SECOND_FACTORS
        for record in get_authentication_records(request, request.user)
    )


def on_authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    """Enrolling checked a code from the app, or the key itself: the session
    that did it has used that factor (allauth does not log it as such)."""
    if request is None or authenticator.type not in SECOND_FACTORS:
        return
    record_authentication(
        request, user, "mfa", id=authenticator.pk, type=authenticator.type
    )


ASK_FOR_FACTOR = (
    "The admin needs your second factor in this browser too: confirm it is you "
    "with your authenticator app's code or your passkey."
)


class TwoFactorRequiredMiddleware:
    """On any admin page, for an account that must use two factors: sends it
    to the two-factor page (allauth's, restyled in templates/mfa/index.html)
    while it has none, then asks for the factor while this session has not
    used it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func, view_args, view_kwargs
    ) -> HttpResponse | None:
        match = request.resolver_match
        if (
            match is None
            or match.namespace != "admin"
            or match.url_name in ADMIN_PAGES_WITHOUT_SECOND_FACTOR
        ):
            return None
        if not two_factor_required(request.user):
            return None
        if not has_second_factor(request.user):
            return redirect("mfa_index")
        if not session_used_second_factor(request):
            messages.info(request, ASK_FOR_FACTOR)
            return redirect(
                f"{reverse('mfa_reauthenticate')}?"
                f"{urlencode({'next': request.get_full_path()})}"
            )
        return None


@dataclass(frozen=True)
class Factors:
    """What a person has enrolled, for their account page: never a secret."""

    totp: Authenticator | None = None
    passkeys: list[Authenticator] = field(default_factory=list)
    recovery_codes: Authenticator | None = None

    @property
    def any(self) -> bool:
        return self.totp is not None or bool(self.passkeys)

    @property
    def recovery_codes_left(self) -> int:
        if self.recovery_codes is None:
            return 0
        return len(self.recovery_codes.wrap().get_unused_codes())


def factors_of(user: AbstractBaseUser) -> Factors:
    """The person's enrolled factors, in one query."""
    totp = recovery_codes = None
    passkeys = []
    # Written out: the ORM took longer to compile it than the account page
    # takes to render the factors.
    for authenticator in rows.of_user(
        Authenticator, user.pk, order='"created_at", "id"'
    ):
        if authenticator.type == Authenticator.Type.TOTP:
            totp = authenticator
        elif authenticator.type == Authenticator.Type.RECOVERY_CODES:
            recovery_codes = authenticator
        else:
            passkeys.append(authenticator)
    return Factors(totp=totp, passkeys=passkeys, recovery_codes=recovery_codes)
