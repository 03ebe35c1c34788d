"""Issue 12: the seeded quiz introduction said "Five short questions", which
stops being true when staff add a question. The page shows the count from the
questions themselves; the introduction no longer repeats it.

An introduction staff have edited is left alone: only the text still exactly as
seeded is replaced. The texts are copies, as a migration must not import app
code."""

from django.db import migrations

SLUG = "iliopsoas-pain"
OLD = (
    "Five short questions on what the guide covers: causes, exercises, "
    "recovery and when to seek medical attention. You will see the right "
    "answers and why once you submit."
)
NEW = (
    "Short questions on what the guide covers: causes, exercises, recovery "
    "and when to seek medical attention. You will see the right answers and "
    "why once you submit."
)


def forwards(apps, schema_editor):
    Quiz = apps.get_model("quiz", "Quiz")
    Quiz.objects.filter(slug=SLUG, introduction=OLD).update(introduction=NEW)


def backwards(apps, schema_editor):
    Quiz = apps.get_model("quiz", "Quiz")
    Quiz.objects.filter(slug=SLUG, introduction=NEW).update(introduction=OLD)


class Migration(migrations.Migration):
    dependencies = [("quiz", "0003_content_editors_manage_quizzes")]

    operations = [migrations.RunPython(forwards, backwards)]
