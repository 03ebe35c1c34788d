"""The project's drawings (exercises/figures/): posed by angles, small, valid,
mirrored, on the mat, and described in words."""

import math
import re
import xml.etree.ElementTree as ET

import pytest

from exercises import content, figures
from exercises.figures import skeleton, svg
from exercises.figures.drawings import LIMB, MAT_TOP, ON_MAT, TRUNK, TRUNK_ON_MAT

SVG = "{http://www.w3.org/2000/svg}"
KEYS = list(figures.DRAWINGS)
VARIANTS = [
    (key, index, mirrored, decorative)
    for key, drawing in figures.DRAWINGS.items()
    for index in range(len(drawing.poses))
    for mirrored in (False, True)
    for decorative in (False, True)
]


def rendered(key, index, *, mirrored=False, decorative=False) -> str:
    return str(figures.figure(key, index, mirrored=mirrored, decorative=decorative).svg)


def points_of(shape) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in shape.get("points").split()]


def joints(key: str, index: int) -> dict:
    return skeleton.joints(figures.DRAWINGS[key].poses[index].pose)


def angle(a, b) -> float:
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def test_every_seed_exercise_has_a_drawing_of_at_least_two_poses():
    for data in content.EXERCISES:
        drawing = figures.DRAWINGS[data["drawing"]]
        assert len(drawing.poses) >= 2, data["slug"]
        assert drawing.poses[0].name == "Start"


@pytest.mark.parametrize(("key", "index", "mirrored", "decorative"), VARIANTS)
def test_each_figure_is_small_valid_svg_without_style(key, index, mirrored, decorative):
    markup = rendered(key, index, mirrored=mirrored, decorative=decorative)

    assert len(markup.encode()) < 4096
    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg"
    assert re.fullmatch(r"-?\d+ -?\d+ \d+ \d+", root.get("viewBox"))
    assert "style" not in markup
    # Coordinates are integers or have one decimal.
    numbers = re.findall(
        r'(?:points|d|x1|y1|x2|y2|x|y|cx|cy|r|width|height)="([^"]*)"', markup
    )
    for value in numbers:
        for number in re.findall(r"-?[\d.]+", value):
            assert re.fullmatch(r"-?\d+(\.\d)?", number), (value, number)


@pytest.mark.parametrize("key", KEYS)
def test_every_shape_has_a_class_for_its_colour(key):
    root = ET.fromstring(rendered(key, 0))
    for shape in root.iter():
        if shape.tag != f"{SVG}svg":
            assert shape.get("class", "").startswith("fig-"), shape.tag


@pytest.mark.parametrize("key", KEYS)
def test_the_working_limbs_are_in_the_accent_colour(key):
    drawing = figures.DRAWINGS[key]
    for index in range(len(drawing.poses)):
        root = ET.fromstring(rendered(key, index))
        accent = [
            shape
            for shape in root.iter(f"{SVG}polyline")
            if "fig-accent" in shape.get("class").split()
        ]
        points = skeleton.joints(drawing.poses[index].pose)
        expected = sorted(
            svg.points_text(skeleton.chain_points(points, chain))
            for chain in drawing.accent
        )
        assert sorted(shape.get("points") for shape in accent) == expected


def distance_to_line(point, line) -> float:
    """How far `point` is from the polyline `line` (a list of points)."""
    best = math.inf
    for (ax, ay), (bx, by) in zip(line, line[1:], strict=False):
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        t = 0 if not length else ((point[0] - ax) * dx + (point[1] - ay) * dy) / length
        t = max(0.0, min(1.0, t))
        best = min(best, math.dist(point, (ax + t * dx, ay + t * dy)))
    return best


def drawn_after(points: dict, chain: str) -> list[tuple[list, float]]:
    """The body's shapes drawn over `chain` (svg.body_shapes' order), each as
    (centre line, half its stroke width): the trunk and the head over the far
    limbs, a near limb and its halo over everything before it."""
    order = list(skeleton.CHAINS)
    shapes = []
    for later in order[order.index(chain) + 1 :]:
        line = skeleton.chain_points(points, later)
        if later == "trunk":
            shapes.append((line, TRUNK / 2))
            shapes.append(([points["neck"]], skeleton.HEAD_RADIUS))
        else:
            shapes.append((line, 12 / 2 if later.startswith("near") else LIMB / 2))
    return shapes


