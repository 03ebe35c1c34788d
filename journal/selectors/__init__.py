"""Reads that shape journal data for pages. Grouping happens in the database;
every function runs a fixed number of queries whatever the size of the data.

Callers use `from journal import selectors` and `selectors.<name>`; the modules
are by topic:

- plans: the user's plan and their today;
- entries: check-ins and sessions as querysets and small look-ups;
- alerts: the days the warning-sign triage (journal.triage) judges;
- advice: the next session's doses, held under an alert;
- charts: the reads behind the charts and summaries;
- overview: the dashboard's and the report's data;
- function: the function score (PSFS), its changes and when it is due;
- sharing: the links that share the report.

What the journal holds about a person, for their download, is in
journal/privacy.py.
"""

from .advice import Advice, ExercisePlan, advice, exercise_plans
from .alerts import (
    PainWeeks,
    Triage,
    alert_level,
    by_tier,
    emergencies_open,
    history_for,
    judged_check_ins,
    pain_weeks,
    session_pain_by_day,
    triage_check_in,
    triage_recent,
)
from .charts import (
    WeekStart,
    check_in_streak,
    journal_start,
    pain_by_day,
    pain_by_week,
    pain_summary,
    period_charts,
    sessions_by_week,
)
from .entries import (
    check_in_dates_recent,
    check_in_on,
    check_ins,
    latest_session_id,
    plan_and_latest_session,
    routine_for_record,
    routine_for_session,
    sessions,
    sessions_listed,
    sessions_recorded_on,
)
from .function import (
    ActivityChange,
    FunctionPoint,
    function_due,
    function_latest,
    function_scores,
)
from .overview import dashboard, dashboard_reads, report
from .plans import (
    SavedPlan,
    journal_version,
    journal_zone,
    plan_and_version,
    plan_for,
    plan_if_saved,
    today_for,
    user_today,
    zone_plan,
)
from .reminders import (
    calendar_feed_find,
    calendar_feed_of,
    reminder_address,
    reminder_default,
    reminder_is_on,
    reminder_next,
    reminder_person_exists,
    reminders_day,
    reminders_done_today,
    reminders_of,
    token_hash,
)
from .sharing import (
    link_plan,
    link_plan_annotations,
    report_share_find,
    report_share_opens,
    report_share_target,
    report_shares,
    report_shares_counted,
    share_list_plan,
)

__all__ = [
    "ActivityChange",
    "FunctionPoint",
    "function_due",
    "function_latest",
    "function_scores",
    "link_plan",
    "link_plan_annotations",
    "report_share_find",
    "report_share_opens",
    "report_share_target",
    "report_shares",
    "report_shares_counted",
    "share_list_plan",
    "calendar_feed_find",
    "calendar_feed_of",
    "reminder_address",
    "reminder_default",
    "reminder_is_on",
    "reminder_person_exists",
    "reminder_next",
    "reminders_day",
    "reminders_done_today",
    "reminders_of",
    "token_hash",
    "alert_level",
    "Advice",
    "ExercisePlan",
    "Triage",
    "WeekStart",
    "advice",
    "by_tier",
    "check_in_dates_recent",
    "check_in_on",
    "check_in_streak",
    "check_ins",
    "dashboard",
    "dashboard_reads",
    "emergencies_open",
    "exercise_plans",
    "history_for",
    "journal_start",
    "journal_version",
    "journal_zone",
    "judged_check_ins",
    "latest_session_id",
    "plan_and_latest_session",
    "pain_by_day",
    "pain_by_week",
    "pain_summary",
    "period_charts",
    "SavedPlan",
    "plan_and_version",
    "plan_for",
    "plan_if_saved",
    "report",
    "routine_for_record",
    "routine_for_session",
    "sessions_listed",
    "sessions_recorded_on",
    "session_pain_by_day",
    "sessions",
    "sessions_by_week",
    "today_for",
    "triage_check_in",
    "triage_recent",
    "user_today",
    "PainWeeks",
    "pain_weeks",
    "zone_plan",
]

# Issue 19's parts add their reads below, each in its own block:
# "from .<module> import <name>", marked noqa E402, then "__all__ += [...]".
# -- A --
from .diary_inputs import medication_suggestions  # noqa: E402

__all__ += ["medication_suggestions"]

# -- B --
from .charts import (  # noqa: E402
    HAS_WARNING_SIGN,
    pain_and_signs_by_day,
    pain_series,
    pain_trend,
    sessions_by_day,
    trend_triggers,
)
from .month import (  # noqa: E402
    PAIN_BANDS,
    Month,
    MonthDay,
    month_calendar,
    month_of,
    month_start,
    pain_band,
)

__all__ += [
    "HAS_WARNING_SIGN",
    "pain_and_signs_by_day",
    "pain_series",
    "pain_trend",
    "sessions_by_day",
    "trend_triggers",
    "PAIN_BANDS",
    "Month",
    "MonthDay",
    "month_calendar",
    "month_of",
    "month_start",
    "pain_band",
]

# -- C --

# -- D --
