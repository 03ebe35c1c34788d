"""Drawings as compact SVG: integer or one-decimal coordinates, classes for
every colour (exercises/static/exercises/css/figures.css), no style."""

import json
import math
from functools import cache

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .drawings import MAT_HEIGHT, MAT_TOP, Arrow, Drawing
from .skeleton import CHAINS, HEAD_RADIUS, SEGMENTS, Point, Pose, chain_points, joints

MARGIN = 6
FLOOR = MAT_TOP + MAT_HEIGHT
ARROW_HEAD = 8


def number(value: float) -> str:
    """At most one decimal, no trailing zero: 12, 12.5, -3."""
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def points_text(points: list[Point]) -> str:
    return " ".join(f"{number(x)},{number(y)}" for x, y in points)


@cache
def frame(drawing: Drawing) -> tuple[float, float, float, float]:
    """The drawing's viewBox (x, y, width, height): every pose of it fits, so
    its poses and their mirror images share one frame."""
    xs, ys = list(drawing.mat), [FLOOR]
    for key_pose in drawing.poses:
        for x, y in joints(key_pose.pose).values():
            xs.append(x)
            ys.append(y)
        for arrow in key_pose.arrows:
            for x, y in (arrow.tail, arrow.bend, arrow.head):
                xs.append(x)
                ys.append(y)
    left = math.floor(min(xs) - MARGIN - HEAD_RADIUS)
    right = math.ceil(max(xs) + MARGIN + HEAD_RADIUS)
    top = math.floor(min(ys) - MARGIN - HEAD_RADIUS)
    bottom = FLOOR + 2
    return left, top, right - left, bottom - top


def flip(drawing: Drawing, mirrored: bool):
    """x -> its mirror image in the drawing's frame (or itself)."""
    left, _, width, _ = frame(drawing)
    if not mirrored:
        return lambda x: x
    return lambda x: 2 * left + width - x


def arrow_shapes(arrow: Arrow, fx) -> str:
    (tx, ty), (bx, by), (hx, hy) = arrow.tail, arrow.bend, arrow.head
    tx, bx, hx = fx(tx), fx(bx), fx(hx)
    angle = math.atan2(hy - by, hx - bx)
    # The line stops inside the head; the head's point is at `head`.
    back = (
        hx - ARROW_HEAD * 0.6 * math.cos(angle),
        hy - ARROW_HEAD * 0.6 * math.sin(angle),
    )
    wing = math.radians(28)
    left = (
        hx - ARROW_HEAD * 1.3 * math.cos(angle - wing),
        hy - ARROW_HEAD * 1.3 * math.sin(angle - wing),
    )
    right = (
        hx - ARROW_HEAD * 1.3 * math.cos(angle + wing),
        hy - ARROW_HEAD * 1.3 * math.sin(angle + wing),
    )
    return (
        f'<path class="fig-arrow" d="M{number(tx)} {number(ty)}'
        f'Q{number(bx)} {number(by)} {points_text([back]).replace(",", " ")}"/>'
        f'<polygon class="fig-arrowhead" '
        f'points="{points_text([(hx, hy), left, right])}"/>'
    )


def body_shapes(drawing: Drawing, pose: Pose, fx, *, named: bool = False) -> str:
    """The figure: far limbs, trunk and head, near limbs (each with a halo of
    the page's colour, so that a limb crossing the body stays distinct).
    `named`: each shape says which part it draws (data-part), for the
    player's script to move."""
    points = joints(pose)
    shapes = []

    def name(part: str) -> str:
        return f' data-part="{part}"' if named else ""

    for chain in CHAINS:
        line = points_text([(fx(x), y) for x, y in chain_points(points, chain)])
        if chain == "trunk":
            x, y = points["neck"]
            shapes.append(
                f'<polyline class="fig-trunk"{name(chain)} points="{line}"/>'
                f'<circle class="fig-head"{name("head")} cx="{number(fx(x))}" '
                f'cy="{number(y)}" r="{number(HEAD_RADIUS)}"/>'
            )
            continue
        if chain.startswith("near"):
            shapes.append(f'<polyline class="fig-halo"{name(chain)} points="{line}"/>')
        kind = "accent" if chain in drawing.accent else chain.split("_")[0]
        shapes.append(
            f'<polyline class="fig-limb fig-{kind}"{name(chain)} points="{line}"/>'
        )
    return "".join(shapes)


def scene(drawing: Drawing, fx) -> str:
    left, _, width, _ = frame(drawing)
    a, b = sorted((fx(drawing.mat[0]), fx(drawing.mat[1])))
    return (
        f'<line class="fig-floor" x1="{left}" y1="{FLOOR}" x2="{left + width}" '
        f'y2="{FLOOR}"/><rect class="fig-mat" x="{number(a)}" y="{MAT_TOP}" '
        f'width="{number(b - a)}" height="{MAT_HEIGHT}" rx="2"/>'
    )


@cache
def figure_svg(
    drawing: Drawing, index: int, *, mirrored: bool = False, label: str = ""
) -> SafeString:
    """Pose `index` of `drawing` as an <svg>: named by `label` (role="img"),
    or hidden from screen readers when `label` is empty (a decorative copy)."""
    key_pose = drawing.poses[index]
    fx = flip(drawing, mirrored)
    x, y, width, height = frame(drawing)
    if label:
        opening = format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="{} {} {} {}" '
            'class="fig" role="img" aria-label="{}">',
            x,
            y,
            width,
            height,
            label,
        )
    else:
        opening = format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="{} {} {} {}" '
            'class="fig" aria-hidden="true" focusable="false">',
            x,
            y,
            width,
            height,
        )
    shapes = scene(drawing, fx) + body_shapes(drawing, key_pose.pose, fx)
    shapes += "".join(arrow_shapes(arrow, fx) for arrow in key_pose.arrows)
    return mark_safe(opening + shapes + "</svg>")


@cache
def player_svg(drawing: Drawing) -> SafeString:
    """The player's figure: the start pose, its shapes named for the script
    (figure-motion.js) to move, every pose's arrows (all but the start's
    hidden), and the whole in a group the script mirrors."""
    x, y, width, height = frame(drawing)
    arrows = "".join(
        format_html(
            '<g data-arrows="{}"{}>{}</g>',
            index,
            mark_safe(' hidden=""' if index else ""),
            mark_safe(
                "".join(
                    arrow_shapes(arrow, flip(drawing, False))
                    for arrow in key_pose.arrows
                )
            ),
        )
        for index, key_pose in enumerate(drawing.poses)
    )
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x} {y} {width} {height}" '
        f'class="fig" aria-hidden="true" focusable="false"><g data-flip="">'
        + scene(drawing, flip(drawing, False))
        + body_shapes(drawing, drawing.poses[0].pose, flip(drawing, False), named=True)
        + arrows
        + "</g></svg>"
    )


@cache
def player_model(drawing: Drawing) -> str:
    """What the script needs to pose the figure, as JSON: the segments and the
    drawn parts (skeleton.py), each key pose's hip and angles, and the frame."""
    x, y, width, height = frame(drawing)
    return json.dumps(
        {
            "frame": [x, y, width, height],
            "segments": [
                [name, parent, length] for name, (parent, length) in SEGMENTS.items()
            ],
            "chains": CHAINS,
            "poses": [
                {
                    "hip": [round(v, 2) for v in key_pose.pose.hip],
                    "angles": {k: round(v, 2) for k, v in key_pose.pose.angles.items()},
                }
                for key_pose in drawing.poses
            ],
        },
        separators=(",", ":"),
    )
