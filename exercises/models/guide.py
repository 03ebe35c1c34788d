from django.db import models
from django.urls import reverse

from .base import PublishedQuerySet

# The section that journal alerts, exercise pages and the footer link to.
SEEK_HELP_SLUG = "when-to-seek-medical-attention"


class GuideSection(models.Model):
    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.CharField(
        max_length=240, help_text="One sentence shown in the guide's contents."
    )
    body = models.TextField(
        blank=True, help_text="Plain text; leave a blank line between paragraphs."
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField("published", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exercises:guide-section", kwargs={"slug": self.slug})


class Tip(models.Model):
    class Category(models.TextChoices):
        PREVENTION = "prevention", "Prevention"
        RECOVERY = "recovery", "Recovery"

    section = models.ForeignKey(
        GuideSection, on_delete=models.CASCADE, related_name="tips"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    title = models.CharField(max_length=120)
    body = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["section", "category", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "category", "order"], name="tip_order_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class WarningSign(models.Model):
    """A reason to see a healthcare professional, from the guide."""

    section = models.ForeignKey(
        GuideSection, on_delete=models.CASCADE, related_name="warning_signs"
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="Stable name other parts of the site use; do not change it.",
    )
    title = models.CharField(max_length=120)
    body = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "order"], name="warning_sign_order_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.section.get_absolute_url() + f"#{self.slug}"
