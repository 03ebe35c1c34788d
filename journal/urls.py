from django.urls import path

from .views import dashboard, entries, reminders

app_name = "journal"

# Mounted at /journal/ by the root URLconf.
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("report/", dashboard.report, name="report"),
    path("plan/", entries.plan, name="plan"),
    path("plan/history/not-now/", entries.history_skip, name="history-skip"),
    path("check-in/", entries.check_in, name="check-in"),
    path("check-ins/", entries.check_in_list, name="check-in-list"),
    path("check-ins/<int:pk>/", entries.check_in_detail, name="check-in-detail"),
    path("check-ins/<int:pk>/edit/", entries.check_in_edit, name="check-in-edit"),
    path(
        "check-ins/<int:pk>/acknowledge/",
        entries.check_in_acknowledge,
        name="check-in-acknowledge",
    ),
    path("check-ins/<int:pk>/delete/", entries.check_in_delete, name="check-in-delete"),
    # The player records a session in the journal, so it lives here, beside
    # the sessions, even though it plays one of exercises' routines.
    path("routines/<slug:slug>/session/", entries.session_player, name="session"),
    # The plan's routine's player, by an address that names no routine (for
    # reminder emails and the calendar feed).
    path("session/", reminders.session_planned, name="session-planned"),
    path("sessions/", entries.session_list, name="session-list"),
    path("sessions/new/", entries.session_new, name="session-new"),
    path("sessions/<int:pk>/", entries.session_detail, name="session-detail"),
    path("sessions/<int:pk>/edit/", entries.session_edit, name="session-edit"),
    path("sessions/<int:pk>/delete/", entries.session_delete, name="session-delete"),
    path("export.csv", entries.export_csv, name="export"),
    path("reminders/", reminders.reminders, name="reminders"),
    path(
        "reminders/unsubscribe/<str:token>/",
        reminders.reminder_unsubscribe,
        name="reminder-unsubscribe",
    ),
    path("calendar/<str:token>.ics", reminders.calendar_feed, name="calendar-feed"),
]
