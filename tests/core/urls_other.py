"""A URL configuration other than the site's, for tests that switch to it."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("elsewhere/", lambda request: HttpResponse("ok"), name="other")]
