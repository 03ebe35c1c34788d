"""Reminders by email and a private calendar feed.

- `rules`: the pure rules (default days, when a reminder is due, whether it is
  still needed), one place for each.
- `schedule`: the periodic step (`manage.py send_reminders`): makes the day's
  due deliveries, once each, and queues a task for each (journal.tasks).
- `delivery`: the task's body, run by a worker: claims a delivery, skips it or
  sends its email, and marks it.
- `links`: the signed one-click unsubscribe link.
- `feed`: the iCalendar feed.
"""
