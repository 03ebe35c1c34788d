"""Two-factor authentication: who must use it, and what a person has enrolled.

allauth.mfa does the enrolling, the login step and the recovery codes. This module
adds the rule that staff whose account can change the site use a second
factor: with TWO_FACTOR_REQUIRED_FOR_SUPERUSERS (on by default) a superuser,
and with TWO_FACTOR_REQUIRED_FOR_STAFF every staff member, who has none is sent
from every admin page to the two-factor page (which says why) until they add
one. Recovery codes alone do not count: they exist only beside another factor.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

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


class TwoFactorRequiredMiddleware:
    """Sends a person who `must_enrol` from any admin page to the two-factor
    page (allauth's, restyled in templates/mfa/index.html)."""

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
        if must_enrol(request.user):
            return redirect("mfa_index")
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
    for authenticator in Authenticator.objects.filter(user_id=user.pk).order_by(
        "created_at", "pk"
    ):
        if authenticator.type == Authenticator.Type.TOTP:
            totp = authenticator
        elif authenticator.type == Authenticator.Type.RECOVERY_CODES:
            recovery_codes = authenticator
        else:
            passkeys.append(authenticator)
    return Factors(totp=totp, passkeys=passkeys, recovery_codes=recovery_codes)
