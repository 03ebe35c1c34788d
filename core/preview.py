"""Staff previews: a content page shown to staff exactly as members will see
it, drafts included, marked as a preview, never indexed and never cached.

Each content app keeps its preview in its own URLs and views (the page and its
template are the member's); this module only says who may open one and how
the response is marked."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth import get_permission_codename
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control


def preview_allowed(user, model: type[Model]) -> bool:
    """Active staff who may view (or change) `model` in the admin."""
    if not (user.is_active and user.is_staff):
        return False
    opts = model._meta
    return any(
        user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in ("view", "change")
    )


def staff_preview(model: type[Model]) -> Callable:
    """Decorate a preview view: a visitor is sent to log in, as on every
    private page; anyone logged in but staff allowed to see `model` in the
    admin gets the site's 404 (as for a missing page: a draft's address tells
    nobody else that it exists); the response is kept out of search engines
    and caches."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not preview_allowed(request.user, model):
                raise Http404("No such page.")
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True)
            response["X-Robots-Tag"] = "noindex"
            return response

        return wrapped

    return decorator


def preview_context(obj: Model) -> dict[str, Any]:
    """What `includes/preview_banner.html` (through base.html) needs: the
    page is a preview of `obj`, whose admin page the banner links back to."""
    opts = obj._meta
    return {
        "preview": {
            "admin_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
            ),
            "is_published": obj.is_published,
        }
    }
