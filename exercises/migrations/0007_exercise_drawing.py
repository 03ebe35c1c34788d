"""Issue 17: an exercise names one of the project's drawings
(`exercises/figures/`), and the three seed exercises get theirs.

The choices and the slugs are copies, as a migration must not import app code.
An exercise whose drawing staff have already chosen keeps it; reversing
clears only what this migration set."""

from django.db import migrations, models

CHOICES = [
    ("hip-flexor-stretch", "Hip flexor stretch (half-kneeling)"),
    ("bird-dog", "Bird dog (on hands and knees)"),
    ("glute-bridge", "Glute bridge with one knee straightened"),
]
# (seed exercise slug, drawing)
SEED_DRAWINGS = [
    ("hip-flexor-stretch", "hip-flexor-stretch"),
    ("bird-dog", "bird-dog"),
    ("glute-bridge-with-hip-extension", "glute-bridge"),
]


def forwards(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    for slug, drawing in SEED_DRAWINGS:
        Exercise.objects.filter(slug=slug, drawing="").update(drawing=drawing)


def backwards(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    for slug, drawing in SEED_DRAWINGS:
        Exercise.objects.filter(slug=slug, drawing=drawing).update(drawing="")


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0006_drafts"),
    ]

    operations = [
        migrations.AddField(
            model_name="exercise",
            name="drawing",
            field=models.CharField(
                blank=True,
                choices=CHOICES,
                help_text="Which of the project's drawings shows this exercise",
                max_length=40,
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
