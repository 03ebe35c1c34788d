from django.db import migrations

from exercises.content import grant_content_editors


def grant(apps, schema_editor):
    grant_content_editors(apps, "exercises")


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0002_seed_content"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
