from .entries import CheckIn, Effort, PainSide, Session, SessionExercise, Trigger
from .function import FunctionRating, FunctionScore
from .plan import Plan
from .reminders import (
    CalendarFeed,
    DeliveryStatus,
    Reminder,
    ReminderDelivery,
    ReminderKind,
)
from .sharing import ReportShare
from .version import JournalVersion

__all__ = [
    "CalendarFeed",
    "CheckIn",
    "DeliveryStatus",
    "Effort",
    "FunctionRating",
    "FunctionScore",
    "JournalVersion",
    "PainSide",
    "Plan",
    "Reminder",
    "ReminderDelivery",
    "ReminderKind",
    "ReportShare",
    "Session",
    "SessionExercise",
    "Trigger",
]
