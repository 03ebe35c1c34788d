from django.urls import path

from . import views

app_name = "exercises"

urlpatterns = [
    path("guide/", views.guide, name="guide"),
    path("guide/<slug:slug>/", views.guide_section, name="guide-section"),
    path("exercises/", views.exercise_list, name="exercise-list"),
    path("exercises/<slug:slug>/", views.exercise_detail, name="exercise-detail"),
    path("routines/", views.routine_list, name="routine-list"),
    path("routines/<slug:slug>/", views.routine_detail, name="routine-detail"),
]
