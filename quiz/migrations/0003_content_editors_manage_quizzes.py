from django.db import migrations

from exercises.content import grant_content_editors


def grant(apps, schema_editor):
    # Quiz content only: attempts are users' data.
    grant_content_editors(apps, "quiz", ["quiz", "question", "choice"])


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0002_seed_quiz"),
        ("exercises", "0003_content_editors_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
