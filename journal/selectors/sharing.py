"""The links that share a person's report (journal/models/sharing.py)."""

import datetime

from core.models import AuditAction, AuditEvent

from ..models import ReportShare
from .reminders import token_hash


def report_share_target(share: ReportShare) -> str:
    """How the audit names a link, in AuditEvent.target: its views are read
    back by this."""
    return f"journal.reportshare #{share.pk}"


def report_share_find(token: str, now: datetime.datetime) -> ReportShare | None:
    """The working link of `token` (not revoked, not expired), with its
    person; None for any other token. One query."""
    if not token or len(token) > 100:
        return None
    # A deactivated account's links stop, as its reminders and calendar do.
    return (
        ReportShare.objects.working(now)
        .select_related("user")
        .filter(token_hash=token_hash(token), user__is_active=True)
        .first()
    )


def report_shares(user) -> list[ReportShare]:
    """The person's links, newest first, each with `opens`: its views from
    the audit, newest first. Two queries whatever the number of links."""
    shares = list(ReportShare.objects.for_user(user))
    by_target = {report_share_target(share): share for share in shares}
    for share in shares:
        share.opens = []
    if by_target:
        for event in AuditEvent.objects.filter(
            action=AuditAction.SHARE_VIEW, target__in=list(by_target)
        ).order_by("-at", "-pk"):
            by_target[event.target].opens.append(event)
    return shares
