from django.db import models


class JournalVersion(models.Model):
    """How many times a user's journal has changed: the tag of their cached
    dashboard (journal/cache.py).

    The database moves it, not the code: triggers (migration 0007) add one on
    every insert, update or delete of the user's plan, check-ins, sessions and
    session exercises, whichever way the row is written (a service, the admin,
    a shell, QuerySet.update, bulk_create, raw SQL). Nothing has to remember to
    call anything, and a new journal table without the triggers (or, on SQLite,
    one whose migration remade the table and so dropped them) fails
    tests/journal/test_dashboard_cache.py.

    `user_id` is not a foreign key: the triggers write it while the user's rows
    are deleted with the account, before the user is, so a constraint would
    refuse the deletion; services.account_forget drops the row afterwards."""

    user_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        db_table = "journal_version"

    def __str__(self) -> str:
        return f"Journal version {self.version} of user #{self.user_id}"
