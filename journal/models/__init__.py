from .entries import CheckIn, Effort, Session, SessionExercise
from .plan import Plan
from .reminders import (
    CalendarFeed,
    DeliveryStatus,
    Reminder,
    ReminderDelivery,
    ReminderKind,
)
from .version import JournalVersion

__all__ = [
    "CalendarFeed",
    "CheckIn",
    "DeliveryStatus",
    "Effort",
    "JournalVersion",
    "Plan",
    "Reminder",
    "ReminderDelivery",
    "ReminderKind",
    "Session",
    "SessionExercise",
]
