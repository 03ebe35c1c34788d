"""The user's plan and their "today"."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from core import rows
from core.rows import from_row
from exercises import selectors as content

from .. import zones
from ..models import JournalVersion, Plan


def plan_for(user) -> Plan:
    """The user's plan, or an unsaved one with the defaults: reading a page never
    writes a row; the plan is stored when the user saves it."""
    plan = Plan.objects.select_related("routine").filter(user=user).first()
    if plan is None:
        plan = Plan(user=user, routine=content.routine_default())
    return plan


# The version as a correlated subquery, written out: the ORM's
# Subquery(OuterRef) costs 0.4 ms of query compilation on every cached
# dashboard (a tenth of it), this 0.1 ms.
_VERSION_OF_PLAN = (
    f'SELECT "version" FROM "{JournalVersion._meta.db_table}" '
    f'WHERE "user_id" = "{Plan._meta.db_table}"."user_id"'
)
# The same for a user without a plan, with their id as the parameter.
_VERSION_OF_USER = (
    f'SELECT "version" FROM "{JournalVersion._meta.db_table}" WHERE "user_id" = %s'
)
VERSION_OF_PLAN_SQL, VERSION_OF_USER_SQL = _VERSION_OF_PLAN, _VERSION_OF_USER


def plan_read(user, *extra_sql: str) -> tuple[Plan | None, list]:
    """The user's plan with its routine (None without a saved plan), and the
    journal's version, the content's and `extra_sql`'s values, in one query
    written out: the ORM's compiling of that query cost more than the rest of
    a kept page. The versions are read with or without a plan (the plan is
    joined to a row of its own), so a new member's page needs no second
    query for them."""
    plan_fields = Plan._meta.concrete_fields
    routine_model = Plan._meta.get_field("routine").related_model
    routine_fields = routine_model._meta.concrete_fields
    quote = connection.ops.quote_name
    plans = quote(Plan._meta.db_table)
    columns = ", ".join(
        [f"{plans}.{quote(f.column)}" for f in plan_fields]
        + [f"r.{quote(f.column)}" for f in routine_fields]
        + [f"({_VERSION_OF_USER})", content.content_version_sql()]
        + list(extra_sql)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT {columns} FROM (SELECT 1 AS "one") one '
            f'LEFT OUTER JOIN {plans} ON {plans}."user_id" = %s '
            f"LEFT OUTER JOIN {quote(routine_model._meta.db_table)} r "
            f'ON r."id" = {plans}."routine_id"',
            [user.pk, user.pk],
        )
        row = cursor.fetchone()
    count = len(plan_fields)
    read = list(row[count + len(routine_fields) :])
    if row[0] is None:
        return None, read
    plan = from_row(Plan, row[:count])
    routine_values = row[count : count + len(routine_fields)]
    plan.routine = (
        None if routine_values[0] is None else from_row(routine_model, routine_values)
    )
    return plan, read


def plan_and_version(user, *, default_routine: bool = True) -> tuple[Plan, int, str]:
    """plan_for, the user's journal version (JournalVersion; 0 before the
    first change) and the content's (exercises' content_version_sql: it moves
    with every edit staff make to what members see), read in the same query
    with or without a plan. Without `default_routine`, a user without a
    plan gets an unsaved one without the default routine (two queries fewer),
    for a page that reads it only when it renders (the dashboard's kept
    body)."""
    plan, (version, content_version) = plan_read(user)
    if plan is not None:
        return plan, version or 0, content_version
    routine = content.routine_default() if default_routine else None
    return Plan(user=user, routine=routine), version or 0, content_version


@dataclass(frozen=True)
class SavedPlan:
    """A plan and the versions a page may keep what it draws under; None
    while the user has no saved plan (the page then keeps nothing)."""

    plan: Plan
    version: int | None
    content_version: str | None

    @property
    def saved(self) -> bool:
        return self.version is not None


def plan_if_saved(
    user, *, with_routine: bool = False, with_content: bool = False
) -> SavedPlan:
    """The user's plan with the journal version (and, `with_content`, the
    content's) in one query; without a saved plan, the plan plan_for (with
    `with_routine`) or zone_plan gives and no versions, in no more queries
    than those: a page that keeps what it draws keeps nothing for a user
    without a plan, rather than read the version on its own."""
    plans = Plan.objects.filter(user=user).annotate(
        journal_version=RawSQL(_VERSION_OF_PLAN, ())
    )
    if with_content:
        plans = plans.annotate(
            content_version=RawSQL(content.content_version_sql(), ())
        )
    plans = (
        plans.select_related("routine")
        if with_routine
        else plans.only("user_id", "time_zone", "time_zone_known")
    )
    # One plan per user: no ORDER BY, which costs the ORM more to compile
    # beside the raw annotations than the query.
    plan = next(iter(plans.order_by()[:1]), None)
    if plan is None:
        routine = content.routine_default() if with_routine else None
        return SavedPlan(Plan(user=user, routine=routine), None, None)
    return SavedPlan(
        plan,
        plan.journal_version or 0,
        plan.content_version if with_content else None,
    )


def journal_version(user) -> int:
    """The user's journal version alone (JournalVersion; 0 before the first
    change): one query, for a page that keeps what it renders of the journal
    and reads nothing else first."""
    return (
        JournalVersion.objects.filter(user_id=user.pk)
        .values_list("version", flat=True)
        .first()
        or 0
    )


# What "today" needs of the plan (QuerySet.only's way: the rest deferred).
_ZONE_FIELDS = ["id", "user_id", "time_zone", "time_zone_known"]


def zone_plan(user) -> Plan:
    """The user's plan with only what "today" needs (one query), or an unsaved
    one in the site's zone: for pages that need nothing else of the plan (the
    check-in form, the busiest write)."""
    # Written out: the ORM's compiling of it was an eighth of a check-in.
    found = rows.of_user(Plan, user.pk, fields=_ZONE_FIELDS)
    return found[0] if found else Plan(user=user)


def journal_zone(plan: Plan, browser_zone: str | None = None) -> zoneinfo.ZoneInfo:
    """The zone the user's dates follow: the plan's, or, while the plan has
    none chosen or detected, the zone the browser sent with this request (the
    entry it carries will store it: services.plan_time_zone_adopt). A stored
    zone the server no longer knows gives the site's zone (Plan.zone)."""
    if not plan.time_zone_known and zones.accepted_time_zone(browser_zone):
        return zoneinfo.ZoneInfo(browser_zone)
    return plan.zone


def user_today(plan: Plan, browser_zone: str | None = None) -> datetime.date:
    """The user's local date, in journal_zone."""
    return timezone.now().astimezone(journal_zone(plan, browser_zone)).date()


def today_for(user, browser_zone: str | None = None) -> datetime.date:
    """user_today for a page that needs nothing else of the plan."""
    return user_today(zone_plan(user), browser_zone)
