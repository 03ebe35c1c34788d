"""Issue 17: photos staff upload for an exercise, and the Content editors
group's permissions on them (content editors upload; nobody else does, besides
superusers).

The group's name and the granting code are copies of 0003's (a migration does
not import app code)."""

import django.db.models.deletion
from django.db import migrations, models

CONTENT_EDITORS_GROUP = "Content editors"
MODEL_NAMES = ["exerciseimage"]


def grant(apps, schema_editor):
    """Give the Content editors group every permission on the photos.

    Permissions are normally created after migrations run; create them now so
    that a fresh database has the group complete after `migrate`."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("exercises")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CONTENT_EDITORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="exercises", content_type__model__in=MODEL_NAMES
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=CONTENT_EDITORS_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="exercises",
                content_type__model__in=MODEL_NAMES,
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0007_exercise_drawing"),
        ("exercises", "0003_content_editors_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="ExerciseImage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("order", models.PositiveSmallIntegerField()),
                (
                    "alt_text",
                    models.CharField(
                        help_text="Read out to people who cannot see the photo. "
                        "Describe the position it shows (for example "
                        "\u201cHalf-kneeling on a cushion, right knee down, pelvis "
                        "tucked under\u201d), not \u201cimage of exercise\u201d.",
                        max_length=200,
                        verbose_name="alt text",
                    ),
                ),
                (
                    "caption",
                    models.CharField(
                        blank=True,
                        help_text="Shown under the photo on the exercise page; "
                        "optional.",
                        max_length=200,
                    ),
                ),
                ("width", models.PositiveIntegerField()),
                ("height", models.PositiveIntegerField()),
                (
                    "card",
                    models.FileField(max_length=200, upload_to="exercise-images"),
                ),
                (
                    "card_2x",
                    models.FileField(
                        blank=True, max_length=200, upload_to="exercise-images"
                    ),
                ),
                (
                    "page",
                    models.FileField(max_length=200, upload_to="exercise-images"),
                ),
                (
                    "page_2x",
                    models.FileField(
                        blank=True, max_length=200, upload_to="exercise-images"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "exercise",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="images",
                        to="exercises.exercise",
                    ),
                ),
            ],
            options={
                "verbose_name": "photo",
                "ordering": ["order"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("exercise", "order"),
                        name="exercise_image_order_unique",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("alt_text", ""), _negated=True),
                        name="exercise_image_alt_text_required",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("width__gte", 1), ("height__gte", 1)),
                        name="exercise_image_has_size",
                    ),
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
