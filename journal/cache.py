"""What the journal's pages work out and draw, kept in each server process's
memory once per state of the user's journal: the dashboard's body, the advice
for the next session, and (issue 20) most of each journal page.

A body is tagged with the user's journal version and the day it was made for.
The database moves the version itself (JournalVersion: triggers on the plan,
check-ins, sessions, session exercises and, since migration 0014, the
check-ins' links to their tags), on every write whichever way it is made, so
no write can forget to. The tag also holds the content's version
(exercises.selectors.content_version_sql: routines, exercises and guide
sections), so a content edit shows on the next load too, and, where the page
says the zone with its offset from UTC, the zone's label (the offset changes
on the day the clocks change). The versions are read in the page's first
query, with the plan, before the data the body renders; so a body is always
at least as new as its tag, and a tag that no longer matches is never served.

The advice (selectors.advice: the alert of the last seven days and each
exercise's next dose) is kept the same way, under the same tag and the
routine it is for. So are the session list's pages, the month view's
calendar, the player's, a session's and a check-in's page, the check-in
list and the pain trend (the last three's tag also holds the tags' state:
staff rename, move and retire them), the check-in form (new and edited),
the plan, function, reminders and "log a session" forms' fields as first
shown, the share links' items and the report's body. The function page's
history is kept under a digest of the data it reads anyway (a score's
ratings move no version), and the dashboard's sessions-per-week chart under
a digest of the chart: a check-in, the usual write before the dashboard,
leaves it as it was.

Nothing kept holds a CSRF token, a one-time form token or a sent form: those
are drawn for each request, around the kept HTML. The bodies, the advice and
the lists hold health data: they live in process memory only (never in the
shared cache or the database), expire after BODY_TIMEOUT, and `forget` drops
the current process's copies with the account. The cache pickles what it
keeps, so each request gets its own copy.
"""

import datetime
import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import connection
from django.db.models.expressions import RawSQL
from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString

from core import rows
from exercises import selectors as content

from . import dashboard_html, selectors, triage, zones
from .models import (
    CheckIn,
    FunctionRating,
    FunctionScore,
    JournalVersion,
    Plan,
    ReportShare,
    Trigger,
)
from .series import RANGES, ChartRange

if TYPE_CHECKING:
    from exercises.models import Routine

BODY_TIMEOUT = 10 * 60
CACHE_ALIAS = "dashboard"
BODY_TEMPLATE = "journal/includes/dashboard_body.html"
ALERTS_TEMPLATE = "journal/includes/triage_alert.html"
ADHERENCE_TEMPLATE = "journal/includes/chart_adherence.html"


# The advice (the player draws its own, with the exercises' steps, only
# when its whole page is not kept: PLAYER_PAGE_PART).
ADVICE_PART = "advice"
# The session list's pages, and the month view's months.
LIST_PART = "sessions"
MONTH_PART = "months"
# The function page's history, and the check-in list's pages.
FUNCTION_PART = "function"
CHECK_IN_LIST_PART = "check-ins"
# The pain trend's charts, and a check-in's page.
CHART_PART = "charts"
CHECK_IN_PAGE_PART = "check-in-page"


def _key(user_id: int, part: str) -> str:
    return f"journal:dashboard:{user_id}:{part}"


@dataclass(frozen=True)
class Body:
    """What the dashboard keeps for a state of the journal: the alerts that
    come before the page's heading and the rest of the page as safe HTML,
    and the emergencies not yet acknowledged as data, for the page to render
    with the forms that acknowledge them (a CSRF token is the request's, so
    it is never kept)."""

    emergencies: list
    alerts: SafeString
    html: SafeString
    # The function-score card shows (selectors.function_due): the page then
    # renders the form its "Not now" button sends, with the request's token.
    function_due: bool = False


def _kept[Kept](
    *, user_id: int, part: str, tag: Hashable, render: Callable[[], Kept]
) -> Kept:
    """`render()`'s result for this user and part, from memory while its tag
    is the same."""
    bodies = caches[CACHE_ALIAS]
    key = _key(user_id, part)
    entry = bodies.get(key)
    if entry is not None and entry[0] == tag:
        return entry[1]
    body = render()
    bodies.set(key, (tag, body), BODY_TIMEOUT)
    return body


def routine_offered(plan: Plan) -> tuple["Routine | None", "Routine | None"]:
    """The routine the dashboard offers to start, and the plan's routine when
    staff no longer publish it. The published default stands in for a routine
    no longer published and for none (staff deleted the one the plan
    followed), as it does for a new user without a plan; without a default,
    nothing: the page links to the plan to choose one. No Start link ever
    points to an unpublished routine: its player answers 404."""
    routine = plan.routine
    if routine is None:
        return content.routine_default(), None
    if routine.is_published:
        return routine, None
    return content.routine_default(), routine


