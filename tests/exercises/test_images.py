"""Issue 17, "Staff can add their own": photos of an exercise uploaded in the
admin, checked by decoding them, re-encoded without metadata in the sizes pages
use, and stored under names nobody can guess (exercises/images.py,
exercises/services.py, the admin's photo inline)."""

import io
import os
import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from exercises import images, services
from exercises.content import CONTENT_EDITORS_GROUP
from exercises.models import Exercise, ExerciseImage
from tests.exercises.test_admin_ordering import page_data
from tests.factories import (
    ExerciseFactory,
    RoutineFactory,
    RoutineItemFactory,
    UserFactory,
)
from tests.html import assert_accessible_page
from tests.images import (
    CAMERA,
    image_bytes,
    jpeg_with_gps,
    png_bomb,
    upload,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:exercises_exercise_changelist")
PHOTO_PERMISSIONS = {
    "add_exerciseimage",
    "change_exerciseimage",
    "delete_exerciseimage",
    "view_exerciseimage",
}
ALT = "Half-kneeling on a cushion, right knee down, pelvis tucked under"
# What a WebP file may hold besides its RIFF header: pixels (VP8, VP8L), the
# extended header (VP8X) and transparency (ALPH). Not EXIF, XMP or ICCP.
PIXEL_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}


def stored_files(media_root) -> list[str]:
    return sorted(
        str(path.relative_to(media_root))
        for path in media_root.rglob("*")
        if path.is_file()
    )


def webp_chunks(data: bytes) -> set[bytes]:
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    chunks, offset = set(), 12
    while offset + 8 <= len(data):
        name = data[offset : offset + 4]
        size = int.from_bytes(data[offset + 4 : offset + 8], "little")
        chunks.add(name)
        offset += 8 + size + (size & 1)
    return chunks


def opened(field) -> Image.Image:
    with field.open("rb") as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image


def store(exercise=None, content: bytes | None = None, name="photo.png", **kwargs):
    return services.exercise_image_store(
        exercise=exercise or ExerciseFactory(),
        upload=upload(name, content if content is not None else image_bytes()),
        alt_text=kwargs.pop("alt_text", ALT),
        **kwargs,
    )


def assert_refused(content: bytes, message: str, media_root, name="photo.png"):
    exercise = ExerciseFactory()
    with pytest.raises(ValidationError) as refused:
        store(exercise, content, name=name)
    assert refused.value.messages == [message]
    assert not ExerciseImage.objects.exists()
    assert stored_files(media_root) == []


# Checking the file -------------------------------------------------------------


def test_a_renamed_text_file_is_refused_and_nothing_is_stored(media_root):
    notes = b"Remember: knee on the cushion, tuck the pelvis.\n" * 20

    assert_refused(
        notes, "This file is not a PNG, JPEG or WebP image.", media_root, "notes.png"
    )


def test_a_6_mb_image_is_refused_before_it_is_decoded(media_root, monkeypatch):
    noise = Image.frombytes("RGB", (1450, 1450), os.urandom(1450 * 1450 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG", compress_level=0)
    six_mb = out.getvalue()
    assert len(six_mb) > 6_000_000

    def no_decoding(*args, **kwargs):
        raise AssertionError("a file over the limit was decoded")

    monkeypatch.setattr(images.Image, "open", no_decoding)

    with pytest.raises(ValidationError) as refused:
        store(content=six_mb)
    (message,) = refused.value.messages
    assert message.startswith("This file is 6.")
    assert "an image may be at most 5.0\xa0MB" in message
    assert stored_files(media_root) == []


def test_an_image_of_exactly_5_mb_is_not_refused_for_its_size():
    content = image_bytes("PNG", (300, 200))
    padded = content + b"\0" * (images.MAX_BYTES - len(content))

    image = store(content=padded)

    assert image.width == 300


@pytest.mark.parametrize(
    ("content", "shown"),
    [
        (image_bytes("PNG", (1, 1)), "1 x 1"),
        (image_bytes("PNG", (239, 900)), "239 x 900"),
        (image_bytes("JPEG", (900, 179)), "900 x 179"),
        # Upright is what counts: 600 x 200 on its side is 200 wide.
        (jpeg_with_gps(size=(600, 200), orientation=6), "200 x 600"),
    ],
    ids=["1x1", "narrow", "low", "upright-narrow"],
)
def test_an_image_smaller_than_a_card_is_refused(content, shown, media_root):
    assert_refused(
        content,
        f"This image is {shown} pixels; a photo must be at least 240 pixels "
        "wide and 180 high to show clearly. Upload a larger one (a phone's "
        "photo is large enough).",
        media_root,
    )


def test_an_image_the_size_of_a_card_is_taken():
    image = store(content=image_bytes("PNG", (240, 180)))

    assert (image.width, image.height) == (240, 180)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        pytest.param(
            image_bytes("GIF", (300, 200), mode="P", color=1), "a.gif", id="gif"
        ),
        pytest.param(image_bytes("BMP", (300, 200)), "a.png", id="bmp-renamed"),
        pytest.param(image_bytes("TIFF", (300, 200)), "a.jpg", id="tiff-renamed"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a.webp", id="pdf"),
        pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "a.png", id="svg"),
    ],
)
def test_files_that_are_not_png_jpeg_or_webp_are_refused(content, name, media_root):
    assert_refused(content, images.NOT_AN_IMAGE, media_root, name)


