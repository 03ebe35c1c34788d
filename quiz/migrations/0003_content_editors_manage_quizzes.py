"""Content editors manage the quiz's content (quizzes, questions, choices),
never the attempts, which are users' data. The group's name and the code are
copies of exercises' 0003 (a migration does not import app code)."""

from django.db import migrations

CONTENT_EDITORS_GROUP = "Content editors"


def grant_content_editors(
    apps, app_label: str, model_names: list[str] | None = None
) -> None:
    """Give the Content editors group every permission on `app_label`'s models
    (only `model_names`, when given: an app may also hold users' data).

    Permissions are normally created after migrations run; create them now so
    that a fresh database has the group complete after `migrate`."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CONTENT_EDITORS_GROUP)
    permissions = Permission.objects.filter(content_type__app_label=app_label)
    if model_names is not None:
        permissions = permissions.filter(content_type__model__in=model_names)
    group.permissions.add(*permissions)


def grant(apps, schema_editor):
    # Quiz content only: attempts are users' data.
    grant_content_editors(apps, "quiz", ["quiz", "question", "choice"])


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0002_seed_quiz"),
        ("exercises", "0003_content_editors_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
