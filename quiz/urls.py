from django.urls import path

from . import views

app_name = "quiz"

# Mounted at /quiz/ by the root URLconf. "attempts" is a reserved quiz slug
# (quiz.models.RESERVED_SLUGS), so the two never collide.
urlpatterns = [
    path("", views.quiz_list, name="quiz-list"),
    path("attempts/", views.attempt_list, name="attempt-list"),
    path("attempts/<int:pk>/", views.attempt_detail, name="attempt-detail"),
    path("<slug:slug>/", views.quiz_detail, name="quiz-detail"),
    path("<slug:slug>/preview/", views.quiz_preview, name="quiz-preview"),
]
