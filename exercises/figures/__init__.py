"""The project's own exercise drawings: side-view figures posed by angles
(skeleton.py), one drawing per exercise with its key poses (drawings.py),
written as small SVG (svg.py), mirrored for the other side.

`Exercise.drawing` names a drawing by its key; DRAWING_CHOICES lists them."""

import json
from dataclasses import dataclass

from django.utils.safestring import SafeString

from .drawings import BIRD_DOG, GLUTE_BRIDGE, HIP_FLEXOR_STRETCH, Drawing
from .svg import figure_svg, frame, player_model, player_svg

DRAWINGS: dict[str, Drawing] = {
    drawing.key: drawing for drawing in (HIP_FLEXOR_STRETCH, BIRD_DOG, GLUTE_BRIDGE)
}
DRAWING_CHOICES = [(drawing.key, drawing.label) for drawing in DRAWINGS.values()]


def sides(mirrored: bool) -> dict[str, str]:
    """The figure faces right and shows its right side; mirrored, its left."""
    return (
        {"near": "left", "far": "right"}
        if mirrored
        else {"near": "right", "far": "left"}
    )


def pose_text(drawing: Drawing, index: int, *, mirrored: bool = False) -> str:
    """What pose `index` shows, in words (the figure's text alternative)."""
    return drawing.poses[index].text.format(**sides(mirrored))


def pose_caption(drawing: Drawing, index: int, *, mirrored: bool = False) -> str:
    """A short caption: the pose's name and the side shown ("Start, right knee
    down")."""
    return f"{drawing.poses[index].name}, {drawing.side.format(**sides(mirrored))}"


@dataclass(frozen=True)
class Figure:
    svg: SafeString
    text: str
    caption: str
    # Lying or on all fours: much wider than tall.
    wide: bool


def figure(
    key: str, index: int = 0, *, mirrored: bool = False, decorative: bool = False
) -> Figure | None:
    """Pose `index` of drawing `key`, or None when there is no such drawing
    (an exercise without one, or a key no longer in the code)."""
    drawing = DRAWINGS.get(key)
    if drawing is None or not 0 <= index < len(drawing.poses):
        return None
    text = pose_text(drawing, index, mirrored=mirrored)
    return Figure(
        svg=figure_svg(
            drawing, index, mirrored=mirrored, label="" if decorative else text
        ),
        text=text,
        caption=pose_caption(drawing, index, mirrored=mirrored),
        wide=frame(drawing)[2] > 1.5 * frame(drawing)[3],
    )


def figures(key: str, *, mirrored: bool = False) -> list[Figure]:
    """Every key pose of drawing `key`, start first (none without a drawing)."""
    drawing = DRAWINGS.get(key)
    if drawing is None:
        return []
    return [
        figure(key, index, mirrored=mirrored) for index in range(len(drawing.poses))
    ]


@dataclass(frozen=True)
class PlayerFigure:
    svg: SafeString
    # JSON for figure-motion.js: how to pose the figure, and each pose's words
    # on either side ("texts"/"captions": [right side, left side]).
    model: str
    poses: int
    text: str
    caption: str
    # What each side is called when its words name both sides ("right arm
    # and left leg"), for the player to say instead of "right side"; None when
    # a side is one limb.
    sides: tuple[str, str] | None = None
    # Lying or on all fours: much wider than tall (an upright figure is drawn
    # taller on a phone, to keep it 120 px wide).
    wide: bool = True


def player_figure(key: str) -> PlayerFigure | None:
    drawing = DRAWINGS.get(key)
    if drawing is None:
        return None
    count = len(drawing.poses)
    words = {
        "texts": [
            [pose_text(drawing, i, mirrored=m) for i in range(count)]
            for m in (False, True)
        ],
        "captions": [
            [pose_caption(drawing, i, mirrored=m) for i in range(count)]
            for m in (False, True)
        ],
    }
    model = json.loads(player_model(drawing)) | words
    return PlayerFigure(
        svg=player_svg(drawing),
        model=json.dumps(model, separators=(",", ":")),
        poses=count,
        text=words["texts"][0][0],
        caption=words["captions"][0][0],
        sides=side_names(drawing),
        wide=frame(drawing)[2] > 1.5 * frame(drawing)[3],
    )


def side_names(drawing: Drawing) -> tuple[str, str] | None:
    """The words for the right and the left side when they name both sides
    (the bird dog's "{near} arm and {far} leg"), else None."""
    if "{far}" not in drawing.side:
        return None
    right, left = (drawing.side.format(**sides(m)) for m in (False, True))
    return right, left
