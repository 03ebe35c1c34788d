from .guide import GuideSection, Tip, WarningSign
from .images import ExerciseImage
from .library import Exercise, ExerciseStep, Kind
from .routines import Routine, RoutineItem

__all__ = [
    "Exercise",
    "ExerciseImage",
    "ExerciseStep",
    "GuideSection",
    "Kind",
    "Routine",
    "RoutineItem",
    "Tip",
    "WarningSign",
]