@pytest.mark.parametrize(
    ("key", "index"),
    [(k, i) for k, d in figures.DRAWINGS.items() for i in range(len(d.poses))],
)
def test_every_working_limb_shows_in_every_pose(key, index):
    """A working (accent) limb is not hidden behind the body or another limb:
    a good stretch of its centre line (15 units, a shin's third) is clear of
    every shape drawn after it. The bird dog's start once drew the far leg
    exactly under the near one, so its caption named a leg nobody saw."""
    drawing = figures.DRAWINGS[key]
    points = joints(key, index)
    lines = {chain: skeleton.chain_points(points, chain) for chain in skeleton.CHAINS}
    for chain in drawing.accent:
        line = lines[chain]
        visible = 0.0
        for a, b in zip(line, line[1:], strict=False):
            steps = max(1, round(math.dist(a, b)))
            for step in range(steps):
                t = (step + 0.5) / steps
                spot = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
                if all(
                    distance_to_line(spot, cover) > half
                    for cover, half in drawn_after(points, chain)
                ):
                    visible += math.dist(a, b) / steps
        assert visible >= 15, (chain, visible)


@pytest.mark.parametrize(
    ("key", "index"),
    [(k, i) for k, d in figures.DRAWINGS.items() for i in range(len(d.poses))],
)
def test_no_limb_crosses_the_head(key, index):
    """No arm or leg is drawn over (or under) the head: the bird dog's raised
    arm once went through the head, as if it came out of the face."""
    points = joints(key, index)
    for chain in skeleton.CHAINS:
        if chain != "trunk":
            line = skeleton.chain_points(points, chain)
            gap = distance_to_line(points["neck"], line)
            assert gap >= skeleton.HEAD_RADIUS + LIMB / 2, (chain, gap)


@pytest.mark.parametrize(("key", "index"), [(k, i) for k in KEYS for i in (0, 1)])
def test_the_mirror_image_is_the_figure_flipped_left_to_right(key, index):
    left, _, width, _ = svg.frame(figures.DRAWINGS[key])
    plain = ET.fromstring(rendered(key, index))
    mirrored = ET.fromstring(rendered(key, index, mirrored=True))
    assert plain.get("viewBox") == mirrored.get("viewBox")
    assert ET.tostring(plain) != ET.tostring(mirrored)

    pairs = list(zip(plain.iter(), mirrored.iter(), strict=True))
    flipped = 0
    for a, b in pairs:
        assert a.tag == b.tag and a.get("class") == b.get("class")
        if a.tag == f"{SVG}polyline":
            for (xa, ya), (xb, yb) in zip(points_of(a), points_of(b), strict=True):
                assert xb == pytest.approx(2 * left + width - xa, abs=0.11)
                assert yb == ya
            flipped += 1
        if a.tag == f"{SVG}circle":
            assert float(b.get("cx")) == pytest.approx(
                2 * left + width - float(a.get("cx")), abs=0.11
            )
    assert flipped >= 5


@pytest.mark.parametrize("key", KEYS)
def test_nothing_goes_through_the_mat(key):
    for index in range(len(figures.DRAWINGS[key].poses)):
        points = joints(key, index)
        for name, (_, y) in points.items():
            limit = TRUNK_ON_MAT if name in {"hip", "trunk"} else ON_MAT
            assert y <= limit + 0.05, (index, name, y)
        assert points["neck"][1] <= MAT_TOP - skeleton.HEAD_RADIUS + 0.05


def on_mat(point) -> bool:
    return point[1] == pytest.approx(ON_MAT, abs=0.6)


def test_the_hip_flexor_stretch_kneels_upright_then_shifts_a_little_forward():
    start, end = joints("hip-flexor-stretch", 0), joints("hip-flexor-stretch", 1)
    for pose in (start, end):
        # The back knee, shin and foot and the front foot on the mat.
        for joint in ("near_thigh", "near_shin", "far_shin", "far_foot"):
            assert on_mat(pose[joint]), joint
        # Trunk upright.
        assert pose["trunk"][0] == pytest.approx(pose["hip"][0])
        assert pose["trunk"][1] < pose["hip"][1]
    # Start: the back knee under the hip, the front knee over its ankle.
    assert start["near_thigh"][0] == pytest.approx(start["hip"][0])
    assert start["far_thigh"][0] == pytest.approx(start["far_shin"][0], abs=1)
    # The shift: a small way forward; knee and front foot stay put.
    assert 4 <= end["hip"][0] - start["hip"][0] <= 12
    assert end["near_thigh"] == pytest.approx(start["near_thigh"])
    assert end["far_shin"] == pytest.approx(start["far_shin"])
    # The front knee stays about over the ankle (within a fifth of the shin).
    assert abs(end["far_thigh"][0] - end["far_shin"][0]) < 39 / 5