def dashboard_body(
    request: HttpRequest, *, chart_range: ChartRange, unknown_range: str | None
) -> tuple[Plan, Body]:
    """The user's plan, and the dashboard's body for the request's user over
    `chart_range`: from memory while their journal and their day are
    unchanged. `unknown_range`, a ?range= value the page does not know, is
    echoed in the body, so that body is never kept."""
    user = request.user
    plan, version, content_version = selectors.plan_and_version(
        user, default_routine=False
    )
    today = selectors.user_today(plan)

    def render() -> Body:
        if plan.pk is None:
            # A new user's unsaved plan follows the default routine (plan_for);
            # read only when the body is drawn.
            plan.routine = content.routine_default()
        routine, gone = routine_offered(plan)

        def reads() -> list:
            items = (
                content.routine_items_kept(routine, version=content_version)
                if routine
                else []
            )
            return selectors.dashboard_reads(
                user.pk,
                plan,
                today=today,
                chart_range=chart_range,
                exercise_ids=[item.exercise_id for item in items],
            )

        # On PostgreSQL the reads the body makes whatever the journal holds go
        # in one round trip (rows.read_ahead): a dozen queries after every
        # write.
        with rows.read_ahead(reads):
            return draw(routine, gone)

    def draw(routine, gone) -> Body:
        # The plan is read whole (plan_and_version): its history answers
        # too, for the alerts.
        advice = selectors.advice(
            user,
            routine,
            today,
            history=plan.history,
            content_version=content_version,
        )
        # The emergencies not yet acknowledged are left out of the alerts:
        # the page shows them on top, with their buttons.
        # The one value of the request's context processors the body and the
        # alerts show: both are drawn without the request.
        seek_help_url = content.seek_help_url()
        alerts = {
            "triage": advice.triage,
            "without_open": True,
            "seek_help_url": seek_help_url,
        }
        function_due = selectors.function_due(user, plan, today)
        overview = selectors.dashboard(
            user, today=today, target=plan.weekly_target, chart_range=chart_range
        )
        adherence = overview.charts.adherence
        context = {
            "plan": plan,
            "routine": routine,
            "routine_gone": gone,
            "today": today,
            "triage": advice.triage,
            "emergency": advice.emergency,
            "exercise_plans": advice.plans,
            "dashboard": overview,
            # Sessions per week, drawn again only when its chart changed: a
            # check-in, the usual write before this page, leaves it as it was.
            "adherence_html": lambda: chart_kept(
                user,
                adherence,
                render=lambda: render_to_string(
                    ADHERENCE_TEMPLATE, {"chart": adherence}
                ),
            ),
            "ranges": RANGES.values(),
            "chart_range": chart_range,
            "unknown_range": unknown_range,
            "function_due": function_due,
            "seek_help_url": seek_help_url,
        }
        return Body(
            emergencies=selectors.emergencies_open(user),
            alerts=render_to_string(ALERTS_TEMPLATE, alerts),
            # BODY_TEMPLATE, written by Python (dashboard_html).
            html=dashboard_html.dashboard_body_html(context),
            function_due=function_due,
        )

    if unknown_range is not None:
        return plan, render()
    return plan, _kept(
        user_id=user.pk,
        part=chart_range.key,
        # The zone's label too: it says the zone's offset from UTC now, which
        # changes on the day daylight saving time starts or ends.
        tag=(version, content_version, today, plan.zone_label),
        render=render,
    )


def advice(
    user,
    routine: "Routine | None",
    today: datetime.date,
    *,
    saved: selectors.SavedPlan,
) -> selectors.Advice:
    """selectors.advice for a page that shows it, from memory while the
    user's journal, the content (`saved`'s versions: selectors.plan_if_saved,
    read before) and their day are unchanged; worked out afresh for a user
    without a saved plan."""
    if not saved.saved:
        return selectors.advice(user, routine, today)
    version, content_version = saved.version, saved.content_version
    return _kept(
        user_id=user.pk,
        part=ADVICE_PART,
        tag=(version, content_version, today, routine and routine.pk),
        render=lambda: selectors.advice(
            user, routine, today, content_version=content_version
        ),
    )


# How many pages of a user's session list, or months, are kept at once.
PAGES_KEPT = 8


def _kept_page[Kept](
    *,
    user_id: int,
    part: str,
    tag: Hashable,
    page: str,
    render: Callable[[], Kept],
) -> Kept:
    """`render()`'s HTML for this user, part and page, from memory while the
    part's tag is the same: a user's pages of a part are kept in one entry,
    so that `forget` finds them."""
    bodies = caches[CACHE_ALIAS]
    key = _key(user_id, part)
    entry = bodies.get(key)
    pages = entry[1] if entry is not None and entry[0] == tag else {}
    if page in pages:
        return pages[page]
    html = render()
    if len(pages) >= PAGES_KEPT:
        pages.clear()
    pages[page] = html
    bodies.set(key, (tag, pages), BODY_TIMEOUT)
    return html


def session_list(
    user, page: str | None, *, render: Callable[[], SafeString]
) -> SafeString:
    """The session list's `page` (the ?page= value) for `user`, as `render()`
    writes it: from memory while the user's journal is unchanged. The list
    shows only what the user's sessions and their exercise rows hold (the
    titles each session keeps, not the content's), all of which move the
    journal version, and no form: nothing else goes in the tag. Read with
    one query (the version) instead of the three the list makes."""
    if page is not None and not (page.isdigit() and len(page) <= 6):
        return render()
    return _kept_page(
        user_id=user.pk,
        part=LIST_PART,
        tag=selectors.journal_version(user),
        page=page or "1",
        render=render,
    )


def month(
    user,
    first: datetime.date,
    today: datetime.date,
    *,
    version: int | None,
    render: Callable[[], SafeString],
) -> SafeString:
    """The month view's calendar of the month starting `first`, as `render()`
    writes it, from memory while the user's journal (`version`, read with the
    plan: selectors.plan_if_saved; None without a saved plan: nothing kept)
    and their day are unchanged. The calendar shows the user's check-ins
    (pain, warning signs) and sessions only, and links that depend on
    `today`."""
    if version is None:
        return render()
    return _kept_page(
        user_id=user.pk,
        part=MONTH_PART,
        tag=(version, today),
        page=first.isoformat(),
        render=render,
    )


