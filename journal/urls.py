from django.urls import path

from .views import dashboard, entries

app_name = "journal"

urlpatterns = [
    path("journal/", dashboard.dashboard, name="dashboard"),
    path("journal/report/", dashboard.report, name="report"),
    path("journal/plan/", entries.plan, name="plan"),
    path("journal/check-in/", entries.check_in, name="check-in"),
    path("journal/check-ins/", entries.check_in_list, name="check-in-list"),
    path(
        "journal/check-ins/<int:pk>/", entries.check_in_detail, name="check-in-detail"
    ),
    path(
        "journal/check-ins/<int:pk>/edit/", entries.check_in_edit, name="check-in-edit"
    ),
    path(
        "journal/check-ins/<int:pk>/delete/",
        entries.check_in_delete,
        name="check-in-delete",
    ),
    path("routines/<slug:slug>/session/", entries.session_player, name="session"),
    path("journal/sessions/", entries.session_list, name="session-list"),
    path("journal/sessions/new/", entries.session_new, name="session-new"),
    path("journal/sessions/<int:pk>/", entries.session_detail, name="session-detail"),
    path("journal/sessions/<int:pk>/edit/", entries.session_edit, name="session-edit"),
    path(
        "journal/sessions/<int:pk>/delete/",
        entries.session_delete,
        name="session-delete",
    ),
    path("journal/export.csv", entries.export_csv, name="export"),
]
