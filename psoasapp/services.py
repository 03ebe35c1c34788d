"""Writes on a person's account: their consent, the download of everything
stored about them, and the deletion of it all. psoasapp asks each app for its
part through that app's selectors."""

from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from core.audit import audit_record
from core.models import AuditAction, AuditEvent
from journal import selectors as journal
from journal import services as journal_services
from quiz import selectors as quiz

from .models import Consent

EXPORT_FORMAT = "psoasapp account data, version 1"


def consent_record(*, user: AbstractBaseUser, notice_version: str = "") -> Consent:
    """Store the user's consent to the privacy notice (the current version by
    default). Consenting to a version twice keeps the first time."""
    consent, _ = Consent.objects.get_or_create(
        user=user,
        notice_version=notice_version or settings.PRIVACY_NOTICE_VERSION,
    )
    return consent


def _profile(user: AbstractBaseUser) -> dict[str, Any]:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": [
            {"email": email, "verified": verified, "primary": primary}
            for email, verified, primary in EmailAddress.objects.filter(
                user=user
            ).values_list("email", "verified", "primary")
        ],
        "consents": [
            {"privacy_notice_version": version, "accepted_at": accepted_at}
            for version, accepted_at in Consent.objects.filter(user=user)
            .order_by("accepted_at")
            .values_list("notice_version", "accepted_at")
        ],
    }


def _account_events(user: AbstractBaseUser) -> list[dict[str, Any]]:
    return [
        {"at": at, "action": action, "ip_address": ip, "path": path}
        for at, action, ip, path in AuditEvent.objects.filter(user=user)
        .order_by("at", "pk")
        .values_list("at", "action", "ip_address", "path")
    ]


def account_export(
    *, user: AbstractBaseUser, request: HttpRequest | None = None
) -> dict[str, Any]:
    """Everything psoasapp stores about `user`, as plain data for a JSON
    download, and an audit event that says it was downloaded. A fixed number
    of queries whatever the amount of data."""
    with transaction.atomic():
        data = {
            "format": EXPORT_FORMAT,
            "exported_at": timezone.now(),
            "profile": _profile(user),
            **journal.account_data(user),
            **quiz.account_data(user),
            "account_events": _account_events(user),
        }
        audit_record(
            action=AuditAction.ACCOUNT_EXPORT,
            request=request,
            user=user,
            target=f"account #{user.pk}",
        )
    return data


def _deleted_by(request: HttpRequest, pk) -> str:
    """Who deleted the account, when it was not its owner (a superuser in the
    admin)."""
    if request.user.is_authenticated and request.user.pk != pk:
        return f"deleted by account #{request.user.pk}"
    return ""


def account_delete(*, user: AbstractBaseUser, request: HttpRequest) -> None:
    """Delete the account and every row that belongs to it, and log it out.

    The database cascades from the user to their plan, check-ins, sessions,
    quiz attempts, consents, email addresses and admin log entries; audit
    events keep the account's number with the link emptied. Sessions of the
    account in other browsers end with it: their user no longer exists, so
    Django's authentication middleware treats them as anonymous."""
    pk = user.pk
    # Asked before the delete, which empties the instance's pk (and the
    # request's user may be that very instance).
    is_current = request.user.is_authenticated and request.user.pk == pk
    with transaction.atomic():
        # Written first, while the user exists, so that user_ref keeps the
        # account's number once the link is emptied.
        audit_record(
            action=AuditAction.ACCOUNT_DELETE,
            request=request,
            user=user,
            target=f"account #{pk}",
            detail=_deleted_by(request, pk),
        )
        user.delete()
        journal_services.account_forget(user_id=pk)
    if is_current:
        logout(request)