def function_history(
    user, history: list, *, show_all: bool, render: Callable[[], SafeString]
) -> SafeString:
    """The function page's history (chart, table and each score's activities)
    of `history` (selectors.function_scores, which the page reads anyway, for
    its form), as `render()` writes it. Its tag is the history itself, every
    figure and word of it, as a digest: a score's ratings move no journal
    version (FunctionRating has no trigger), so the version could not tell
    an edited rating; the data can. `show_all`: every score's activities,
    not the newest only."""
    return _kept_page(
        user_id=user.pk,
        part=FUNCTION_PART,
        tag=_digest(history),
        page="all" if show_all else "newest",
        render=render,
    )


def _digest(value) -> str:
    return hashlib.blake2b(repr(value).encode(), digest_size=20).hexdigest()


# The dashboard's sessions-per-week chart, kept under a digest of its data.
ADHERENCE_PART = "adherence"


def chart_kept(user, chart, *, render: Callable[[], SafeString]) -> SafeString:
    """A chart's drawing and data table for `user`, as `render()` draws
    `chart` (a geometry.PainChart or AdherenceChart, worked out from the data
    on each request), kept under a digest of the chart: every point, mark and
    word it draws. Drawing it is what costs, not working it out."""
    return _kept_page(
        user_id=user.pk,
        part=ADHERENCE_PART,
        tag=None,
        page=_digest(chart),
        render=render,
    )


@dataclass(frozen=True)
class CheckInPage:
    """A check-in's page but for what the request brings: its date, for the
    title, its warning-sign advice as data (the page renders it with the
    request's CSRF token: its emergency form acknowledges), and its main
    content as safe HTML (no form: it links to its edit and delete pages)."""

    date: datetime.date
    triage: list
    body: SafeString


def check_in_page(
    user, pk: int, *, draw: Callable[[tuple], CheckInPage]
) -> CheckInPage:
    """The page of the user's check-in `pk`, from memory while their journal
    and the tags' state are the same (read in one query, before `draw()`
    reads the check-in, with the plan's history, which the page's advice
    needs when it is drawn); else `draw(history)`'s, which answers 404 for a
    check-in that is not theirs, so that only their own are ever kept. The
    page shows the check-in and its tags and the advice of its day, which
    reads the check-ins around it, the sessions' pain and the plan's history:
    all of it moves the journal's version or the tags' state (a check-in
    deleted is never shown). It shows no date relative to today, and a
    moment only in UTC (local-time.js writes it in the reader's zone)."""
    plans = connection.ops.quote_name(Plan._meta.db_table)
    fields = list(triage.HISTORY_FIELD)
    answers = ", ".join(
        f'(SELECT "{field}" FROM {plans} WHERE "user_id" = %s)' for field in fields
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ({selectors.plans.VERSION_OF_USER_SQL}), {_triggers_sql()}, "
            f"{answers}",
            [user.pk] * (1 + len(fields)),
        )
        version, triggers, *answers_read = cursor.fetchone()
    history = triage.history_yes(dict(zip(fields, answers_read, strict=True)))
    return _kept_page(
        user_id=user.pk,
        part=CHECK_IN_PAGE_PART,
        tag=(version or 0, triggers),
        page=str(pk),
        render=lambda: draw(history),
    )


def forget(user_id: int) -> None:
    """Drop this process's bodies, advice, lists and reports of a user, and
    the start of their run of check-ins (their account is deleted)."""
    selectors.charts.run_start_forget(user_id)
    caches[CACHE_ALIAS].delete_many(
        [
            _key(user_id, part)
            for part in [
                *RANGES,
                ADVICE_PART,
                LIST_PART,
                MONTH_PART,
                FUNCTION_PART,
                CHECK_IN_LIST_PART,
                CHART_PART,
                ADHERENCE_PART,
                CHECK_IN_PAGE_PART,
                SESSION_FORM_PART,
                PLAN_FORM_PART,
                CHECK_IN_NEW_PART,
                CHECK_IN_EDIT_PART,
                FUNCTION_PAGE_PART,
                REMINDER_FORM_PART,
                PLAYER_PAGE_PART,
                SHARE_ITEMS_PART,
                FORM_FIELDS_PART,
                SESSION_PAGE_PART,
            ]
        ]
        + [_report_key(user_id)]
    )


# The report (issue 20) ---------------------------------------------------------

# The report bodies a process keeps for one person: their own page's last
# date ranges and their share links', under one key so that `forget` drops
# them all.
REPORT_BODIES_KEPT = 4
REPORT_TEMPLATE = "journal/report.html#report-body"


def _report_key(user_id: int) -> str:
    return _key(user_id, "report")


def _trigger_names_sql() -> str:
    """The names of every trigger in one string: the report names the tags of
    its check-ins, and staff may rename a tag (neither version moves then)."""
    table = connection.ops.quote_name(Trigger._meta.db_table)
    if connection.vendor == "postgresql":
        names = 'STRING_AGG("name", \'|\' ORDER BY "id")'
        return f"(SELECT COALESCE({names}, '') FROM {table})"
    ordered = f'SELECT "name" FROM {table} ORDER BY "id"'
    return f"(SELECT COALESCE(GROUP_CONCAT(\"name\", '|'), '') FROM ({ordered}))"


