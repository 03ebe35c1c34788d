"""Response headers the security middleware of Django does not set."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PrivateNoStoreMiddleware:
    """Keep personal pages out of every cache, shared or the browser's own.

    Any response to a logged-in user (their journal, quiz results, account,
    even the home page, which shows their address) and any page of allauth's
    (log in, sign up, password reset: forms and one-time keys) gets
    `Cache-Control: private, no-store`, unless the view already said no-store,
    or said `public`: an uploaded image (core.media), the same for everyone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        cache_control = response.get("Cache-Control", "")
        if "no-store" in cache_control or "public" in cache_control:
            return response
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        is_account_page = match is not None and match._func_path.startswith("allauth.")
        if is_account_page or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response
