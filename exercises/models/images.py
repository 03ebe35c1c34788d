import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from ..images import rendition_sizes
from .library import Exercise

# Folder of the stored renditions, below MEDIA_ROOT.
IMAGE_FOLDER = "exercise-images"

# Alt text that only says there is a picture: screen readers announce an image
# already, and "image of exercise" tells nobody the position.
_GENERIC_ALT = re.compile(
    r"^\s*(an?\s+|the\s+)?(image|photo|photograph|picture|pic|illustration)"
    r"(\s+of)?(\s+(an?|the))?(\s+(exercise|stretch|position|pose))?\s*\.?\s*$",
    re.IGNORECASE,
)


GENERIC_ALT_TEXT = (
    "Describe the position the photo shows (for example \u201cHalf-kneeling on "
    "a cushion, right knee down, pelvis tucked under\u201d): screen readers "
    "already say it is an image."
)


# A description of a position takes a few words: "A" or "Hip" describes none.
ALT_TEXT_MIN_CHARACTERS = 10
ALT_TEXT_MIN_WORDS = 2
SHORT_ALT_TEXT = (
    "Describe the position the photo shows in a few words (at least "
    f"{ALT_TEXT_MIN_CHARACTERS} characters and {ALT_TEXT_MIN_WORDS} words), for "
    "example \u201cHalf-kneeling on a cushion, right knee down, pelvis tucked "
    "under\u201d."
)


def alt_text_problem(text: str) -> str | None:
    """What is wrong with `text` as a photo's alt text, or None."""
    if _GENERIC_ALT.match(text):
        return GENERIC_ALT_TEXT
    words = text.split()
    if (
        len(" ".join(words)) < ALT_TEXT_MIN_CHARACTERS
        or len(words) < ALT_TEXT_MIN_WORDS
    ):
        return SHORT_ALT_TEXT
    return None


class ExerciseImage(models.Model):
    """A photo staff uploaded for an exercise, stored only as the renditions
    exercises.images makes (the upload itself is never kept). File names are
    random, so they cannot be guessed from the original's name and can be
    cached for ever; a new upload gets new names."""

    exercise = models.ForeignKey(
        Exercise, on_delete=models.CASCADE, related_name="images"
    )
    order = models.PositiveSmallIntegerField()
    alt_text = models.CharField(
        "alt text",
        max_length=200,
        help_text="Read out to people who cannot see the photo. Describe the "
        "position it shows (for example \u201cHalf-kneeling on a cushion, right "
        "knee down, pelvis tucked under\u201d), not \u201cimage of exercise\u201d.",
    )
    caption = models.CharField(
        max_length=200,
        blank=True,
        help_text="Shown under the photo on the exercise page; optional.",
    )
    # The upload's size once turned upright; each rendition's size follows
    # from it (exercises.images.rendition_sizes).
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    card = models.FileField(upload_to=IMAGE_FOLDER, max_length=200)
    card_2x = models.FileField(upload_to=IMAGE_FOLDER, max_length=200, blank=True)
    page = models.FileField(upload_to=IMAGE_FOLDER, max_length=200)
    page_2x = models.FileField(upload_to=IMAGE_FOLDER, max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order"]
        verbose_name = "photo"
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "order"], name="exercise_image_order_unique"
            ),
            models.CheckConstraint(
                condition=~Q(alt_text=""), name="exercise_image_alt_text_required"
            ),
            models.CheckConstraint(
                condition=Q(width__gte=1) & Q(height__gte=1),
                name="exercise_image_has_size",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise}: photo {self.order}"

    def clean(self) -> None:
        if self.alt_text and (problem := alt_text_problem(self.alt_text)):
            raise ValidationError({"alt_text": problem})

    def _size(self, name: str) -> tuple[int, int]:
        sizes = rendition_sizes(self.width, self.height)
        return sizes.get(name) or sizes[name.removesuffix("_2x")]

    @property
    def card_size(self) -> tuple[int, int]:
        return self._size("card")

    @property
    def page_size(self) -> tuple[int, int]:
        return self._size("page")

    def srcset(self) -> str:
        """Every rendition with its width, for <img srcset> with `sizes`; of
        two as wide (a small upload's card and page), only the first: a width
        given twice makes the srcset invalid."""
        entries: dict[int, str] = {}
        for name in ("card", "card_2x", "page", "page_2x"):
            file = getattr(self, name)
            width = self._size(name)[0]
            if file and width not in entries:
                entries[width] = f"{file.url} {width}w"
        return ", ".join(entries.values())

    def file_names(self) -> list[str]:
        """The stored files' names (relative to the storage)."""
        return [
            file.name
            for file in (self.card, self.card_2x, self.page, self.page_2x)
            if file
        ]
