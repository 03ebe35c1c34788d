"""Writes on a person's account: their consent, the download of everything
stored about them, and the deletion of it all. Each app says what it stores in
its own privacy module (core.privacy); these loop over the declarations."""

from typing import Any

from allauth.usersessions.adapter import get_adapter as usersessions_adapter
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from core import privacy, sessions
from core.audit import audit_record
from core.models import AuditAction

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


def account_export(
    *, user: AbstractBaseUser, request: HttpRequest | None = None
) -> dict[str, Any]:
    """Everything psoasapp stores about `user`, as plain data for a JSON
    download (each app's part, in the declarations' order), and an audit event
    that says it was downloaded. A fixed number of queries whatever the amount
    of data."""
    with transaction.atomic():
        data: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "exported_at": timezone.now(),
        }
        for declaration in privacy.registry.declarations():
            if declaration.export is None:
                continue
            part = declaration.export(user)
            if taken := data.keys() & part.keys():
                raise ImproperlyConfigured(
                    f"{declaration.app_label}'s export repeats the keys "
                    f"{sorted(taken)} of another part of the download."
                )
            data.update(part)
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


def sessions_delete(*, user_pk) -> int:
    """Delete every stored session logged in as the account `user_pk`, in any
    browser; return how many. Sessions are stored by key, not by user, so this
    reads each one (a signature check and a decode: a moment even for many
    thousands). Works with the database session engines (db, cached_db, whose
    cached copies go too); the cookie and cache engines cannot be listed, and
    their sessions stop being logged in because the user is gone."""
    model = sessions.stored_session_model()
    if model is None:
        return 0
    store = sessions.session_store_class()()
    theirs = str(user_pk)
    keys = [
        session.session_key
        for session in model.objects.only("session_key", "session_data").iterator(
            chunk_size=1000
        )
        if store.decode(session.session_data).get(SESSION_KEY) == theirs
    ]
    for key in keys:
        store.delete(key)
    return len(keys)


def account_delete(*, user: AbstractBaseUser, request: HttpRequest) -> None:
    """Delete the account and every row that belongs to it, and log it out.

    The database cascades from the user to every declared personal model
    (plan, check-ins, sessions, quiz attempts, consents, email addresses, admin
    log entries...); audit events keep the account's number with the link
    emptied. Then each app forgets what it keeps outside the database. Once
    that is done, every stored session of the account, in this browser and any
    other, is deleted (no django_session row of it is left), and this browser
    is logged out."""
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
        for declaration in privacy.registry.declarations():
            if declaration.forget is not None:
                declaration.forget(pk)
    sessions_delete(user_pk=pk)
    if is_current:
        logout(request)


def browser_log_out(*, request: HttpRequest, user_session: UserSession) -> None:
    """Sign one of the person's browsers out (allauth's usersessions ends its
    Django session and its row). Ending the browser making the request logs
    it out."""
    current = user_session.session_key == request.session.session_key
    usersessions_adapter().end_sessions([user_session])
    if current:
        logout(request)
