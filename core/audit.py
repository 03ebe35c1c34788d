"""The audit log: one function writes every event, so each carries the same facts
(who, when in UTC, what, from which address).

Events come from three places: Django's login signals (connected in
`CoreConfig.ready`), `AuditMiddleware` (the admin pages that show health data,
as declared in the apps' privacy modules), and direct calls to `audit_record`
(refused access in `core.access.owned_or_404`, account export and deletion).

What is kept, and for how long: the page address without its secrets
(`audit_path`), and only for AUDIT_RETENTION_DAYS (`audit_prune`, run daily by
`manage.py maintain`)."""

import datetime
import ipaddress
from collections.abc import Callable, Mapping
from http import HTTPStatus
from urllib.parse import parse_qsl, quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.encoding import escape_uri_path

from . import privacy
from .models import AuditAction, AuditEvent

# The admin views that show an object or a list of them (add and delete are
# refused for health data, so they never show any).
_ADMIN_VIEWS_SHOWING_DATA = {"changelist": "list", "change": "", "history": "history"}


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from. Behind ALLAUTH_TRUSTED_PROXY_COUNT
    proxies of the site's own (DJANGO_TRUSTED_PROXY_COUNT; nginx alone: 1),
    the entry of X-Forwarded-For that the first of them added, as allauth's
    rate limits read it: entries before it can be forged by the client, so
    they are never read. Without proxies, or when the header is shorter than
    the count says or its entry is not an address (a request that did not
    come through them), the address the WSGI server saw."""
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.headers.get("x-forwarded-for", "")
    if proxies > 0 and forwarded:
        entries = [entry.strip() for entry in forwarded.split(",")]
        if len(entries) >= proxies:
            try:
                return str(ipaddress.ip_address(entries[-proxies]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None


# Retention -------------------------------------------------------------------

# The URL parameters that carry a secret: the email-confirmation key
# (/account/confirm-email/<key>/), the password reset's account and key
# (/account/password/reset/key/<uidb36>-<key>/), and the usual names elsewhere.
# Their values never reach the log; the path keeps a placeholder (":key").
SECRET_URL_KWARGS = frozenset({"key", "uidb36", "uidb64", "token", "signature"})
# Every query-string value is replaced (a search typed in the admin is as
# personal as a ?token=); the parameter names stay, to show what was asked.
QUERY_VALUE_PLACEHOLDER = ":value"


def _without_secret_kwargs(path: str, kwargs: Mapping[str, object]) -> str:
    """`path` with the values of its secret URL parameters replaced by
    ":<name>". Parameters appear in the path in the order of `kwargs` (the
    pattern's order), so each is looked for from the right, left of the one
    after it: "1-set-password" becomes ":uidb36-:key", whatever the digits."""
    end = len(path)
    for name, value in reversed(list(kwargs.items())):
        text = str(value)
        if name not in SECRET_URL_KWARGS or not text:
            continue
        start = path.rfind(text, 0, end)
        if start < 0:
            continue
        path = f"{path[:start]}:{name}{path[start + len(text) :]}"
        end = start
    return path


def audit_path(request: HttpRequest) -> str:
    """The page address as the audit stores it: the path with the values of
    secret URL parameters replaced by a placeholder, and the query string with
    every value replaced ("/account/confirm-email/:key/", "?q=:value")."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
    if match is not None:
        path = _without_secret_kwargs(path, match.kwargs)
    path = escape_uri_path(path)
    if query := request.META.get("QUERY_STRING", ""):
        names = [name for name, _ in parse_qsl(query, keep_blank_values=True)]
        if names:
            path += "?" + "&".join(
                f"{quote(name, safe='')}={QUERY_VALUE_PLACEHOLDER}" for name in names
            )
    return path


def audit_retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """The oldest moment the audit keeps: AUDIT_RETENTION_DAYS before `now`."""
    return (now or timezone.now()) - datetime.timedelta(
        days=settings.AUDIT_RETENTION_DAYS
    )


def audit_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the audit events older than AUDIT_RETENTION_DAYS; return how
    many went. Run daily by `manage.py maintain`."""
    deleted, _ = AuditEvent.objects.older_than(audit_retention_cutoff(now)).delete()
    return deleted


# Recording ---------------------------------------------------------------------


def audit_record(
    *,
    action: AuditAction,
    request: HttpRequest | None = None,
    user: AbstractBaseUser | None = None,
    target: str = "",
    detail: str = "",
) -> AuditEvent:
    """Write one audit event. `user` defaults to the request's authenticated
    user; anonymous requests (a failed login, say) are recorded without one."""
    if user is None and request is not None:
        # A request built by hand (authenticate() in a script) may have no user.
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    return AuditEvent.objects.create(
        action=action,
        user=user,
        user_ref=str(user.pk) if user is not None else "",
        ip_address=client_ip(request) if request is not None else None,
        path=audit_path(request)[:500] if request is not None else "",
        target=target[:200],
        detail=detail[:500],
    )


# Logins -----------------------------------------------------------------------


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    """Receiver of `user_logged_in`: allauth's login, the admin's (which goes
    through allauth) and the login after an email confirmation."""
    audit_record(action=AuditAction.LOGIN, request=request, user=user)


def on_user_login_failed(sender, credentials, request=None, **kwargs) -> None:
    """Receiver of `user_login_failed`. Records the account tried when it
    exists. The address typed is not stored: when no account has it, it is
    personal data of someone who is not a user (or a password typed into the
    wrong field), and the client's address already shows who is guessing.
    Django has already masked the password in `credentials`; it is never read."""
    tried = credentials.get("email") or credentials.get("username")
    user = None
    if isinstance(tried, str) and tried:
        user = (
            get_user_model()
            ._default_manager.filter(email__iexact=tried.strip())
            .first()
        )
    audit_record(
        action=AuditAction.LOGIN_FAILED,
        request=request,
        user=user,
        detail="" if user is not None else "No account has the address tried.",
    )


# Staff views ------------------------------------------------------------------


def staff_view_target(request: HttpRequest) -> str:
    """What an admin page shows of users' health data ("journal.checkin #12",
    "journal.checkin list"), or "" when it shows none. Health data is what the
    apps declare as such in their privacy modules."""
    match = request.resolver_match
    model_admin = getattr(match.func, "model_admin", None) if match else None
    if model_admin is None or not match.url_name:
        return ""
    view = match.url_name.rsplit("_", 1)[-1]
    if view not in _ADMIN_VIEWS_SHOWING_DATA or not privacy.registry.is_health(
        model_admin.model
    ):
        return ""
    parts = [model_admin.model._meta.label_lower]
    if "object_id" in match.kwargs:
        parts.append(f"#{match.kwargs['object_id']}")
    if suffix := _ADMIN_VIEWS_SHOWING_DATA[view]:
        parts.append(suffix)
    return " ".join(parts)


class AuditMiddleware:
    """Writes a STAFF_VIEW event for each admin page that showed health data,
    recognised by its URL once the page has answered. Goes after
    AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == HTTPStatus.OK and (
            viewed := staff_view_target(request)
        ):
            audit_record(action=AuditAction.STAFF_VIEW, request=request, target=viewed)
        return response
