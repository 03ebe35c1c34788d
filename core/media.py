"""Uploaded files (MEDIA_ROOT), served by Django when no front web server
serves them (README "Uploaded images"): under runserver in development, and
under gunicorn in production when nothing stands in front.

Only the kinds of file the site writes (MEDIA_TYPES) below MEDIA_ROOT are
served, with their type from the name's extension (never sniffed), `nosniff`,
and a year of caching: an upload's names are random and never reused
(exercises.services), so a name always holds the same bytes. Anything else,
a path that leaves MEDIA_ROOT included, answers 404."""

import stat
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

# The extensions the site writes, and the type each is served as.
MEDIA_TYPES = {".webp": "image/webp"}
CACHE_CONTROL = "public, max-age=31536000, immutable"


def _resolve(path: str) -> Path:
    """The file `path` names below MEDIA_ROOT, or Http404."""
    root = Path(settings.MEDIA_ROOT).resolve()
    parts = path.split("/")
    if (
        not path
        or "\\" in path
        or "\x00" in path
        or any(part in {"", ".", ".."} or part.startswith(".") for part in parts)
    ):
        raise Http404("No such file.")
    try:
        full = root.joinpath(*parts).resolve(strict=True)
    except (OSError, ValueError, RuntimeError):
        raise Http404("No such file.") from None
    # A symbolic link that leads out of MEDIA_ROOT is refused too.
    if not full.is_relative_to(root):
        raise Http404("No such file.")
    return full


@require_safe
def serve(request: HttpRequest, path: str) -> HttpResponse:
    content_type = MEDIA_TYPES.get(Path(path).suffix.lower())
    if content_type is None:
        raise Http404("No such file.")
    full = _resolve(path)
    try:
        status = full.stat()
    except OSError:
        raise Http404("No such file.") from None
    if not stat.S_ISREG(status.st_mode):
        raise Http404("No such file.")

    etag = f'"{status.st_size:x}-{status.st_mtime_ns:x}"'
    last_modified = int(status.st_mtime)
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None and request.method == "HEAD":
        # The headers alone: no file opened, no body for the server to drop.
        response = HttpResponse(content_type=content_type)
        response["Content-Length"] = str(status.st_size)
    elif response is None:
        response = FileResponse(full.open("rb"), content_type=content_type)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    # Never a page: nothing in it may run, even if a browser were fooled.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
