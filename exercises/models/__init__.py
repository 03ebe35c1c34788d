from .guide import GuideSection, Tip, WarningSign
from .library import Exercise, ExerciseStep, Kind
from .routines import Routine, RoutineItem

__all__ = [
    "Exercise",
    "ExerciseStep",
    "GuideSection",
    "Kind",
    "Routine",
    "RoutineItem",
    "Tip",
    "WarningSign",
]
