"""Issue 17, "Staff can add their own": a content editor uploads a renamed text
file and is told next to the field, then a phone photo with its GPS position,
which the exercise page then shows (without the position), at 320 px too."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from exercises import services
from exercises.models import Exercise
from tests.factories import ExerciseFactory
from tests.images import image_bytes, jpeg_with_gps, upload

from .browser import SMALL_PHONE_WIDTH
from .conftest import log_in
from .test_admin_ordering import editor  # noqa: F401 (a fixture)

ALT = "Half-kneeling on a cushion, right knee down, pelvis tucked under"
CAPTION = "The start: back knee on a cushion."


def test_an_editor_uploads_a_photo_and_members_see_it(web, editor, tmp_path):  # noqa: F811
    exercise = Exercise.objects.get(slug="hip-flexor-stretch")
    notes = tmp_path / "notes.png"
    notes.write_text("Knee on the cushion, pelvis tucked.\n" * 20)
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(jpeg_with_gps())
    page = web.page
    log_in(web, editor)
    web.goto(reverse("admin:exercises_exercise_change", args=[exercise.pk]))

    photos = page.get_by_role("group", name="Photos")
    photos.locator(".add-row a").click()
    photos.get_by_label("Photo file").first.set_input_files(notes)
    photos.get_by_label("Alt text").first.fill(ALT)
    web.click(page.get_by_role("button", name="Save and continue editing"))

    photos = page.get_by_role("group", name="Photos")
    row = photos.locator(".field-image").first
    assert "This file is not a PNG, JPEG or WebP image." in row.inner_text()
    assert not exercise.images.exists()

    photos.get_by_label("Photo file").first.set_input_files(photo)
    photos.get_by_label("Caption").first.fill(CAPTION)
    web.click(page.get_by_role("button", name="Save and continue editing"))
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    (image,) = exercise.images.all()
    preview = page.get_by_role("group", name="Photos").get_by_role("img", name=ALT)
    assert preview.evaluate("img => img.naturalWidth") == 240

    web.phone_widths.append(SMALL_PHONE_WIDTH)
    web.goto(exercise.get_absolute_url())
    figure = page.get_by_role("region", name="Photo").locator("figure")
    shown = figure.get_by_role("img", name=ALT)
    shown.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=shown.element_handle()
    )
    assert figure.locator("figcaption").inner_text() == CAPTION
    served = page.request.get(shown.evaluate("img => img.currentSrc"))
    assert served.headers["content-type"] == "image/webp"
    stored = Image.open(io.BytesIO(served.body()))
    assert dict(stored.getexif()) == {}
    assert image.page.url in shown.get_attribute("srcset")


def test_a_photo_is_never_shown_larger_than_it_is(web, content):
    """A small photo keeps its own size on a wide screen; a large one shrinks
    to the column on a phone (1x1-pixel photos were once stretched to a 343 px
    black square)."""
    exercise = Exercise.objects.get(slug="hip-flexor-stretch")
    for size, alt in [((300, 200), "Small: " + ALT), ((1200, 900), ALT)]:
        services.exercise_image_store(
            exercise=exercise,
            upload=upload("photo.png", image_bytes("PNG", size)),
            alt_text=alt,
        )
    page = web.page
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        web.goto(exercise.get_absolute_url())
        shown = page.get_by_role("region", name="Photos").get_by_role("img")
        for img in shown.all():
            img.scroll_into_view_if_needed()
            page.wait_for_function(
                "img => img.complete && img.naturalWidth > 0",
                arg=img.element_handle(),
            )
        small, large = shown.evaluate_all(
            "imgs => imgs.map(img => ({shown: img.getBoundingClientRect().width,"
            " height: img.getBoundingClientRect().height,"
            " column: img.closest('figure').clientWidth}))"
        )
        assert small["shown"] == 300 and small["height"] == 200
        # The large one: as wide as the column, but no taller than 28rem.
        assert large["shown"] == pytest.approx(
            min(800, large["column"], 448 / 0.75), abs=1
        )
        assert abs(large["height"] - large["shown"] * 0.75) < 1


def shown_photos(page) -> list[dict]:
    shown = page.get_by_role("region", name="Photo").get_by_role("img")
    for img in shown.all():
        img.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=img.element_handle()
        )
    return shown.evaluate_all(
        "imgs => imgs.map(img => ({width: img.getBoundingClientRect().width,"
        " height: img.getBoundingClientRect().height}))"
    )


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (375, 740)])
def test_an_upright_photo_leaves_the_steps_near(web, content, width, height):
    """A portrait photo (1200 x 1600) is no taller than 28rem nor than 70 % of
    the screen, keeping its shape: it was once drawn 600 x 800 at 1280 x 900,
    more than a whole screen before the steps."""
    exercise = Exercise.objects.get(slug="hip-flexor-stretch")
    services.exercise_image_store(
        exercise=exercise,
        upload=upload("photo.png", image_bytes("PNG", (1200, 1600))),
        alt_text=ALT,
    )
    page = web.page
    page.set_viewport_size({"width": width, "height": height})
    web.goto(exercise.get_absolute_url())

    (photo,) = shown_photos(page)

    assert photo["height"] == pytest.approx(min(448, 0.7 * height), abs=1)
    assert photo["width"] == pytest.approx(photo["height"] * 0.75, abs=1)


def test_card_headings_line_up_whatever_the_picture(web, content):
    """On the exercise list at 1280 px, a card with a photo and cards with a
    drawing (lying or upright) have their headings at one height in a row: the
    pictures were 129, 112 and 96 px tall, and the headings at three heights."""
    clamshell = ExerciseFactory(title="Side-lying Clamshell", order=0)
    services.exercise_image_store(
        exercise=clamshell,
        upload=upload("photo.png", image_bytes("PNG", (1200, 900))),
        alt_text="Lying on the side, knees bent",
    )
    page = web.page
    page.set_viewport_size({"width": 1280, "height": 900})
    web.goto(reverse("exercises:exercise-list"))
    for img in page.locator(".card img").all():
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=img.element_handle()
        )

    cards = page.locator(".card-grid > .card").evaluate_all(
        "cards => cards.map(card => ({top: card.getBoundingClientRect().top,"
        " heading: card.querySelector('h3').getBoundingClientRect().top,"
        " photo: !!card.querySelector('.card-photo'),"
        " drawing: !!card.querySelector('.figure-card')}))"
    )
    rows: dict[int, list[dict]] = {}
    for card in cards:
        rows.setdefault(round(card["top"]), []).append(card)
    (first, *_) = rows.values()
    # The photo card shares its row with drawn ones.
    assert any(card["photo"] for card in first)
    assert sum(card["drawing"] for card in first) >= 2
    for row in rows.values():
        headings = [card["heading"] for card in row]
        assert max(headings) - min(headings) <= 1, row
