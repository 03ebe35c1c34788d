"""Issue 20: the share links page counted a link's opens and read its newest
by scanning every "opened a shared report" event of the site (the bench's link,
opened some 3,000 times, made the page 6 ms). An index of the action, the
target and the time lets it count them in the index and read the newest 20
alone."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_audit_share_actions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                fields=["action", "target", "-at", "-id"], name="audit_action_target_at"
            ),
        ),
    ]
