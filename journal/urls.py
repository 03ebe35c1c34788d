from django.urls import path

from .views import dashboard, diary, entries, function, reminders, sharing

app_name = "journal"

# Mounted at /journal/ by the root URLconf.
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("report/", dashboard.report, name="report"),
    # The report's name line, and its share links (views/sharing.py).
    path("report/name/", sharing.report_identity, name="report-identity"),
    path("report/links/", sharing.share_list, name="share-list"),
    path("report/links/<int:pk>/revoke/", sharing.share_revoke, name="share-revoke"),
    # The shared report, read by the link's token (no login).
    path("shared/<str:token>/", sharing.shared_report, name="shared-report"),
    # The month calendar and the filtered pain trend (views/diary.py).
    path("month/", diary.month, name="month"),
    path("month/<int:year>-<int:month>/", diary.month, name="month-of"),
    path("trend/", diary.trend, name="trend"),
    # The function score, PSFS (views/function.py).
    path("function/", function.function, name="function"),
    path("function/not-now/", function.function_snooze, name="function-snooze"),
    path("function/<int:pk>/delete/", function.function_delete, name="function-delete"),
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
