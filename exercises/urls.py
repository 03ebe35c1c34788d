from django.urls import include, path

from . import views

app_name = "exercises"

# The content lives under three top-level prefixes of its own, shared and
# bookmarked since the first release. Django reverses one include per
# namespace, so the root URLconf mounts this module once, at the root, and the
# prefixes are written here, each holding paths relative to it.
urlpatterns = [
    path(
        "guide/",
        include(
            [
                path("", views.guide, name="guide"),
                path("<slug:slug>/", views.guide_section, name="guide-section"),
                path(
                    "<slug:slug>/preview/",
                    views.guide_section_preview,
                    name="guide-section-preview",
                ),
            ]
        ),
    ),
    path(
        "exercises/",
        include(
            [
                path("", views.exercise_list, name="exercise-list"),
                path("<slug:slug>/", views.exercise_detail, name="exercise-detail"),
                path(
                    "<slug:slug>/preview/",
                    views.exercise_preview,
                    name="exercise-preview",
                ),
            ]
        ),
    ),
    path(
        "routines/",
        include(
            [
                path("", views.routine_list, name="routine-list"),
                path("<slug:slug>/", views.routine_detail, name="routine-detail"),
                path(
                    "<slug:slug>/preview/",
                    views.routine_preview,
                    name="routine-preview",
                ),
            ]
        ),
    ),
]
