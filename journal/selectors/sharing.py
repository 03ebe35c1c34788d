"""The links that share a person's report (journal/models/sharing.py)."""

import datetime

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from core.models import AuditAction, AuditEvent
from core.rows import from_row

from ..models import Plan, ReportShare
from .reminders import token_hash

# How the audit names a link, before its id (report_share_target).
SHARE_TARGET_PREFIX = "journal.reportshare #"


def report_share_target(share: ReportShare) -> str:
    """How the audit names a link, in AuditEvent.target: its views are read
    back by this."""
    return f"{SHARE_TARGET_PREFIX}{share.pk}"


def share_list_plan(user) -> Plan:
    """What the share links page reads of the user's plan (their zone, and
    how their report names them), or an unsaved plan's defaults: one query,
    without the routine plan_for joins."""
    plans = (
        Plan.objects.filter(user=user)
        .only(
            "user_id",
            "time_zone",
            "time_zone_known",
            "report_name",
            "report_shows_email",
        )
        .order_by()[:1]  # one plan per user: no ORDER BY to compile
    )
    return next(iter(plans), None) or Plan(user=user)


# What the links' pages show of their person's plan, read with the links:
# each annotation's name and the plan's column.
LINK_PLAN_COLUMNS = {
    "plan_pk": "id",
    "plan_time_zone": "time_zone",
    "plan_time_zone_known": "time_zone_known",
    "plan_report_name": "report_name",
    "plan_report_shows_email": "report_shows_email",
}


def link_plan_annotations() -> dict[str, RawSQL]:
    """Annotations for a query of links: their person's plan's columns
    (LINK_PLAN_COLUMNS), each a look-up of the plan by its user, None without
    a saved plan. A page that reads the links reads the plan with them."""
    plans = connection.ops.quote_name(Plan._meta.db_table)
    shares = connection.ops.quote_name(ReportShare._meta.db_table)
    return {
        name: RawSQL(
            f'SELECT "{column}" FROM {plans} '
            f'WHERE {plans}."user_id" = {shares}."user_id"',
            (),
        )
        for name, column in LINK_PLAN_COLUMNS.items()
    }


def link_plan(share: ReportShare) -> Plan | None:
    """The person's plan as link_plan_annotations read it with `share` (those
    columns only: its zone and how the report names them), or None without a
    saved plan."""
    if share.plan_pk is None:
        return None
    return Plan(
        pk=share.plan_pk,
        user_id=share.user_id,
        time_zone=share.plan_time_zone,
        time_zone_known=bool(share.plan_time_zone_known),
        report_name=share.plan_report_name,
        report_shows_email=bool(share.plan_report_shows_email),
    )