def test_an_empty_file_is_refused(media_root):
    assert_refused(b"", images.EMPTY, media_root)


@pytest.mark.parametrize(
    "size",
    [
        pytest.param((30_000, 30_000), id="beyond-pillows-limit"),
        pytest.param((8_000, 6_000), id="beyond-the-sites-limit"),
    ],
)
def test_a_decompression_bomb_is_refused_cleanly(size, media_root):
    exercise = ExerciseFactory()

    with pytest.raises(ValidationError) as refused:
        store(exercise, png_bomb(*size))

    (message,) = refused.value.messages
    assert "an image may have at most 40 million" in message
    assert stored_files(media_root) == []


def test_a_truncated_jpeg_is_refused_as_damaged(media_root):
    whole = jpeg_with_gps()

    assert_refused(whole[: len(whole) // 2], images.DAMAGED, media_root, "cut.jpg")


# What is stored ----------------------------------------------------------------


def test_exif_gps_xmp_and_the_colour_profile_do_not_survive(media_root):
    original = jpeg_with_gps()
    assert CAMERA.encode() in original

    image = store(content=original, name="IMG_0042.jpg")

    assert stored_files(media_root)
    for field in (image.card, image.card_2x, image.page, image.page_2x):
        stored = opened(field)
        assert stored.format == "WEBP"
        assert dict(stored.getexif()) == {}
        assert stored.getexif().get_ifd(0x8825) == {}
        assert not {"exif", "xmp", "icc_profile"} & set(stored.info)
        with field.open("rb") as file:
            data = file.read()
        assert webp_chunks(data) <= PIXEL_CHUNKS
        assert CAMERA.encode() not in data
        assert b"PsoasTestXMP" not in data


def test_the_exif_orientation_is_applied():
    # Left red, right blue, stored on its side: orientation 6 says "turn 90
    # degrees clockwise to show", so upright the red half is on top.
    image = store(content=jpeg_with_gps(size=(1200, 900), orientation=6))

    assert (image.width, image.height) == (900, 1200)
    page = opened(image.page).convert("RGB")
    assert page.size == (600, 800)
    top = page.getpixel((300, 100))
    bottom = page.getpixel((300, 700))
    assert top[0] > 150 and top[2] < 100
    assert bottom[2] > 150 and bottom[0] < 100


def test_renditions_fit_their_boxes_and_are_never_enlarged():
    big = store(content=image_bytes("PNG", (1200, 900)))
    small = store(content=image_bytes("PNG", (300, 200)))

    sizes = {
        name: opened(getattr(big, name)).size
        for name in ("card", "card_2x", "page", "page_2x")
    }
    assert sizes == {
        "card": (240, 180),
        "card_2x": (480, 360),
        "page": (800, 600),
        "page_2x": (1200, 900),
    }
    assert (big.card_size, big.page_size) == ((240, 180), (800, 600))
    assert opened(small.card).size == (240, 160)
    assert opened(small.card_2x).size == opened(small.page).size == (300, 200)
    assert not small.page_2x
    assert small.srcset() == f"{small.card.url} 240w, {small.card_2x.url} 300w"


@pytest.mark.parametrize(
    "size",
    [(240, 180), (300, 200), (300, 400), (480, 360), (800, 600), (1200, 900)],
)
def test_srcset_never_gives_a_width_twice(size):
    image = store(content=image_bytes("PNG", size))

    widths = [int(width) for width in re.findall(r" (\d+)w", image.srcset())]
    stored = {
        opened(getattr(image, name)).size[0]
        for name in ("card", "card_2x", "page", "page_2x")
        if getattr(image, name)
    }
    # Each stored width once: nothing offered twice, nothing lost.
    assert sorted(widths) == sorted(stored)


def test_a_png_with_alpha_keeps_its_transparency():
    content = image_bytes("PNG", (400, 300), mode="RGBA", color=(0, 120, 0, 0))

    image = store(content=content)

    page = opened(image.page)
    assert page.mode == "RGBA"
    assert page.getpixel((10, 10))[3] == 0


def test_a_webp_is_accepted():
    image = store(content=image_bytes("WEBP", (640, 480)), name="stretch.webp")

    assert (image.width, image.height) == (640, 480)
    assert opened(image.page).size == (640, 480)


def test_names_are_random_and_do_not_come_from_the_upload():
    first = store(content=image_bytes(), name="maria-home-address.png")
    second = store(content=image_bytes(), name="maria-home-address.png")

    names = first.file_names() + second.file_names()
    assert len(set(names)) == len(names) == 8
    assert all("maria" not in name for name in names)
    assert all(name.startswith("exercise-images/") for name in names)
    assert all(name.endswith(".webp") for name in names)
    # One 32-hex-digit token per upload, shared by its renditions.
    tokens = {name.split("/")[1].split("-")[0] for name in names}
    assert len(tokens) == 2
    assert all(len(token) == 32 for token in tokens)


@pytest.mark.parametrize(
    "alt", ["A", "Hip", "Knee down", "Kneeling", "Half-kneeling-on-a-cushion"]
)
def test_alt_text_of_less_than_a_few_words_is_refused(alt, media_root):
    with pytest.raises(ValidationError) as refused:
        store(alt_text=alt)

    assert refused.value.messages == [
        "Describe the position the photo shows in a few words (at least 10 "
        "characters and 2 words), for example \u201cHalf-kneeling on a cushion, "
        "right knee down, pelvis tucked under\u201d."
    ]
    assert not ExerciseImage.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize("alt", ["Hips lifted", "Knee down, hips forward"])
def test_a_short_description_of_the_position_is_taken(alt):
    assert store(alt_text=alt).alt_text == alt


@pytest.mark.parametrize(
    "alt", ["image", "Image of exercise", "A photo of the stretch", "picture."]
)
def test_alt_text_that_only_says_image_is_refused(alt, media_root):
    with pytest.raises(ValidationError) as refused:
        store(alt_text=alt)

    assert "Describe the position the photo shows" in refused.value.messages[0]
    assert not ExerciseImage.objects.exists()
    assert stored_files(media_root) == []


def test_the_database_refuses_a_photo_without_alt_text():
    from django.db import IntegrityError, transaction

    image = store()
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseImage.objects.filter(pk=image.pk).update(alt_text="")


def test_deleting_a_photo_deletes_its_files(
    media_root, django_capture_on_commit_callbacks
):
    image = store()
    kept = store()
    assert len(stored_files(media_root)) == 8

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    assert stored_files(media_root) == sorted(kept.file_names())


def test_deleting_an_exercise_deletes_its_photos_files(
    media_root, django_capture_on_commit_callbacks
):
    exercise = ExerciseFactory()
    store(exercise)
    store(exercise)

    with django_capture_on_commit_callbacks(execute=True):
        exercise.delete()

    assert stored_files(media_root) == []


# The admin -----------------------------------------------------------------------


def change_page(client, exercise):
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return url, page_data(response), response


def add_photo_row(data: dict, exercise, file, alt: str = ALT, caption: str = ""):
    index = int(data["images-TOTAL_FORMS"])
    data["images-TOTAL_FORMS"] = str(index + 1)
    data.update(
        {
            f"images-{index}-id": "",
            f"images-{index}-exercise": str(exercise.pk),
            f"images-{index}-order": "",
            f"images-{index}-image": file,
            f"images-{index}-alt_text": alt,
            f"images-{index}-caption": caption,
        }
    )


def photo_form(response, index: int = 0):
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is ExerciseImage
    ]
    return formset.forms[index]


@pytest.fixture
def exercise():
    return Exercise.objects.get(slug="hip-flexor-stretch")


def test_the_content_editors_group_holds_every_photo_permission():
    group = Group.objects.get(name=CONTENT_EDITORS_GROUP)

    held = set(
        group.permissions.filter(content_type__model="exerciseimage").values_list(
            "codename", flat=True
        )
    )
    assert held == PHOTO_PERMISSIONS


def test_an_editor_uploads_a_photo_and_it_comes_back_without_gps(
    editor_client, exercise, media_root
):
    url, data, _ = change_page(editor_client, exercise)
    add_photo_row(
        data,
        exercise,
        upload("IMG_0042.jpg", jpeg_with_gps(), "image/jpeg"),
        ALT,
        "Start: the pelvis tucked under.",
    )

    response = editor_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND, photo_form(response).errors
    assert response["Location"] == CHANGELIST
    (image,) = exercise.images.all()
    assert (image.order, image.alt_text, image.caption) == (
        1,
        ALT,
        "Start: the pelvis tucked under.",
    )
    assert sorted(image.file_names()) == stored_files(media_root)
    for field in (image.card, image.page):
        stored = opened(field)
        assert dict(stored.getexif()) == {}
        assert stored.getexif().get_ifd(0x8825) == {}
    # The change page shows a small preview of it.
    _, _, again = change_page(editor_client, exercise)
    html = again.content.decode()
    assert f'src="{image.card.url}"' in html
    assert f'alt="{ALT}"' in html


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        pytest.param(
            b"Remember: knee on the cushion.\n" * 20,
            "notes.png",
            "This file is not a PNG, JPEG or WebP image.",
            id="renamed-text",
        ),
        pytest.param(
            image_bytes("GIF", (300, 200), mode="P", color=1),
            "moving.gif",
            "This file is not a PNG, JPEG or WebP image.",
            id="gif",
        ),
        pytest.param(
            png_bomb(),
            "bomb.png",
            "an image may have at most 40 million",
            id="bomb",
        ),
        pytest.param(
            image_bytes("JPEG", (1, 1)),
            "dot.jpg",
            "a photo must be at least 240 pixels wide and 180 high",
            id="1x1",
        ),
    ],
)
def test_a_refused_file_gets_its_message_next_to_the_field_and_nothing_is_stored(
    editor_client, exercise, media_root, content, name, message
):
    url, data, _ = change_page(editor_client, exercise)
    title = exercise.title
    add_photo_row(data, exercise, upload(name, content))
    data["title"] = "Changed title"

    response = editor_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    errors = photo_form(response).errors
    assert list(errors) == ["image"]
    assert message in errors["image"][0]
    html = response.content.decode()
    assert message in html
    # The message sits in the photo's own field row, not only in a summary.
    field_row = html.split('class="form-row field-image', 1)[1].split("</div>\n", 3)
    assert message in "".join(field_row[:3])
    assert not ExerciseImage.objects.exists()
    assert stored_files(media_root) == []
    exercise.refresh_from_db()
    assert exercise.title == title


