from django.urls import path

from . import views

app_name = "quiz"

urlpatterns = [
    path("quiz/", views.quiz_list, name="quiz-list"),
    path("quiz/attempts/", views.attempt_list, name="attempt-list"),
    path("quiz/attempts/<int:pk>/", views.attempt_detail, name="attempt-detail"),
    path("quiz/<slug:slug>/", views.quiz_detail, name="quiz-detail"),
]
