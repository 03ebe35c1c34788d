"""A side-view body as segments of fixed length, placed by forward kinematics.

A pose gives the hip's position and each segment's direction (degrees, in the
drawing's coordinates: 0 points right, 90 points down); each segment starts at
the end of its parent. So every figure has the same proportions, and a motion
between two poses (interpolating the angles) keeps every limb its length.
`exercises/static/exercises/js/figure-motion.js` does the same sums."""

import math
from dataclasses import dataclass

# segment: (parent joint, length). "hip" is the root.
SEGMENTS: dict[str, tuple[str, float]] = {
    "trunk": ("hip", 50),
    "neck": ("trunk", 20),
    "near_upper_arm": ("trunk", 29),
    "near_forearm": ("near_upper_arm", 24),
    "near_hand": ("near_forearm", 8),
    "far_upper_arm": ("trunk", 29),
    "far_forearm": ("far_upper_arm", 24),
    "far_hand": ("far_forearm", 8),
    "near_thigh": ("hip", 41),
    "near_shin": ("near_thigh", 39),
    "near_foot": ("near_shin", 13),
    "far_thigh": ("hip", 41),
    "far_shin": ("far_thigh", 39),
    "far_foot": ("far_shin", 13),
}
HEAD_RADIUS = 10.5

# The drawn parts: a part's points are the start of its first segment and the
# end of each of its segments.
CHAINS: dict[str, tuple[str, ...]] = {
    "far_arm": ("far_upper_arm", "far_forearm", "far_hand"),
    "far_leg": ("far_thigh", "far_shin", "far_foot"),
    "trunk": ("trunk",),
    "near_leg": ("near_thigh", "near_shin", "near_foot"),
    "near_arm": ("near_upper_arm", "near_forearm", "near_hand"),
}

Point = tuple[float, float]


@dataclass(frozen=True)
class Pose:
    hip: Point
    angles: dict[str, float]


def joints(pose: Pose) -> dict[str, Point]:
    """Where each segment ends (and "hip"), by forward kinematics."""
    points: dict[str, Point] = {"hip": pose.hip}
    for name, (parent, length) in SEGMENTS.items():
        x, y = points[parent]
        angle = math.radians(pose.angles[name])
        points[name] = (x + length * math.cos(angle), y + length * math.sin(angle))
    return points


def chain_points(points: dict[str, Point], chain: str) -> list[Point]:
    segments = CHAINS[chain]
    return [points[SEGMENTS[segments[0]][0]], *(points[name] for name in segments)]


def between(start: Pose, end: Pose, t: float) -> Pose:
    """The pose a fraction `t` of the way from `start` to `end`, each angle
    turning the short way round."""
    angles = {}
    for name, a in start.angles.items():
        turn = (end.angles[name] - a + 180) % 360 - 180
        angles[name] = a + turn * t
    hip = tuple(s + (e - s) * t for s, e in zip(start.hip, end.hip, strict=True))
    return Pose(hip=hip, angles=angles)


def toward(start: Point, end: Point) -> float:
    """The direction (degrees) from `start` to `end`."""
    return math.degrees(math.atan2(end[1] - start[1], end[0] - start[0]))


def reach(start: Point, end: Point, first: float, second: float, bend: int) -> tuple:
    """The directions (degrees) of two segments of lengths `first` and `second`
    joining `start` to `end`, the joint between them bent to the left of the
    line (bend=-1, in drawing coordinates) or to its right (bend=1): for
    writing a pose whose foot or hand must land on a given spot."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    distance = min(math.hypot(dx, dy), first + second - 1e-9)
    base = math.atan2(dy, dx)
    cos_a = (first**2 + distance**2 - second**2) / (2 * first * distance)
    a = math.acos(max(-1.0, min(1.0, cos_a)))
    first_angle = base + bend * a
    jx = start[0] + first * math.cos(first_angle)
    jy = start[1] + first * math.sin(first_angle)
    second_angle = math.atan2(end[1] - jy, end[0] - jx)
    return math.degrees(first_angle), math.degrees(second_angle)