def test_the_minimum_size_and_a_short_alt_text_are_told_next_to_their_fields(
    editor_client, exercise, media_root
):
    url, data, page = change_page(editor_client, exercise)
    # Before any upload, the file's help says how large a photo must be.
    assert "at least 240 x 180 pixels" in page.content.decode()
    add_photo_row(data, exercise, upload("photo.png", image_bytes()), alt="A")

    response = editor_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    errors = photo_form(response).errors
    assert list(errors) == ["alt_text"]
    assert "at least 10 characters and 2 words" in errors["alt_text"][0]
    html = response.content.decode()
    field_row = html.split('class="form-row field-alt_text', 1)[1].split("</div>\n", 3)
    assert "at least 10 characters and 2 words" in "".join(field_row[:3])
    assert not ExerciseImage.objects.exists()
    assert stored_files(media_root) == []


def test_a_6_mb_upload_in_the_admin_is_refused(editor_client, exercise, media_root):
    url, data, _ = change_page(editor_client, exercise)
    big = image_bytes("PNG", (10, 10)) + b"\0" * (6 * 1024 * 1024)
    add_photo_row(data, exercise, upload("big.png", big))

    response = editor_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    assert (
        "an image may be at most 5.0\xa0MB" in photo_form(response).errors["image"][0]
    )
    assert stored_files(media_root) == []


