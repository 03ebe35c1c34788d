from django.db import migrations

from exercises.content import load_seed


def load(apps, schema_editor):
    load_seed(apps)


class Migration(migrations.Migration):
    dependencies = [("exercises", "0001_library_routines_guide")]

    # Reversing keeps the rows: they may hold staff edits by then.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
