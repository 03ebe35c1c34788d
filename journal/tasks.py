"""The journal's background tasks (Django's tasks API, run by `db_worker`)."""

from django.tasks import task

from .reminders import delivery


@task
def reminder_send(delivery_id: int) -> str:
    """Send (or skip) one due reminder; safe to run twice or after a worker
    died mid-send (journal.reminders.delivery.deliver)."""
    return delivery.deliver(delivery_id)