def test_a_new_photo_needs_a_file_and_alt_text(editor_client, exercise, media_root):
    url, data, _ = change_page(editor_client, exercise)
    add_photo_row(data, exercise, "", alt="", caption="A caption alone")

    response = editor_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    errors = photo_form(response).errors
    assert errors["image"] == ["Choose a photo to upload."]
    assert errors["alt_text"] == ["This field is required."]
    assert not ExerciseImage.objects.exists()


def test_replacing_a_photos_file_deletes_the_old_files(
    editor_client, exercise, media_root, django_capture_on_commit_callbacks
):
    image = store(exercise)
    old = image.file_names()
    url, data, _ = change_page(editor_client, exercise)
    data["images-0-image"] = upload("new.webp", image_bytes("WEBP", (500, 500)))

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == CHANGELIST
    image.refresh_from_db()
    assert (image.width, image.height, image.alt_text) == (500, 500, ALT)
    assert not set(old) & set(image.file_names())
    assert stored_files(media_root) == sorted(image.file_names())


def test_an_editor_deletes_a_photo_and_its_files_go(
    editor_client, exercise, media_root, django_capture_on_commit_callbacks
):
    store(exercise)
    url, data, _ = change_page(editor_client, exercise)
    data["images-0-DELETE"] = "on"

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == CHANGELIST
    assert not ExerciseImage.objects.exists()
    assert stored_files(media_root) == []


