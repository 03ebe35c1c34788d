"""Audit events written before paths were scrubbed (core.audit.audit_path)
lose the secrets in their paths too: the email-confirmation key, the password
reset's account and key, and every query-string value. A copy of the rule for
the addresses allauth uses, since a migration never runs live code; the live
rule resolves each path instead. Nothing to undo: the secrets are gone."""

import re

from django.db import migrations
from django.db.models import Q

_CONFIRM = re.compile(r"/confirm-email/[^/?]+/")
_RESET = re.compile(r"/password/reset/key/(?!done/)[^/?]+/")
_QUERY_NAME = re.compile(r"(?:^|&)([^=&]*)")


def _scrub(path: str) -> str:
    path, mark, query = path.partition("?")
    path = _CONFIRM.sub("/confirm-email/:key/", path)
    path = _RESET.sub("/password/reset/key/:uidb36-:key/", path)
    if mark:
        names = [name for name in _QUERY_NAME.findall(query) if name]
        if names:
            path += "?" + "&".join(f"{name}=:value" for name in names)
    return path


def scrub_paths(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    db = schema_editor.connection.alias
    suspects = AuditEvent.objects.using(db).filter(
        Q(path__contains="/confirm-email/")
        | Q(path__contains="/password/reset/key/")
        | Q(path__contains="?")
    )
    for pk, path in suspects.values_list("pk", "path").iterator():
        if (clean := _scrub(path)) != path:
            AuditEvent.objects.using(db).filter(pk=pk).update(path=clean[:500])


class Migration(migrations.Migration):
    dependencies = [("core", "0002_healthprobe")]

    operations = [
        migrations.RunPython(scrub_paths, migrations.RunPython.noop, elidable=True),
    ]
