from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def baseline(request: HttpRequest) -> HttpResponse:
    """The smallest possible view: no template, no database. Its throughput is
    the ceiling that the middleware stack and gunicorn allow."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/baseline", baseline, name="bench-baseline"),
    path("", include("psoasapp.urls")),
]