def test_staff_without_the_group_are_refused_the_exercise_pages(client, exercise):
    client.force_login(UserFactory(is_staff=True))

    for url in (
        reverse("admin:exercises_exercise_add"),
        reverse("admin:exercises_exercise_change", args=[exercise.pk]),
    ):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert b"Access refused" in response.content
        assert b'name="images-' not in response.content


def test_staff_who_may_edit_exercises_but_not_photos_cannot_upload(
    client, exercise, media_root
):
    """Rights on exercises alone (every one but the photos'): the change page
    has no photo inline, and a forged upload is ignored."""
    staff = UserFactory(is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(content_type__app_label="exercises").exclude(
            content_type__model="exerciseimage"
        )
    )
    client.force_login(staff)
    url, data, response = change_page(client, exercise)
    assert "images-TOTAL_FORMS" not in data
    assert 'name="images-' not in response.content.decode()
    data.update(
        {
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
            "images-MIN_NUM_FORMS": "0",
            "images-MAX_NUM_FORMS": "1000",
        }
    )
    add_photo_row(data, exercise, upload("a.png", image_bytes()))

    response = client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == CHANGELIST
    assert not ExerciseImage.objects.exists()
    assert stored_files(media_root) == []


def test_a_superuser_can_upload(superuser_client, exercise):
    url, data, _ = change_page(superuser_client, exercise)
    add_photo_row(data, exercise, upload("a.png", image_bytes()))

    response = superuser_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == CHANGELIST
    assert exercise.images.count() == 1


# The pages ---------------------------------------------------------------------


def img_tags(html: str) -> list[str]:
    return re.findall(r"<img [^>]*>", html)


def test_the_exercise_page_shows_each_photo_with_its_alt_text_and_caption(client):
    exercise = ExerciseFactory()
    first = store(exercise, image_bytes("PNG", (1200, 900)), caption="The start")
    store(exercise, image_bytes("PNG", (300, 400)), alt_text="Hips lifted")

    response = client.get(exercise.get_absolute_url())

    html = response.content.decode()
    assert_accessible_page(html)
    section = html.split('aria-labelledby="photos-title"', 1)[1].split("</section>")[0]
    assert '<h2 id="photos-title">Photos</h2>' in section
    tags = img_tags(section)
    assert len(tags) == 2
    assert f'src="{first.page.url}"' in tags[0]
    assert 'width="800" height="600"' in tags[0]
    assert f'alt="{ALT}"' in tags[0]
    assert 'loading="lazy"' in tags[0]
    assert (
        f'srcset="{first.card.url} 240w, {first.card_2x.url} 480w, '
        f'{first.page.url} 800w, {first.page_2x.url} 1200w"'
    ) in tags[0]
    assert 'width="300" height="400"' in tags[1]
    assert 'alt="Hips lifted"' in tags[1]
    assert section.count("<figure") == 2
    assert section.count("<figcaption>") == 1
    assert "<figcaption>The start</figcaption>" in section
    # After the starting position, before the steps.
    assert html.index("start-title") < html.index("photos-title")
    assert html.index("photos-title") < html.index("steps-title")


