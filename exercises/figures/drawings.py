"""The project's drawings: key poses of each exercise, what each shows in words,
and which limbs work (drawn in the accent colour).

Coordinates are the drawing's own units: the mat's top is at MAT_TOP and a
limb (LIMB units thick) rests on it when its centre line is LIMB / 2 above.
The words come from the seed's starting positions and steps
(`exercises/content.py`), "{near}" and "{far}" standing for the side shown
and the other one (the figure faces right; mirrored, it faces left and shows
its other side)."""

import math
from dataclasses import dataclass, field

from .skeleton import HEAD_RADIUS, Point, Pose, reach, toward

MAT_TOP = 130
MAT_HEIGHT = 6
LIMB = 9
TRUNK = 17
# Where the centre line of a limb or of the trunk lies when it rests on the mat.
ON_MAT = MAT_TOP - LIMB / 2
TRUNK_ON_MAT = MAT_TOP - TRUNK / 2


@dataclass(frozen=True)
class Arrow:
    """A short arrow from `tail` to `head`, bowed through `bend` (a quadratic
    curve's control point; the midpoint for a straight arrow)."""

    tail: Point
    bend: Point
    head: Point


@dataclass(frozen=True)
class KeyPose:
    name: str
    pose: Pose
    text: str
    arrows: tuple[Arrow, ...] = ()


@dataclass(frozen=True, eq=False)
class Drawing:
    key: str
    label: str
    poses: tuple[KeyPose, ...]
    # The working limbs (skeleton.CHAINS), drawn in the accent colour.
    accent: frozenset[str]
    # What the side shown is called in a caption: "{near} knee down".
    side: str
    # The mat's left and right ends.
    mat: tuple[float, float]
    # The parts that rest on the mat in every pose, for the tests:
    # (pose index, joint) pairs.
    contacts: tuple[tuple[int, str], ...] = field(default=())


def _angles(**angles: float) -> dict[str, float]:
    return angles


# Hip flexor stretch: half-kneeling, facing right. The near (right) leg kneels
# and is stretched; the far (left) foot stands in front.
_BACK_KNEE = (66.0, ON_MAT)
_FRONT_ANKLE = (107.0, ON_MAT)


def _half_kneeling(forward: float) -> Pose:
    """Kneeling upright with the hips `forward` of the back knee: the thigh
    from knee to hip keeps its length."""
    hip = (_BACK_KNEE[0] + forward, ON_MAT - math.sqrt(41**2 - forward**2))
    thigh = toward(hip, _BACK_KNEE)
    front_thigh, front_shin = reach(hip, _FRONT_ANKLE, 41, 39, -1)
    shoulder = (hip[0], hip[1] - 50)
    upper_arm, forearm = reach(shoulder, (hip[0] + 3, hip[1] - 5), 29, 24, 1)
    return Pose(
        hip=hip,
        angles=_angles(
            trunk=-90,
            neck=-90,
            near_upper_arm=upper_arm,
            near_forearm=forearm,
            near_hand=forearm - 40,
            far_upper_arm=upper_arm - 6,
            far_forearm=forearm + 8,
            far_hand=forearm - 30,
            near_thigh=thigh,
            near_shin=180,
            near_foot=180,
            far_thigh=front_thigh,
            far_shin=front_shin,
            far_foot=0,
        ),
    )


HIP_FLEXOR_STRETCH = Drawing(
    key="hip-flexor-stretch",
    label="Hip flexor stretch (half-kneeling)",
    side="{near} knee down",
    accent=frozenset({"near_leg"}),
    mat=(8, 132),
    poses=(
        KeyPose(
            name="Start",
            pose=_half_kneeling(0),
            text="Start: half-kneeling, {near} knee down on the mat under the hip, "
            "{far} foot flat in front with the knee bent about 90 degrees over the "
            "ankle, back upright",
            arrows=(Arrow((34, 86), (43, 86), (52, 86)),),
        ),
        KeyPose(
            name="Hold",
            pose=_half_kneeling(7),
            text="Hold: pelvis tucked under and hips shifted a small way forward, "
            "for a stretch at the front of the {near} hip; back still upright, "
            "{far} knee still over the ankle",
            arrows=(Arrow((40, 88), (49, 88), (58, 88)),),
        ),
    ),
)


# Bird dog: on hands and knees, facing right. The near (right) arm reaches
# forward and the far (left) leg back. The hips sit a thigh's length above
# the knees and the shoulders at about the same height (the back flat), so
# the arms, longer than the thighs, are a little bent at the elbow with the
# hands under the shoulders. The far limbs sit a little apart from the near
# ones so that both show: the far hand a little ahead, the far knee a little
# behind and up and the far shin higher still (the far side of the mat, as a
# view from slightly above would show it), so that the working far leg is
# seen in the start pose too. The gaze is down at the mat, so the head hangs
# below the spine's line and the reaching arm passes above it, not through
# the face.
_KNEE = (58.0, ON_MAT)
_HIP = (58.0, ON_MAT - 41)
_BACK_RISE = 4.5
_FAR_THIGH = 114
_FAR_SHIN = 186
_REACH = -6