def test_the_bird_dog_starts_on_all_fours_and_reaches_to_hip_height():
    start, end = joints("bird-dog", 0), joints("bird-dog", 1)
    # Hands under the shoulders, knees under the hips.
    assert start["near_forearm"][0] == pytest.approx(start["trunk"][0])
    assert start["near_thigh"][0] == pytest.approx(start["hip"][0])
    for joint in ("near_forearm", "far_forearm", "near_thigh"):
        assert on_mat(start[joint]), joint
    # The far knee a little behind and up and the far shin higher still (the
    # mat's far side), so that the working far leg shows beside the near one.
    assert 0 < ON_MAT - start["far_thigh"][1] <= 4
    assert start["far_thigh"][0] <= start["near_thigh"][0] - 8
    assert ON_MAT - 10 <= start["far_shin"][1] < start["far_thigh"][1] - 2
    # The back flat: shoulders and hips at about one height (within 6
    # degrees), in both poses, as the words say ("back flat").
    for pose in (start, end):
        assert abs(angle(pose["hip"], pose["trunk"])) <= 6
    # Held: the arm reaches forward (within 10 degrees of level, not up over
    # the head), the other leg back at hip height.
    for joint in ("near_upper_arm", "near_forearm", "near_hand"):
        assert abs(angle(end["trunk"], end[joint])) <= 10, joint
    # Looking down at the mat: the head below the reaching arm.
    assert end["neck"][1] > end["near_hand"][1] + skeleton.HEAD_RADIUS
    assert end["near_hand"][0] > end["trunk"][0] + 50
    assert end["far_shin"][1] == pytest.approx(end["hip"][1], abs=3)
    assert end["far_shin"][0] < end["hip"][0] - 70
    # The supporting knee and hand stay down.
    assert on_mat(end["near_thigh"]) and on_mat(end["far_forearm"])


def test_the_bridge_lifts_the_hips_and_lines_the_straight_leg_up_with_the_thigh():
    start, end = joints("glute-bridge", 0), joints("glute-bridge", 1)
    # Lying: trunk and head on the mat, knees bent, feet flat.
    assert start["hip"][1] == pytest.approx(TRUNK_ON_MAT)
    assert start["trunk"][1] == pytest.approx(TRUNK_ON_MAT)
    for joint in ("near_shin", "near_foot", "far_shin", "far_foot"):
        assert on_mat(start[joint]), joint
    assert start["near_thigh"][1] < start["hip"][1] - 25  # knees up
    # Lifted: shoulders stay, hips up, one foot down, the other leg straight
    # and in line with the standing thigh.
    assert end["trunk"] == pytest.approx(start["trunk"])
    assert end["hip"][1] < start["hip"][1] - 10
    assert on_mat(end["far_shin"]) and on_mat(end["far_foot"])
    thigh = angle(end["hip"], end["far_thigh"])
    assert angle(end["hip"], end["near_thigh"]) == pytest.approx(thigh)
    assert angle(end["near_thigh"], end["near_shin"]) == pytest.approx(thigh)
    # The hips straight: shoulder, hip and knee in a line (within 5 degrees).
    assert angle(end["trunk"], end["hip"]) == pytest.approx(thigh, abs=5)


@pytest.mark.parametrize("key", KEYS)
def test_a_move_between_poses_keeps_every_limb_its_length(key):
    drawing = figures.DRAWINGS[key]
    start, end = drawing.poses[0].pose, drawing.poses[-1].pose
    for t in (0.25, 0.5, 0.75):
        points = skeleton.joints(skeleton.between(start, end, t))
        for name, (parent, length) in skeleton.SEGMENTS.items():
            assert math.dist(points[parent], points[name]) == pytest.approx(length)
    halfway = skeleton.between(start, end, 0.5)
    assert halfway.angles != start.angles and halfway.angles != end.angles


