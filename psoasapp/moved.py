"""Old addresses that people may have bookmarked or received in an email, each
sent on, for good, to where its page lives now.

GET and HEAD get 301 (Moved Permanently). A POST gets 308 (Permanent
Redirect), which keeps the method and the body where 301 lets the browser turn
it into a GET: a form rendered before the move (a login page left open in a
tab, the session player's finish form) still goes through. The CSRF check runs
here and again at the new address, so the redirect never lets through a POST
the page itself would refuse.

Every new address is a reversed URL of this site plus the rest of the requested
path and its query string, escaped: nothing a request sends can name another
host or scheme, so these are not open redirects.
"""

from http import HTTPStatus

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.http.response import HttpResponseRedirectBase
from django.urls import path, reverse
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

app_name = "moved"


class HttpResponsePermanentRedirectKeepingMethod(HttpResponseRedirectBase):
    status_code = HTTPStatus.PERMANENT_REDIRECT  # 308


def _moved(request: HttpRequest, location: str) -> HttpResponse:
    if query := request.META.get("QUERY_STRING", ""):
        location = f"{location}?{iri_to_uri(query)}"
    if request.method == "POST":
        return HttpResponsePermanentRedirectKeepingMethod(location)
    return HttpResponsePermanentRedirect(location)


@require_http_methods(["GET", "HEAD", "POST"])
def session_player(request: HttpRequest, slug: str) -> HttpResponse:
    """/routines/<slug>/session/ until the player moved to journal, its owner."""
    return _moved(request, reverse("journal:session", kwargs={"slug": slug}))


# Email confirmation and password-reset links carry one-time keys: the
# redirect is kept out of every cache, as allauth's own pages are.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def accounts(request: HttpRequest, rest: str = "") -> HttpResponse:
    """/accounts/<rest> until allauth joined psoasapp's account pages under
    /account/. `rest` arrives unescaped; it is escaped again for the header."""
    return _moved(request, reverse("account") + escape_uri_path(rest))


urlpatterns = [
    path("routines/<slug:slug>/session/", session_player, name="session"),
    path("accounts/", accounts, name="accounts"),
    path("accounts/<path:rest>", accounts, name="accounts"),
]