def report_share_find(
    token: str, now: datetime.datetime, **annotations: RawSQL
) -> ReportShare | None:
    """The working link of `token` (not revoked, not expired), with its
    person (and `annotations`, SQL read in the same query, each set on the
    link under its name); None for any other token. One query."""
    if not token or len(token) > 100:
        return None
    # Written out: the ORM's compiling of this query, with its annotations,
    # cost more than the rest of the shared report's kept page.
    quote = connection.ops.quote_name
    user_model = ReportShare._meta.get_field("user").related_model
    shares = quote(ReportShare._meta.db_table)
    users = quote(user_model._meta.db_table)
    share_fields = ReportShare._meta.concrete_fields
    user_fields = user_model._meta.concrete_fields
    columns = ", ".join(
        [f"{shares}.{quote(field.column)}" for field in share_fields]
        + [f"{users}.{quote(field.column)}" for field in user_fields]
        + [f"({annotation.sql})" for annotation in annotations.values()]
    )
    params = [param for raw in annotations.values() for param in raw.params]
    # A working link (ReportShare.objects.working: not revoked, not expired)
    # of an active account: a deactivated account's links stop, as its
    # reminders and calendar do.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {shares} INNER JOIN {users} "
            f'ON {users}."id" = {shares}."user_id" '
            f'WHERE {shares}."token_hash" = %s AND {shares}."revoked_at" IS NULL '
            f'AND {shares}."expires_at" > %s AND {users}."is_active" = %s',
            [
                *params,
                token_hash(token),
                connection.ops.adapt_datetimefield_value(now),
                True,
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    share = from_row(ReportShare, row[: len(share_fields)])
    share.user = from_row(
        user_model, row[len(share_fields) : len(share_fields) + len(user_fields)]
    )
    for name, value in zip(
        annotations, row[len(share_fields) + len(user_fields) :], strict=True
    ):
        setattr(share, name, value)
    return share


def _opens(**target) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(action=AuditAction.SHARE_VIEW, **target)


def _of_each_link(select: str, then: str = "") -> RawSQL:
    """`select` (and `then`: an ORDER BY) over the opens of each link of the
    query (its events of the action, the target naming it), read in the
    audit's index of actions and targets (core.AuditEvent's
    audit_action_target_at), no row read."""
    audit = connection.ops.quote_name(AuditEvent._meta.db_table)
    share = connection.ops.quote_name(ReportShare._meta.db_table)
    return RawSQL(
        f'(SELECT {select} FROM {audit} WHERE "action" = %s AND "target" = '
        f'%s || CAST({share}."id" AS VARCHAR(20)) {then})',
        (AuditAction.SHARE_VIEW, SHARE_TARGET_PREFIX),
    )


def report_shares_counted(user, *, with_plan: bool = False) -> list[ReportShare]:
    """The person's links, newest first, each with `open_count`, its views in
    the audit, and `newest_open`, the id of the newest (None before the
    first), and, `with_plan`, their plan's columns (link_plan_annotations):
    one query, whatever the number of links and of opens. Written as SQL:
    the ORM's compiling of the annotations cost twice the query."""
    annotations = {
        "open_count": _of_each_link("COUNT(*)"),
        "newest_open": _of_each_link('"id"', 'ORDER BY "at" DESC, "id" DESC LIMIT 1'),
        **(link_plan_annotations() if with_plan else {}),
    }
    quote = connection.ops.quote_name
    table = quote(ReportShare._meta.db_table)
    columns = [
        f"{table}.{quote(field.column)}" for field in ReportShare._meta.concrete_fields
    ] + [f"({raw.sql}) AS {quote(name)}" for name, raw in annotations.items()]
    params = [param for raw in annotations.values() for param in raw.params]
    shares = list(
        ReportShare.objects.raw(
            f'SELECT {", ".join(columns)} FROM {table} WHERE {table}."user_id" = %s',
            [*params, user.pk],
        )
    )
    # ReportShare's ordering.
    shares.sort(key=lambda share: (share.created_at, share.pk), reverse=True)
    return shares


def report_share_opens(
    shares: list[ReportShare], *, opens_shown: int | None = None
) -> None:
    """Give each of `shares` (report_shares_counted's) its `opens`: its views
    from the audit, newest first (only the newest `opens_shown` of each when
    given, read down the audit's index and nothing older), and
    `opens_earlier`, those not read. One query for the links opened, none
    when none was."""
    by_target = {report_share_target(share): share for share in shares}
    for share in shares:
        share.opens = []
    opened = [target for target, share in by_target.items() if share.open_count]
    if opened and opens_shown is None:
        events = _opens(target__in=opened)
    elif opened:
        newest = Q()
        for target in opened:
            newest |= Q(
                pk__in=_opens(target=target)
                .order_by("-at", "-pk")
                .values("pk")[:opens_shown]
            )
        events = AuditEvent.objects.filter(newest)
    else:
        events = AuditEvent.objects.none()
    for event in events.order_by("-at", "-pk"):
        by_target[event.target].opens.append(event)
    for share in shares:
        # Opened again between the two queries: its count is the opens read.
        share.open_count = max(share.open_count, len(share.opens))
        share.opens_earlier = share.open_count - len(share.opens)


def report_shares(user, *, opens_shown: int | None = None) -> list[ReportShare]:
    """The person's links, newest first, each with its count of opens and its
    opens (report_shares_counted, report_share_opens): at most two queries
    whatever the number of links and of opens. A link opened a thousand times
    is listed with its newest `opens_shown` when given."""
    shares = report_shares_counted(user)
    report_share_opens(shares, opens_shown=opens_shown)
    return shares
