from .entries import CheckIn, Effort, Session, SessionExercise
from .plan import Plan
from .version import JournalVersion

__all__ = ["CheckIn", "Effort", "JournalVersion", "Plan", "Session", "SessionExercise"]
