import secrets
from collections.abc import Iterable

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction

from . import content
from .images import Renditions, image_renditions
from .models import Exercise, ExerciseImage

RENDITION_FIELDS = ("card", "card_2x", "page", "page_2x")


@transaction.atomic
def seed_content_load() -> dict[str, int]:
    """Add any seed content that is missing; never change or duplicate rows."""
    return content.load_seed(apps)


def exercise_image_files_attach(
    *, image: ExerciseImage, renditions: Renditions
) -> list[str]:
    """Write `renditions` to the storage under new random names and point
    `image`'s fields (unsaved) at them. Returns the names of the files the
    image had before, for `exercise_image_files_delete` once the row is saved.

    The names share one random token per upload (128 bits), so they cannot be
    guessed from the original file's name and a name never holds other
    content: pages may tell browsers to cache them for ever."""
    replaced = image.file_names()
    token = secrets.token_hex(16)
    image.width, image.height = renditions.width, renditions.height
    for field in RENDITION_FIELDS:
        rendition = renditions.files.get(field)
        if rendition is None:
            setattr(image, field, "")
            continue
        suffix = field.replace("_", "-")
        getattr(image, field).save(
            f"{token}-{suffix}.webp", ContentFile(rendition.content), save=False
        )
    return replaced


def exercise_image_files_delete(*, names: Iterable[str]) -> None:
    """Delete stored files once the current transaction commits (at once
    outside one): a rolled-back change keeps the files its rows point to."""
    names = [name for name in names if name]
    if not names:
        return

    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


def exercise_image_store(
    *,
    exercise: Exercise,
    upload,
    alt_text: str,
    caption: str = "",
    order: int | None = None,
) -> ExerciseImage:
    """Check an uploaded file (exercises.images: ValidationError with a message
    for the field when refused), store its renditions and add the photo to
    `exercise`, at the end unless `order` is given. Nothing is stored when the
    upload or the row is refused."""
    renditions = image_renditions(upload)
    with transaction.atomic():
        if order is None:
            highest = exercise.images.aggregate(highest=models.Max("order"))
            order = (highest["highest"] or 0) + 1
        image = ExerciseImage(
            exercise=exercise, alt_text=alt_text, caption=caption, order=order
        )
        written: list[str] = []
        try:
            exercise_image_files_attach(image=image, renditions=renditions)
            written = image.file_names()
            image.full_clean()
            image.save()
        except BaseException:
            for name in written or image.file_names():
                default_storage.delete(name)
            raise
    return image
