from .guide import GuideSection, Tip, WarningSign
from .images import ExerciseImage
from .library import Exercise, ExerciseStep, Kind
from .routines import Routine, RoutineItem
from .version import ContentVersion

__all__ = [
    "ContentVersion",
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
