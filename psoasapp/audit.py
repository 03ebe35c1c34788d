"""The audit log: one function writes every event, so each carries the same facts
(who, when in UTC, what, from which address)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from .models import AuditAction, AuditEvent


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from, as the WSGI server saw it. Behind a
    reverse proxy, have the proxy server set REMOTE_ADDR (for example gunicorn's
    --forwarded-allow-ips); a client can forge X-Forwarded-For, so it is not read
    here."""
    return request.META.get("REMOTE_ADDR") or None


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
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    return AuditEvent.objects.create(
        action=action,
        user=user,
        user_ref=str(user.pk) if user is not None else "",
        ip_address=client_ip(request) if request is not None else None,
        path=request.get_full_path()[:500] if request is not None else "",
        target=target[:200],
        detail=detail[:500],
    )