def report_plan(user) -> tuple[Plan, tuple]:
    """The person's plan (as selectors.plan_for) and what their report's body
    depends on beyond its dates: the journal's version, the content's, and the
    triggers' names, all read in the one query that reads the plan."""
    plan, (version, content_version, names) = selectors.plans.plan_read(
        user, _trigger_names_sql()
    )
    if plan is None:
        # No plan saved: nothing of the plan to show, and a journal of
        # entries only (rare: a plan is saved with the first entry's zone).
        plan = Plan(user=user, routine=content.routine_default())
    return plan, (version or 0, content_version, names)


def report_body(
    request: HttpRequest,
    *,
    owner,
    plan: Plan,
    versions: tuple,
    today,
    start,
    end,
    person_name: str,
    person_email: str,
) -> SafeString:
    """The report's body (everything below its summary heading: facts,
    routine, warning-sign events, charts and tables) for `owner` over
    start..end: rendered once per state of their journal, the content, the
    triggers' names, their day and how the report names them, and kept in this
    process's memory. The person's own page and their share links use the
    same bodies; a write of theirs moves the journal's version, so the next
    page is never older than it."""
    tag = (versions, today, person_name, person_email)
    bodies = caches[CACHE_ALIAS]
    key = _report_key(owner.pk)
    kept: dict = bodies.get(key) or {}
    entry = kept.get((start, end))
    if entry is not None and entry[0] == tag:
        return entry[1]
    summary = selectors.report(
        owner, start=start, end=end, target=plan.weekly_target, history=plan.history
    )
    # The routine's exercises, each with its drawing and the dose the person
    # would do next, as the player and the dashboard suggest it (the
    # routine's starting dose before any session): a few queries per exercise
    # of the routine, however long the journal.
    routine_plans = (
        selectors.advice(
            owner,
            plan.routine,
            today,
            history=plan.history,
            content_version=versions[1],
        ).plans
        if plan.routine
        else []
    )
    html = render_to_string(
        REPORT_TEMPLATE,
        {
            "plan": plan,
            "today": today,
            "report": summary,
            "routine_plans": routine_plans,
            "person_name": person_name,
            "person_email": person_email,
        },
        request=request,
    )
    kept.pop((start, end), None)
    kept[(start, end)] = (tag, html)
    while len(kept) > REPORT_BODIES_KEPT:
        kept.pop(next(iter(kept)))
    bodies.set(key, kept, BODY_TIMEOUT)
    return html


# The forms' pages (issue 20) ---------------------------------------------------

# "Log a session"'s doses: the date, each exercise's dose fields and pain, and
# the fields after them, around the form's hidden inputs.
SESSION_FORM_PART = "session-form"


def session_form_doses(
    user,
    routine: "Routine",
    today: datetime.date,
    *,
    saved: selectors.SavedPlan,
    render: Callable[[], tuple[SafeString, SafeString]],
) -> tuple[SafeString, SafeString]:
    """ "Log a session"'s unbound doses as `render()` draws them from the
    advice (the HTML before and after the form's hidden inputs, which carry
    the form's one-time token and are drawn for each request): kept as the
    advice is (`saved`'s versions, today and the routine), nothing kept for
    a user without a saved plan. The fields hold nothing but the doses the
    advice suggests and the user's today; a sent form is drawn afresh."""
    if not saved.saved:
        return render()
    return _kept(
        user_id=user.pk,
        part=SESSION_FORM_PART,
        tag=(saved.version, saved.content_version, today, routine.pk),
        render=render,
    )


def around_hidden(html: str, form) -> tuple[SafeString, SafeString]:
    """`html`, a form's fields as a template drew them, cut around the form's
    hidden inputs (drawn once, in a row): what comes before them and after.
    The hidden inputs hold the form's one-time token, which is never kept."""
    hidden = "".join(str(field) for field in form.hidden_fields())
    before, found, after = html.partition(hidden)
    if not found or hidden in after:
        raise ValueError("The form's hidden inputs are not drawn once, in a row.")
    return SafeString(before), SafeString(after)


# Parts of the forms' pages drawn from the content alone (the routines to
# choose from), the same for every member: kept in a process's memory under
# the content's version (exercises.selectors.content_version_sql, read in the
# page's first query), as exercises.cache keeps the content pages.
_content_parts: dict[Hashable, tuple[str, SafeString]] = {}
CONTENT_PARTS_KEPT = 64


def content_part(
    key: Hashable, *, version: str | None, render: Callable[[], SafeString]
) -> SafeString:
    """`render()`'s HTML for `key` (which names the part and what it shows
    besides the content), from memory while the content's `version` is the
    one it was drawn at; never kept without a version."""
    if version is None:
        return render()
    entry = _content_parts.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    html = render()
    if len(_content_parts) >= CONTENT_PARTS_KEPT:
        _content_parts.clear()
    _content_parts[key] = (version, html)
    return html


@receiver(setting_changed, dispatch_uid="journal.cache.forget_content")
def forget_content(**kwargs) -> None:
    """Drop this process's content parts (a setting changed: in tests)."""
    _content_parts.clear()


# The plan page's form as first shown.
PLAN_FORM_PART = "plan-form"


