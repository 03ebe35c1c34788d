"""The audit log moves from psoasapp to core without touching its table: the
model is created here in Django's state only, on the table psoasapp made
(psoasapp 0002), and psoasapp 0003 removes it from psoasapp's state.

The content type row moves with it, so the permissions on audit events (and
anything else pointing at that row) keep their meaning. A fresh database has
no such row yet: the update finds nothing, and `migrate` creates core's row
afterwards as for any model."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import IntegrityError, migrations, models, transaction


def _relabel(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    try:
        with transaction.atomic(using=db):
            ContentType.objects.db_manager(db).filter(
                app_label=old, model="auditevent"
            ).update(app_label=new)
    except IntegrityError:
        # A row for the new label exists already (made by an earlier run):
        # leave both, as Django's own content type renames do;
        # `remove_stale_contenttypes` offers to clean up the old one.
        pass
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, "psoasapp", "core")


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, "core", "psoasapp")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("psoasapp", "0002_consent_audit"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AuditEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('action', models.CharField(choices=[('login', 'Logged in'), ('login_failed', 'Failed login'), ('access_refused', "Refused access to another user's object"), ('staff_view', 'Staff viewed health data'), ('account_export', 'Downloaded their data'), ('account_delete', 'Deleted their account')], max_length=20)),
                        ('user_ref', models.CharField(blank=True, help_text="The account's number.", max_length=40, verbose_name='account')),
                        ('ip_address', models.GenericIPAddressField(blank=True, null=True)),
                        ('path', models.CharField(blank=True, max_length=500)),
                        ('target', models.CharField(blank=True, help_text='What was viewed or refused.', max_length=200)),
                        ('detail', models.CharField(blank=True, max_length=500)),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'psoasapp_auditevent',
                        'ordering': ['-at', '-pk'],
                        'indexes': [models.Index(fields=['action', '-at'], name='audit_action_at')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
