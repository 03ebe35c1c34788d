from .entries import CheckIn, Effort, Session, SessionExercise
from .plan import Plan

__all__ = ["CheckIn", "Effort", "Plan", "Session", "SessionExercise"]