def plan_form(
    user, *, saved: selectors.SavedPlan, render: Callable[[], SafeString]
) -> SafeString:
    """The plan page's unbound fields as `render()` draws them from the plan
    (`saved`: selectors.plan_if_saved with the routine and the content's
    version), the routines published and the time zones' labels: kept while
    the journal's version (the plan's row moves it), the content's and the
    hour of the labels (zones.labels_steady_since) are the same. Nothing is
    kept without a saved plan, in an hour a zone's offset changes, or for a
    plan whose zone is not one the picker offers (its label is worked out
    on each request). The fields hold no token."""
    plan = saved.plan
    hour = zones.labels_steady_since()
    if (
        not saved.saved
        or hour is None
        or (plan.time_zone and plan.time_zone not in zones.offered_time_zones())
    ):
        return render()
    return _kept(
        user_id=user.pk,
        part=PLAN_FORM_PART,
        tag=(saved.version, saved.content_version, hour),
        render=render,
    )


# The check-in form, new and edited.
CHECK_IN_NEW_PART = "check-in-new"
CHECK_IN_EDIT_PART = "check-in-edit"


def _aggregate_sql(rows: str, value: str, order: str) -> str:
    """One string of `value` over `rows` (a FROM ... WHERE clause), in
    `order`, joined by "|" ("" for none)."""
    if connection.vendor == "postgresql":
        joined = f"STRING_AGG({value}, '|' ORDER BY {order})"
        return f"(SELECT COALESCE({joined}, '') {rows})"
    ordered = f"SELECT {value} AS part {rows} ORDER BY {order}"
    return f"(SELECT COALESCE(GROUP_CONCAT(part, '|'), '') FROM ({ordered}))"


def _text(column: str) -> str:
    return f"CAST({column} AS TEXT)"


def _links_sql(condition: str) -> str:
    """The links of check-ins (`condition` on links `l` and check-ins `c`)
    to their triggers, in one string: a link moves no journal version."""
    links = connection.ops.quote_name(CheckIn.triggers.through._meta.db_table)
    check_ins = connection.ops.quote_name(CheckIn._meta.db_table)
    rows = (
        f'FROM {links} l INNER JOIN {check_ins} c ON c."id" = l."checkin_id" '
        f"WHERE {condition}"
    )
    value = _text('l."checkin_id"') + " || ',' || " + _text('l."trigger_id"')
    return _aggregate_sql(rows, value, 'l."checkin_id", l."trigger_id"')


def check_in_plan(user, *, check_in_id: int | None = None) -> tuple[Plan, tuple | None]:
    """The plan's zone (as selectors.zone_plan), and in the same query what
    the check-in form's fields show beyond the person's today: the journal's
    version (the check-ins and the plan move it), every trigger, and the
    triggers linked to check-in `check_in_id` (an edit) or to the check-ins
    of the last days (a new one: today's, whatever the zone, shows when it
    is taken). None instead of the versions without a saved plan: nothing is
    kept then."""
    if check_in_id is None:
        condition = 'c."user_id" = "journal_plan"."user_id" AND c."date" >= %s'
        # The person's today is at most a day before UTC's.
        param = timezone.now().date() - datetime.timedelta(days=1)
    else:
        condition = 'c."user_id" = "journal_plan"."user_id" AND c."id" = %s'
        param = check_in_id
    return _zone_plan_with(
        user, [(_triggers_sql(), []), (_links_sql(condition), [param])]
    )


def _zone_plan_with(
    user, extras: list[tuple[str, list]], *, fields: tuple[str, ...] = ()
) -> tuple[Plan, tuple | None]:
    """The plan's zone (as selectors.zone_plan, and its `fields` too: plain
    columns) and, in the same query, the journal's version and each of
    `extras` (SQL expressions that read the plan's "journal_plan"."user_id",
    with their parameters); None instead of them without a saved plan.
    Written out: the ORM's compiling of such a query cost more than the rest
    of a kept page."""
    plans = connection.ops.quote_name(Plan._meta.db_table)
    columns = "".join(f", {connection.ops.quote_name(name)}" for name in fields)
    columns += "".join(f", {sql}" for sql, _ in extras)
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "id", "time_zone", "time_zone_known", '
            f"({selectors.plans.VERSION_OF_PLAN_SQL}){columns} "
            f'FROM {plans} WHERE "user_id" = %s',
            [*(param for _, params in extras for param in params), user.pk],
        )
        row = cursor.fetchone()
    if row is None:
        return Plan(user=user), None
    pk, time_zone, known, version, *values = row
    loaded = {
        "id": pk,
        "user_id": user.pk,
        "time_zone": time_zone,
        "time_zone_known": bool(known),
        **dict(zip(fields, values, strict=False)),
    }
    # from_db takes the values in the model's order of fields.
    names = [f.attname for f in Plan._meta.concrete_fields if f.attname in loaded]
    plan = Plan.from_db(connection.alias, names, [loaded[name] for name in names])
    return plan, (version or 0, *values[len(fields) :])


def check_in_form[Kept](
    user,
    *,
    versions: tuple | None,
    today: datetime.date,
    check_in_id: int | None = None,
    render: Callable[[], Kept],
) -> Kept:
    """The check-in form's unbound fields and what the page shows with them
    (a new one's: the dates checked in, today's check-in if taken, the
    emergencies not acknowledged, the medication written before), as
    `render()` draws and reads them, for a new check-in of today or an edit
    of check-in `check_in_id`: kept while `versions` (check_in_plan) and the
    person's today are the same. Nothing kept without versions. The fields
    hold no token and no CSRF token: the page draws its hidden inputs and
    the forms that acknowledge an emergency for each request."""
    if versions is None:
        return render()
    if check_in_id is None:
        return _kept(
            user_id=user.pk,
            part=CHECK_IN_NEW_PART,
            tag=(versions, today),
            render=render,
        )
    version, triggers, links = versions
    return _kept_page(
        user_id=user.pk,
        part=CHECK_IN_EDIT_PART,
        tag=(version, triggers, today),
        page=f"{check_in_id}:{links}",
        render=render,
    )