def _bird_dog(extended: bool) -> Pose:
    trunk = -math.degrees(math.asin(_BACK_RISE / 50))
    shoulder = (_HIP[0] + math.sqrt(50**2 - _BACK_RISE**2), _HIP[1] - _BACK_RISE)
    # The elbow bends back (toward the knees), the wrist under the shoulder.
    upper_arm, forearm = reach(shoulder, (shoulder[0], ON_MAT), 29, 24, 1)
    far_upper_arm, far_forearm = reach(shoulder, (shoulder[0] + 4, ON_MAT), 29, 24, 1)
    return Pose(
        hip=_HIP,
        angles=_angles(
            trunk=trunk,
            neck=45,
            near_upper_arm=_REACH if extended else upper_arm,
            near_forearm=_REACH if extended else forearm,
            near_hand=_REACH if extended else 0,
            far_upper_arm=far_upper_arm,
            far_forearm=far_forearm,
            far_hand=0,
            near_thigh=90,
            near_shin=180,
            near_foot=180,
            far_thigh=180 if extended else _FAR_THIGH,
            far_shin=180 if extended else _FAR_SHIN,
            far_foot=100 if extended else 180,
        ),
    )


BIRD_DOG = Drawing(
    key="bird-dog",
    label="Bird dog (on hands and knees)",
    side="{near} arm and {far} leg",
    accent=frozenset({"near_arm", "far_leg"}),
    mat=(-14, 132),
    poses=(
        KeyPose(
            name="Start",
            pose=_bird_dog(extended=False),
            text="Start: on hands and knees, hands under the shoulders, knees "
            "under the hips, back flat",
            arrows=(
                Arrow((136, 116), (140, 100), (154, 90)),
                Arrow((36, 104), (24, 104), (10, 94)),
            ),
        ),
        KeyPose(
            name="Hold",
            pose=_bird_dog(extended=True),
            text="Hold: {near} arm reaching forward and {far} leg reaching back "
            "at hip height, back flat and hips level",
            arrows=(
                Arrow((140, 68), (150, 67), (160, 66)),
                Arrow((8, 74), (-2, 74), (-12, 74)),
            ),
        ),
    ),
)


# Glute bridge with hip extension: lying on the back, head to the left. The
# near (right) leg straightens at the top.
_SHOULDER = (50.0, TRUNK_ON_MAT)
_NEAR_ANKLE = (146.0, ON_MAT)
_FAR_ANKLE = (140.0, ON_MAT)
_NECK = 180 - math.degrees(math.asin((MAT_TOP - HEAD_RADIUS - TRUNK_ON_MAT) / 20))


def _bridge(lifted: bool) -> Pose:
    # Lifted, the shoulders stay down and the trunk lines up with the
    # standing leg's thigh (hips straight); the other leg lines up with it.
    lift = 22 if lifted else 0
    hip = (
        _SHOULDER[0] + 50 * math.cos(math.radians(lift)),
        _SHOULDER[1] - 50 * math.sin(math.radians(lift)),
    )
    far_thigh, far_shin = reach(hip, _FAR_ANKLE, 41, 39, -1)
    near_thigh, near_shin = reach(hip, _NEAR_ANKLE, 41, 39, -1)
    if lifted:
        near_thigh = near_shin = far_thigh
    arm = math.degrees(math.atan2(ON_MAT - TRUNK_ON_MAT, 61))
    return Pose(
        hip=hip,
        angles=_angles(
            trunk=180 - lift,
            neck=_NECK,
            near_upper_arm=arm,
            near_forearm=arm,
            near_hand=arm,
            far_upper_arm=arm,
            far_forearm=arm,
            far_hand=arm,
            near_thigh=near_thigh,
            near_shin=near_shin,
            near_foot=near_thigh - 75 if lifted else 0,
            far_thigh=far_thigh,
            far_shin=far_shin,
            far_foot=0,
        ),
    )


GLUTE_BRIDGE = Drawing(
    key="glute-bridge",
    label="Glute bridge with one knee straightened",
    side="{near} leg",
    accent=frozenset({"near_leg"}),
    mat=(16, 160),
    poses=(
        KeyPose(
            name="Start",
            pose=_bridge(lifted=False),
            text="Start: lying on the back, knees bent, feet flat on the floor, "
            "arms at the sides",
            arrows=(Arrow((92, 108), (92, 98), (92, 88)),),
        ),
        KeyPose(
            name="Hold",
            pose=_bridge(lifted=True),
            text="Hold: hips lifted, {near} knee straightened so the leg lines up "
            "with the {far} thigh, pelvis level, {far} foot flat on the floor",
            arrows=(Arrow((168, 104), (178, 92), (176, 76)),),
        ),
    ),
)
