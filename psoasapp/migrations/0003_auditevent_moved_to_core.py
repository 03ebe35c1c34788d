"""The audit log now belongs to core (core/migrations/0001_auditevent_from_psoasapp.py):
psoasapp forgets the model in Django's state only; the table stays, core's."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('psoasapp', '0002_consent_audit'),
        ('core', '0001_auditevent_from_psoasapp'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='AuditEvent')],
            database_operations=[],
        ),
    ]
