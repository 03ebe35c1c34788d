"""What the journal stores about a person (core.privacy): the plan, check-ins
and sessions with their exercises, all health data."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Avg

from core import privacy

from . import services, triage
from .models import (
    CalendarFeed,
    CheckIn,
    FunctionRating,
    FunctionScore,
    Plan,
    Reminder,
    ReminderDelivery,
    ReportShare,
    Session,
    SessionExercise,
)
from .reminders import rules
from .selectors import check_ins, report_shares, sessions


def reminders_export(user: AbstractBaseUser) -> dict[str, Any]:
    """The reminders part of the download: each reminder's settings and its
    opt-in (when it was turned on and off), whether a calendar address exists
    (never its token: only a hash is kept), and the deliveries. Three
    queries."""
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "reminders": [
            {
                "kind": reminder.kind,
                "on": reminder.enabled,
                "days": rules.day_names(reminder.days),
                "time": reminder.time,
                "turned_on_at": reminder.enabled_at,
                "turned_off_at": reminder.disabled_at,
                "turned_off_by": reminder.get_disabled_by_display() or None,
            }
            for reminder in Reminder.objects.filter(user=user)
        ],
        "calendar_feed": None
        if feed is None
        else {
            "exists": True,
            "created_at": feed.created_at,
            "rotated_at": feed.rotated_at,
            "last_fetched_at": feed.last_fetched_at,
        },
        "reminder_deliveries": [
            {
                "kind": delivery.kind,
                "local_date": delivery.local_date,
                "status": delivery.status,
                "reason": delivery.reason or None,
                "sent_at": delivery.sent_at,
            }
            for delivery in ReminderDelivery.objects.filter(user=user).order_by(
                "local_date", "kind"
            )
        ],
    }


def diary_export(user: AbstractBaseUser) -> dict[str, Any]:
    """The function scores (PSFS) with their ratings, and the links made to
    share the report (never their tokens: only hashes are kept) with when
    each was opened. Four queries."""
    return {
        "function_scores": [
            {
                "date": score.date,
                "mean": score.mean,
                "ratings": [
                    {"activity": rating.activity, "ability": rating.ability}
                    for rating in score.ratings.all()
                ],
                "created_at": score.created_at,
                "updated_at": score.updated_at,
            }
            for score in FunctionScore.objects.filter(user=user)
            .annotate(mean=Avg("ratings__ability"))
            .prefetch_related("ratings")
            .order_by("date")
        ],
        "report_shares": [
            {
                "start": share.start,
                "end": share.end,
                "label": share.label,
                "shows_email": share.shows_email,
                "created_at": share.created_at,
                "expires_at": share.expires_at,
                "revoked_at": share.revoked_at,
                # When it was opened (from the security log), and whether by
                # the person logged in; never who else, nor from where.
                "opened": [
                    {"at": event.at, "by_you": event.user_id == user.pk}
                    for event in reversed(share.opens)
                ],
            }
            for share in reversed(report_shares(user))
        ],
    }


def export(user: AbstractBaseUser) -> dict[str, Any]:
    """Everything the journal holds about `user` as plain data (the account's
    "Download my data"): plan, check-ins and sessions with their exercises,
    reminders, function scores and report links. At most twelve queries
    whatever the amount of data."""
    plan = Plan.objects.filter(user=user).select_related("routine").first()
    return {
        "plan": None
        if plan is None
        else {
            "weekly_target": plan.weekly_target,
            "routine": plan.routine.title if plan.routine else None,
            "time_zone": plan.time_zone,
            # None: not answered, or "prefer not to say".
            **{field: getattr(plan, field) for field in triage.HISTORY_FIELD},
            "history_answered_at": plan.history_answered_at,
            "report_name": plan.report_name,
            "report_shows_email": plan.report_shows_email,
            "function_snoozed_until": plan.function_snoozed_until,
        },
        "check_ins": [
            {
                "date": entry.date,
                "pain_score": entry.pain_score,
                "warning_signs": entry.warning_sign_labels,
                "answers": {
                    question.field: getattr(entry, question.field)
                    for question in triage.QUESTIONS
                },
                "emergency_acknowledged_at": entry.emergency_acknowledged_at,
                "side": entry.side or None,
                "triggers": [trigger.name for trigger in entry.triggers.all()],
                "trigger_other": entry.trigger_other,
                "medication": entry.medication,
                "notes": entry.notes,
                "created_at": entry.created_at,
                "updated_at": entry.updated_at,
            }
            for entry in check_ins(user).prefetch_related("triggers").order_by("date")
        ],
        "sessions": [
            {
                "date": session.date,
                "routine": session.routine_title or None,
                "pain_during": session.pain_during,
                "effort": session.get_effort_display(),
                "duration_minutes": session.duration_minutes,
                "notes": session.notes,
                "created_at": session.created_at,
                "partly_done": session.partly_done,
                "exercises": [
                    {
                        "exercise": done.exercise_title,
                        "side": done.side or None,
                        "skipped": done.skipped,
                        "sets": done.sets,
                        "reps": done.reps,
                        "hold_seconds": done.hold_seconds,
                        "planned_sets": done.planned_sets,
                        "planned_reps": done.planned_reps,
                        "planned_hold_seconds": done.planned_hold_seconds,
                        # None: not given (the session's pain_during counts).
                        "pain": done.pain,
                    }
                    for done in session.exercises.all()
                ],
            }
            for session in sessions(user).order_by("date", "created_at")
        ],
        **reminders_export(user),
        **diary_export(user),
    }


def forget(user_id: int) -> None:
    """Drop what the database's cascade does not: the journal's version row
    (JournalVersion has no foreign key to the user) and the dashboard bodies
    cached in this process's memory."""
    services.account_forget(user_id=user_id)


privacy.register(
    privacy.Declaration(
        app_label="journal",
        models=[
            privacy.PersonalModel(
                Plan, user_path="user", health=True, export_path="plan"
            ),
            privacy.PersonalModel(
                CheckIn, user_path="user", health=True, export_path="check_ins"
            ),
            privacy.PersonalModel(
                Session, user_path="user", health=True, export_path="sessions"
            ),
            privacy.PersonalModel(
                SessionExercise,
                user_path="session__user",
                health=True,
                export_path="sessions.exercises",
            ),
            privacy.PersonalModel(
                FunctionScore,
                user_path="user",
                health=True,
                export_path="function_scores",
            ),
            privacy.PersonalModel(
                FunctionRating,
                user_path="score__user",
                health=True,
                export_path="function_scores.ratings",
            ),
            # A link to the person's report: what it shows is health data.
            privacy.PersonalModel(
                ReportShare,
                user_path="user",
                health=True,
                export_path="report_shares",
            ),
            # When and how a person wants reminding: not health data, and
            # the emails themselves carry none.
            privacy.PersonalModel(
                Reminder, user_path="user", health=False, export_path="reminders"
            ),
            privacy.PersonalModel(
                ReminderDelivery,
                user_path="user",
                health=False,
                export_path="reminder_deliveries",
            ),
            privacy.PersonalModel(
                CalendarFeed,
                user_path="user",
                health=False,
                export_path="calendar_feed",
            ),
        ],
        export=export,
        forget=forget,
    )
)
