"""The links that share a person's report (journal/models/sharing.py)."""

import datetime

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

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


def report_shares(user, *, opens_shown: int | None = None) -> list[ReportShare]:
    """The person's links, newest first, each with `opens`: its views from
    the audit, newest first (only the newest `opens_shown` of each when
    given, as the list page shows them), and `open_count`, all of them. Two
    queries whatever the number of links and of opens: a link opened a
    thousand times is listed with its newest twenty, not read whole."""
    shares = list(ReportShare.objects.for_user(user))
    by_target = {report_share_target(share): share for share in shares}
    for share in shares:
        share.opens = []
        share.open_count = share.opens_earlier = 0
    if not by_target:
        return shares
    events = AuditEvent.objects.filter(
        action=AuditAction.SHARE_VIEW, target__in=list(by_target)
    )
    if opens_shown is not None:
        newest_first = [F("at").desc(), F("pk").desc()]
        events = events.annotate(
            rank=Window(RowNumber(), partition_by=F("target"), order_by=newest_first),
            of=Window(Count("pk"), partition_by=F("target")),
        ).filter(rank__lte=opens_shown)
    for event in events.order_by("-at", "-pk"):
        share = by_target[event.target]
        share.opens.append(event)
        share.open_count = getattr(event, "of", None) or len(share.opens)
    for share in shares:
        share.opens_earlier = share.open_count - len(share.opens)
    return shares