def test_an_exercise_without_photos_has_no_photo_section(client):
    exercise = ExerciseFactory()

    html = client.get(exercise.get_absolute_url()).content.decode()

    assert "photos-title" not in html
    assert "exercise-photo" not in html


def test_a_drafts_preview_shows_its_photos(editor_client):
    draft = ExerciseFactory(is_published=False)
    photo = store(draft)

    response = editor_client.get(
        reverse("exercises:exercise-preview", args=[draft.slug])
    )

    assert response.status_code == HTTPStatus.OK
    assert f'src="{photo.page.url}"' in response.content.decode()


def test_cards_show_the_first_photo_small_and_hidden_from_screen_readers(client):
    with_photos = ExerciseFactory(title="Has photos")
    without = ExerciseFactory(title="Has none")
    first = store(with_photos, image_bytes("PNG", (1200, 900)), order=1)
    store(with_photos, image_bytes("PNG", (600, 600)), order=2)
    routine = RoutineFactory()
    RoutineItemFactory(routine=routine, exercise=with_photos, order=1)
    RoutineItemFactory(routine=routine, exercise=without, order=2)

    for url in (reverse("exercises:exercise-list"), routine.get_absolute_url()):
        html = client.get(url).content.decode()
        assert_accessible_page(html)
        thumbs = [tag for tag in img_tags(html) if 'class="card-photo"' in tag]
        assert len(thumbs) == 1, url
        assert f'src="{first.card.url}"' in thumbs[0]
        assert 'width="240" height="180"' in thumbs[0]
        assert 'alt=""' in thumbs[0]
        assert 'loading="lazy"' in thumbs[0]
        assert 'class="card-photo"' in card_of(html, "Has photos")
        assert "<img" not in card_of(html, "Has none")


def card_of(html: str, title: str) -> str:
    """The markup of the card (an <li class="card">) whose heading is `title`."""
    cards = re.findall(r'<li class="card">.*?</li>', html, flags=re.S)
    return next(card for card in cards if f">{title}</a>" in card)


def test_a_card_shows_the_drawing_not_the_photo_when_there_are_both(client):
    drawn = ExerciseFactory(title="Drawn and photographed", drawing="bird-dog")
    store(drawn)
    routine = RoutineFactory()
    RoutineItemFactory(routine=routine, exercise=drawn, order=1)

    for url in (reverse("exercises:exercise-list"), routine.get_absolute_url()):
        card = card_of(client.get(url).content.decode(), "Drawn and photographed")
        assert 'class="figure-card"' in card
        assert "card-photo" not in card


@pytest.mark.parametrize("size", [2, 12])
def test_pages_with_photos_take_the_same_queries_at_any_size(
    client, django_assert_num_queries, size
):
    routine = RoutineFactory()
    exercises = ExerciseFactory.create_batch(size)
    for order, exercise in enumerate(exercises, start=1):
        RoutineItemFactory(routine=routine, exercise=exercise, order=order)
        ExerciseImage.objects.bulk_create(
            ExerciseImage(
                exercise=exercise,
                order=number,
                alt_text=ALT,
                width=1200,
                height=900,
                card=f"exercise-images/{exercise.pk}-{number}-card.webp",
                page=f"exercise-images/{exercise.pk}-{number}-page.webp",
            )
            for number in range(1, size + 1)
        )

    with django_assert_num_queries(2):
        listed = client.get(reverse("exercises:exercise-list"))
    with django_assert_num_queries(3):
        shown = client.get(exercises[0].get_absolute_url())
    with django_assert_num_queries(3):
        routine_page = client.get(routine.get_absolute_url())

    assert listed.content.decode().count('class="card-photo"') == size
    assert shown.content.decode().count('class="exercise-photo"') == size
    assert routine_page.content.decode().count('class="card-photo"') == size