# The function page as first shown.
FUNCTION_PAGE_PART = "function-page"


def _ratings_sql() -> str:
    """Every rating of the person's function scores, in one string (each
    activity's length before it, so that no two sets of ratings read the
    same): a rating moves no journal version."""
    ratings = connection.ops.quote_name(FunctionRating._meta.db_table)
    scores = connection.ops.quote_name(FunctionScore._meta.db_table)
    rows = (
        f'FROM {ratings} r INNER JOIN {scores} s ON s."id" = r."score_id" '
        'WHERE s."user_id" = "journal_plan"."user_id"'
    )
    value = " || ',' || ".join(
        [
            *(_text(f'r."{column}"') for column in ("score_id", "position", "ability")),
            _text('LENGTH(r."activity")'),
            'r."activity"',
        ]
    )
    return _aggregate_sql(rows, value, 'r."score_id", r."position"')


def function_plan(user) -> tuple[Plan, tuple | None]:
    """The plan's zone (as selectors.zone_plan), and in the same query what
    the function page shows beyond the person's today: the journal's
    version (a score moves it) and every rating of their scores. None
    instead of them without a saved plan: nothing is kept then."""
    return _zone_plan_with(user, [(_ratings_sql(), [])])


def function_page[Kept](
    user,
    *,
    versions: tuple | None,
    today: datetime.date,
    show_all: bool,
    render: Callable[[], Kept],
) -> Kept:
    """The function page's parts as `render()` draws them from the person's
    scores (the form as first shown, but for its hidden inputs, and the
    history), kept while `versions` (function_plan) and the person's today
    are the same; nothing kept without versions. `show_all`: every score's
    activities, not the newest only. The parts hold no token."""
    if versions is None:
        return render()
    return _kept_page(
        user_id=user.pk,
        part=FUNCTION_PAGE_PART,
        tag=(versions, today),
        page="all" if show_all else "newest",
        render=render,
    )


# The reminders page's form as first shown.
REMINDER_FORM_PART = "reminder-form"


def reminders_plan(user) -> Plan:
    """What the reminders page reads of the plan: its zone and weekly target
    (the default reminders' days), or an unsaved plan's, in one query
    written out (cache._zone_plan_with)."""
    plan, _ = _zone_plan_with(user, [], fields=("weekly_target",))
    return plan


def reminder_form(user, reminders: dict, *, render: Callable[[], SafeString]):
    """The reminders page's unbound fields as `render()` draws them from
    `reminders` (selectors.reminders_of, which the page reads anyway: saved
    or the defaults), kept while they are the same: whether each is on, its
    days and its time are all the fields show. They hold no token."""
    tag = tuple(
        (kind, reminder.enabled, reminder.days, reminder.time)
        for kind, reminder in sorted(reminders.items())
    )
    return _kept(user_id=user.pk, part=REMINDER_FORM_PART, tag=tag, render=render)


# The plan with its routine and both versions, for the pages that keep what
# they draw under them ("log a session", the plan page).
def saved_plan(user) -> selectors.SavedPlan:
    """selectors.plan_if_saved(user, with_routine=True, with_content=True),
    in one query written out (selectors.plans.plan_read)."""
    plan, (version, content_version) = selectors.plans.plan_read(user)
    if plan is None:
        # As plan_if_saved: the default routine, and nothing kept.
        plan = Plan(user=user, routine=content.routine_default())
        return selectors.SavedPlan(plan, None, None)
    plan.journal_version, plan.content_version = version, content_version
    return selectors.SavedPlan(plan, version or 0, content_version)


# The session player's page (issue 20) -----------------------------------------

PLAYER_PAGE_PART = "player-page"


@dataclass(frozen=True)
class PlayerPage:
    """The session player's page for a routine, as safe HTML in parts (the
    partials of journal/session_player.html): everything but the form's CSRF
    token, one-time token and other hidden inputs, which are the request's
    and never kept. `routine` is the published routine the page is for."""

    routine: "Routine"
    alerts: SafeString
    head: SafeString
    finish: SafeString
    doses: SafeString


def _kept_peek(user_id: int, part: str, tag: Hashable, page: str):
    """What _kept_page keeps for this user, part and page while the part's
    tag is `tag`; None when nothing is."""
    entry = caches[CACHE_ALIAS].get(_key(user_id, part))
    if entry is None or entry[0] != tag:
        return None
    return entry[1].get(page)


def _saved_tag(saved: selectors.SavedPlan, today: datetime.date) -> tuple:
    """The versions, the day and the zone's label: the player says the zone
    with its offset from UTC now, which changes on the day daylight saving
    time starts or ends."""
    return (saved.version, saved.content_version, today, saved.plan.zone_label)


