from django.db import models


class ContentVersion(models.Model):
    """The content's version: a token the database changes by itself on every
    insert, update or delete of the content members see (routines and their
    items, exercises, their steps and photos, the guide's sections, tips and
    warning signs), whichever way the row is written: the admin, a bulk
    action's QuerySet.update, a migration, raw SQL. Triggers (migration 0009)
    write it; nothing in the code has to remember to.

    A page that keeps what it drew (exercises.cache, the journal's kept pages)
    reads the token in its first query (selectors.content_version_sql) and
    keeps the page under it. The token is random, not a count: restoring a
    backup brings back the token of the content it restores, so a page kept
    under a token always shows the content that token was written with.

    One row, id 1."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=32)

    class Meta:
        db_table = "exercises_contentversion"
        # Nobody edits it, not even in the admin: the database writes it.
        default_permissions = ()

    def __str__(self) -> str:
        return f"Content version {self.token}"
