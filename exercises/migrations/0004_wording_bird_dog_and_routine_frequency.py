"""Issue 12: the recovery tip no longer calls the bird dog a stretch, and the
default routine says three times a week (the journal's default weekly target)
instead of "daily".

Rows staff have edited are left alone: only text still exactly as seeded is
replaced. The texts are copies, as a migration must not import app code."""

from django.db import migrations

TIP_OLD = (
    "Gentle stretching exercises can help improve flexibility and reduce muscle "
    "tightness. Focus on stretches that target the iliopsoas, such as the hip "
    "flexor stretch and the bird dog stretch."
)
TIP_NEW = (
    "Gentle stretching exercises can help improve flexibility and reduce muscle "
    "tightness. Focus on stretches that target the iliopsoas, such as the hip "
    "flexor stretch, alongside strengthening exercises such as the bird dog."
)
ROUTINE_SLUG = "iliopsoas-relief"
ROUTINE_REST = (
    "recommends: a stretch to improve the flexibility of the iliopsoas, a core "
    "strengthening exercise, and a stabilization drill for the glutes and "
    "hamstrings.\n\n"
    "It starts at the lower end of each exercise's dose. Progress gradually, "
    "and stop any exercise that makes your pain worse."
)
ROUTINE_OLD = "A short daily routine combining the three kinds of exercise the guide " + (
    ROUTINE_REST
)
ROUTINE_NEW = (
    "A short routine to do three times a week, combining the three kinds of "
    "exercise the guide " + ROUTINE_REST
)


def _replace(apps, tip_from: str, tip_to: str, routine_from: str, routine_to: str):
    Tip = apps.get_model("exercises", "Tip")
    Routine = apps.get_model("exercises", "Routine")
    Tip.objects.filter(body=tip_from).update(body=tip_to)
    Routine.objects.filter(slug=ROUTINE_SLUG, description=routine_from).update(
        description=routine_to
    )


def forwards(apps, schema_editor):
    _replace(apps, TIP_OLD, TIP_NEW, ROUTINE_OLD, ROUTINE_NEW)


def backwards(apps, schema_editor):
    _replace(apps, TIP_NEW, TIP_OLD, ROUTINE_NEW, ROUTINE_OLD)


class Migration(migrations.Migration):
    dependencies = [("exercises", "0003_content_editors_group")]

    operations = [migrations.RunPython(forwards, backwards)]