def player_page_kept(
    user, slug: str, today: datetime.date, *, saved: selectors.SavedPlan
) -> PlayerPage | None:
    """The player's page for the published routine at `slug`, from memory
    while the user's journal, the content (`saved`: selectors.plan_if_saved,
    read first) and their day are unchanged; None when not kept, and always
    for a user without a saved plan. The page shows the advice (its alerts
    and doses), the sessions recorded today and yesterday and the plan's time
    zone, all of which move the journal version, and the routine and its
    exercises, which move the content's (a routine's slug or publication
    too). Read with the one query of the plan instead of the four the page
    makes."""
    if not saved.saved:
        return None
    return _kept_peek(user.pk, PLAYER_PAGE_PART, _saved_tag(saved, today), slug)


def player_page_keep(
    user,
    slug: str,
    today: datetime.date,
    *,
    saved: selectors.SavedPlan,
    page: PlayerPage,
) -> None:
    """Keep `page`, drawn for this state (see player_page_kept): nothing for
    a user without a saved plan."""
    if saved.saved:
        _kept_page(
            user_id=user.pk,
            part=PLAYER_PAGE_PART,
            tag=_saved_tag(saved, today),
            page=slug,
            render=lambda: page,
        )


# The share links page (issue 20) ----------------------------------------------

SHARE_ITEMS_PART = "share-items"


def share_items(
    user, shares: list, *, zone: str, new_pk: int, render: Callable[[list], dict]
) -> None:
    """Give each of the user's `shares` (their
    selectors.report_shares_counted, each with its `status`) its `item_html`:
    all the list shows of it but its revoke form (the request's CSRF token),
    from memory, or as `render(missing)` writes it for those not kept ({share's
    pk: HTML}; it reads their opens).

    An item is kept under everything it shows: the link's columns, its status
    (which the time moves), whether it is the new one, the time zone its
    times are written in, its count of opens and its newest open. Audit
    events are never edited and each new one is the newest, so the same
    count and newest are the same opens (an open added moves both; the
    audit's pruning, of the oldest, moves the count). The user's items are
    one entry, holding their current links' only, so that `forget` finds
    them."""
    bodies = caches[CACHE_ALIAS]
    key = _key(user.pk, SHARE_ITEMS_PART)
    kept: dict = bodies.get(key) or {}
    fields = ReportShare._meta.concrete_fields
    tags = {
        share.pk: _digest(
            (
                [getattr(share, field.attname) for field in fields],
                share.status,
                share.pk == new_pk,
                zone,
                share.open_count,
                share.newest_open,
            )
        )
        for share in shares
    }
    missing = [share for share in shares if tags[share.pk] not in kept]
    drawn = render(missing) if missing else {}
    items = {tag: kept.get(tag) or drawn[pk] for pk, tag in tags.items()}
    for share in shares:
        share.item_html = items[tags[share.pk]]
    if missing or len(kept) != len(items):
        bodies.set(key, items, BODY_TIMEOUT)


FORM_FIELDS_PART = "form-fields"


def form_fields(
    user, form: str, initial: Hashable, *, render: Callable[[], SafeString]
) -> SafeString:
    """A form's fields (all but its tokens) on a page of `user`'s, for a form
    not sent, as `render()` writes them: from memory while the form's
    `initial` values (everything the fields show: for the share links page's
    form, the user's today, which also bounds the dates, the dates asked for
    and whether the email shows) and the user's email address, which a label
    may show, are the same. `form` names the form among the user's kept
    ones. Never for a sent form: it shows what was typed and its errors."""
    return _kept_page(
        user_id=user.pk,
        part=FORM_FIELDS_PART,
        tag=None,
        page=_digest((form, initial, user.email)),
        render=render,
    )


# The check-in list and the pain trend (issue 20) -------------------------------


def _triggers_sql() -> str:
    """Every trigger as the check-in list and the trend show and offer it (its
    id, slug, place, whether it is offered, and name), in one string: staff
    rename, move, retire and add them, which moves no journal version."""
    table = connection.ops.quote_name(Trigger._meta.db_table)
    row = (
        """CAST("id" AS VARCHAR(20)) || ':' || "slug" || ':' || """
        """CAST("position" AS VARCHAR(10)) || ':' || """
        """CAST(CAST("is_active" AS INTEGER) AS VARCHAR(1)) || ':' || "name\""""
    )
    if connection.vendor == "postgresql":
        rows = f"""STRING_AGG({row}, '|' ORDER BY "id")"""
        return f"(SELECT COALESCE({rows}, '') FROM {table})"
    ordered = f'SELECT {row} AS "row" FROM {table} ORDER BY "id"'
    return f"""(SELECT COALESCE(GROUP_CONCAT("row", '|'), '') FROM ({ordered}))"""