def test_each_pose_is_described_by_its_position_and_side():
    words = {
        key: [figures.pose_text(drawing, i) for i in range(len(drawing.poses))]
        for key, drawing in figures.DRAWINGS.items()
    }
    assert words["hip-flexor-stretch"][0] == (
        "Start: half-kneeling, right knee down on the mat under the hip, left foot "
        "flat in front with the knee bent about 90 degrees over the ankle, back "
        "upright"
    )
    assert (
        "right arm reaching forward and left leg reaching back at hip height"
        in (words["bird-dog"][1])
    )
    assert "lying on the back, knees bent, feet flat" in words["glute-bridge"][0]
    for texts in words.values():
        for text in texts:
            assert "image" not in text.lower() and len(text) > 40
    stretch = figures.DRAWINGS["hip-flexor-stretch"]
    assert figures.pose_text(stretch, 0, mirrored=True).startswith(
        "Start: half-kneeling, left knee down on the mat under the hip, right foot"
    )
    assert figures.pose_caption(stretch, 1, mirrored=True) == "Hold, left knee down"


def test_a_figure_names_itself_or_hides_from_screen_readers():
    named = ET.fromstring(rendered("bird-dog", 0))
    assert named.get("role") == "img"
    assert named.get("aria-label").startswith("Start: on hands and knees")
    hidden = ET.fromstring(rendered("bird-dog", 0, decorative=True))
    assert hidden.get("aria-hidden") == "true" and hidden.get("aria-label") is None


def test_a_label_is_escaped():
    drawing = figures.DRAWINGS["bird-dog"]
    markup = str(svg.figure_svg(drawing, 0, label='"><script>alert(1)</script>'))

    assert "<script>" not in markup
    assert ET.fromstring(markup).get("aria-label") == '"><script>alert(1)</script>'


def test_figures_are_made_once_then_cached():
    first = figures.figure("glute-bridge", 1, mirrored=True)
    assert figures.figure("glute-bridge", 1, mirrored=True).svg is first.svg


def test_no_drawing_gives_no_figure():
    assert figures.figure("", 0) is None
    assert figures.figure("no-such-drawing", 0) is None
    assert figures.figure("bird-dog", 9) is None
    assert figures.figures("") == []
    assert figures.player_figure("") is None


def test_the_players_figure_carries_its_poses_for_the_script():
    player = figures.player_figure("hip-flexor-stretch")
    root = ET.fromstring(str(player.svg))
    parts = {shape.get("data-part") for shape in root.iter() if shape.get("data-part")}
    assert parts == {*skeleton.CHAINS, "head"}
    arrows = [g for g in root.iter(f"{SVG}g") if g.get("data-arrows")]
    assert ["hidden" in g.attrib for g in arrows] == [False, True]
    assert player.poses == 2
    assert '"texts"' in player.model and "left knee down" in player.model


def test_the_drawings_colours_keep_3_to_1_against_the_page():
    from pathlib import Path

    from django.conf import settings

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
            for c in channels
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    def contrast(a: str, b: str) -> float:
        high, low = sorted((luminance(a), luminance(b)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    css = (
        Path(settings.BASE_DIR) / "exercises/static/exercises/css/figures.css"
    ).read_text()
    screen = css[: css.index("@media print")]
    colours = dict(re.findall(r"--fig-([\w-]+): (#[0-9a-f]{6})", screen))
    site = (
        Path(settings.BASE_DIR) / "psoasapp/static/psoasapp/css/site.css"
    ).read_text()
    page = re.search(r"--paper: (#[0-9a-f]{6})", site).group(1)
    assert "prefers-color-scheme: dark" not in site  # else check the dark page too
    for name in ("ink", "far", "accent", "arrow", "floor", "mat-edge"):
        assert contrast(colours[name], page) >= 3, name
    # The working limb stands out from the rest of the body too.
    assert contrast(colours["accent"], colours["ink"]) >= 3


@pytest.mark.parametrize(
    ("key", "sides"),
    [
        ("bird-dog", ("right arm and left leg", "left arm and right leg")),
        # One limb names the side: the player says "right side".
        ("hip-flexor-stretch", None),
        ("glute-bridge", None),
    ],
)
def test_the_player_names_a_side_that_works_an_arm_and_the_other_leg(key, sides):
    assert figures.player_figure(key).sides == sides
