from django.conf import settings
from django.core.management.base import BaseCommand

from core.maintenance import CHORES


class Command(BaseCommand):
    help = (
        "The daily chores, each printing a count: "
        + "; ".join(label for label, _ in CHORES)
        + ". Safe to run at any time and as often as you like."
    )

    def handle(self, *args, **options) -> None:
        for label, chore in CHORES:
            count = chore()
            shown = (
                "done (this session engine does not count)" if count is None else count
            )
            self.stdout.write(f"{label.capitalize()}: {shown}")
        self.stdout.write(
            f"Audit events are kept {settings.AUDIT_RETENTION_DAYS} days "
            "(DJANGO_AUDIT_RETENTION_DAYS)."
        )