def _journal_tag(user) -> tuple:
    """The user's journal version and the triggers' state (_triggers_sql), in
    one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ({selectors.plans.VERSION_OF_USER_SQL}), {_triggers_sql()}",
            [user.pk],
        )
        version, triggers = cursor.fetchone()
    return version or 0, triggers


def check_in_list_page(
    user, page: str | None, *, render: Callable[[int], SafeString]
) -> SafeString:
    """The check-in list's `page` (the ?page= value) for `user`, as
    `render(count)` writes it (`count`: the user's check-ins, read with the
    tag, for the page's paginator): from memory while the user's journal and
    the triggers are unchanged. The list shows the user's check-ins, all of
    whose columns move the journal version, and their tags: a tag added to or
    taken off a check-in moves it too (migration 0014), and the triggers'
    names are read with it, so that one renamed by staff shows at once. No
    form. Read with one query instead of the three the list makes."""
    checkins = connection.ops.quote_name(CheckIn._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ({selectors.plans.VERSION_OF_USER_SQL}), {_triggers_sql()}, "
            f'(SELECT COUNT(*) FROM {checkins} WHERE "user_id" = %s)',
            [user.pk, user.pk],
        )
        version, triggers, count = cursor.fetchone()
    if page is not None and not (page.isdigit() and len(page) <= 6):
        return render(count)
    return _kept_page(
        user_id=user.pk,
        part=CHECK_IN_LIST_PART,
        tag=(version or 0, triggers),
        page=page or "1",
        render=lambda: render(count),
    )


def trend_plan(user) -> tuple[Plan, tuple]:
    """The user's plan (only what their today needs, as selectors.zone_plan)
    and what the pain trend shows depends on beyond its filters and the day:
    the journal's version and the triggers' state, read in the plan's query;
    for a user without a plan, the defaults and a second query."""
    plans = (
        Plan.objects.filter(user=user)
        .only("user_id", "time_zone", "time_zone_known")
        .annotate(
            journal_version=RawSQL(selectors.plans.VERSION_OF_PLAN_SQL, ()),
            triggers=RawSQL(_triggers_sql(), ()),
        )
        .order_by()[:1]  # one plan per user: no ORDER BY to compile
    )
    plan = next(iter(plans), None)
    if plan is None:
        return Plan(user=user), _journal_tag(user)
    return plan, (plan.journal_version or 0, plan.triggers)


def trend(
    user,
    tag: tuple,
    today: datetime.date,
    part: str,
    *,
    render: Callable[[], Any],
) -> Any:
    """A part of the pain trend for `user`, as `render()` draws it: the
    triggers the page offers ("triggers"), or the section that shows the
    chart of one choice of range, side and trigger (the choice as the part's
    name). From memory while the user's journal, the triggers (`tag`:
    trend_plan, read first) and their day are unchanged: the chart reads
    the check-ins, their tags (which move the version: migration 0014) and
    the sessions, and the triggers offered are those of staff and those the
    user's check-ins have."""
    return _kept_page(
        user_id=user.pk,
        part=CHART_PART,
        tag=(tag, today),
        page=part,
        render=render,
    )


# A session's page (issue 20) ---------------------------------------------------

SESSION_PAGE_PART = "session-page"


@dataclass(frozen=True)
class SessionPage:
    """A session's page but for what the request brings (the player's note
    that the session was just recorded): its date, for the title, and its
    alerts and main content as safe HTML (no form: the page links to its
    edit and delete pages)."""

    date: datetime.date
    alerts: SafeString
    body: SafeString


def session_page_kept(
    user, pk: int, today: datetime.date, *, saved: selectors.SavedPlan
) -> SessionPage | None:
    """The page of the user's session `pk`, from memory while the user's
    journal, the content (`saved`: read first) and their day are unchanged;
    None when not kept, and always for a user without a saved plan. The page
    shows the session and its rows (which move the journal version: a
    session deleted is never shown, another's never kept) and, for the latest
    session, the advice for the next (the journal's, the content's and the
    day's)."""
    if not saved.saved:
        return None
    return _kept_peek(user.pk, SESSION_PAGE_PART, _saved_tag(saved, today), str(pk))


def session_page_keep(
    user,
    pk: int,
    today: datetime.date,
    *,
    saved: selectors.SavedPlan,
    page: SessionPage,
) -> None:
    """Keep `page`, drawn for this state (see session_page_kept): nothing
    for a user without a saved plan."""
    if saved.saved:
        _kept_page(
            user_id=user.pk,
            part=SESSION_PAGE_PART,
            tag=_saved_tag(saved, today),
            page=str(pk),
            render=lambda: page,
        )


# The shared report (issue 20) --------------------------------------------------


def shared_report_annotations() -> dict:
    """Annotations for the link's query (selectors.report_share_find) that
    read, with the link, what its report's page shows of the person's plan
    (selectors.link_plan_annotations: its zone and the name the report gives
    them) and what report_plan reads for the body's tag (the journal's and
    the content's versions and the triggers' names): one query instead of
    two while the report's body is kept (see shared_report_plan)."""
    share = connection.ops.quote_name(ReportShare._meta.db_table)
    versions = connection.ops.quote_name(JournalVersion._meta.db_table)
    return {
        **selectors.link_plan_annotations(),
        "journal_version": RawSQL(
            f'SELECT "version" FROM {versions} '
            f'WHERE {versions}."user_id" = {share}."user_id"',
            (),
        ),
        "content_version": RawSQL(content.content_version_sql(), ()),
        "trigger_names": RawSQL(_trigger_names_sql(), ()),
    }


def shared_report_plan(share) -> tuple[Plan, Plan, tuple]:
    """The person's plan twice and the report body's versions, as
    report_plan gives them, from what shared_report_annotations read with the
    `share`: the plan the page shows (its zone and name line only), the whole
    plan for a body not kept (the routine, the target, the history: read on
    first use, never for a kept body), and the versions. Without a saved
    plan, report_plan's."""
    owner = share.user
    shown = selectors.link_plan(share)
    if shown is None:
        plan, versions = report_plan(owner)
        return plan, plan, versions
    whole = SimpleLazyObject(lambda: report_plan(owner)[0])
    return (
        shown,
        whole,
        (share.journal_version or 0, share.content_version, share.trigger_names),
    )
