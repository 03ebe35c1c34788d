"""Uploaded images served by Django (core/media.py) when no front web server
serves MEDIA_ROOT: only the image files the site writes, below MEDIA_ROOT, with
their type, nosniff and a year of caching; 404 for anything else."""

import json
from http import HTTPStatus

import pytest

from tests.conftest import run_python
from tests.factories import UserFactory

# A 1 x 1 lossless WebP.
WEBP = (
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00"
    b"/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
)
NAME = "exercise-images/0123456789abcdef0123456789abcdef-card.webp"


@pytest.fixture
def stored(media_root):
    path = media_root / NAME
    path.parent.mkdir(parents=True)
    path.write_bytes(WEBP)
    return path


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_a_stored_image_is_served_with_its_type_and_cached_for_a_year(client, stored):
    response = client.get(f"/media/{NAME}", secure=True)

    assert response.status_code == HTTPStatus.OK
    assert body(response) == WEBP
    assert response["Content-Type"] == "image/webp"
    assert response["Content-Length"] == str(len(WEBP))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["ETag"]
    assert response["Last-Modified"]
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_logged_in_member_gets_the_same_cacheable_answer(client, stored):
    """Personal pages are never stored (psoasapp.middleware): an uploaded image
    is no personal page, and says so with `public`."""
    client.force_login(UserFactory())

    response = client.get(f"/media/{NAME}", secure=True)

    assert response.status_code == HTTPStatus.OK
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.django_db
def test_a_revalidation_answers_not_modified(client, stored):
    first = client.get(f"/media/{NAME}")

    again = client.get(f"/media/{NAME}", headers={"if-none-match": first["ETag"]})
    since = client.get(
        f"/media/{NAME}", headers={"if-modified-since": first["Last-Modified"]}
    )

    assert again.status_code == since.status_code == HTTPStatus.NOT_MODIFIED
    assert again["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.django_db
def test_head_answers_without_a_body_and_post_is_refused(client, stored):
    head = client.head(f"/media/{NAME}")

    assert head.status_code == HTTPStatus.OK
    assert not head.streaming
    assert head.content == b""
    assert head["Content-Length"] == str(len(WEBP))
    assert head["Content-Type"] == "image/webp"
    assert client.post(f"/media/{NAME}").status_code == HTTPStatus.METHOD_NOT_ALLOWED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/media/../settings.py",
        "/media/..%2fsettings.py",
        "/media/%2e%2e/%2e%2e/psoasapp/settings.py",
        "/media/%2e%2e%2f%2e%2e%2fpsoasapp%2fsettings.py",
        "/media/exercise-images/..%2f..%2fsecret.webp",
        "/media/exercise-images/../../secret.webp",
        "/media/..%5c..%5csecret.webp",
        "/media/%2fetc%2fpasswd",
        "//media/..//secret.webp",
        "/media/exercise-images/.%2e/.%2e/secret.webp",
        "/media/exercise-images/%00.webp",
    ],
)
def test_paths_out_of_media_root_answer_404(client, stored, media_root, path):
    # A file that would be served, were the path followed out of MEDIA_ROOT.
    (media_root.parent / "secret.webp").write_bytes(WEBP)

    response = client.get(path)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.get("Content-Type", "").startswith("text/html")
    assert WEBP not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("exercise-images/notes.txt", b"private notes"),
        ("exercise-images/page.html", b"<script>alert(1)</script>"),
        ("exercise-images/drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("exercise-images/photo.png", b"\x89PNG\r\n\x1a\n"),
        ("exercise-images/photo.jpg", b"\xff\xd8\xff"),
        ("exercise-images/.hidden.webp", WEBP),
        ("exercise-images/no-extension", WEBP),
    ],
)
def test_files_the_site_does_not_write_answer_404(client, media_root, name, content):
    path = media_root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)

    response = client.get(f"/media/{name}")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert content not in response.content
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_unknown_files_folders_and_links_out_answer_404(client, stored, media_root):
    outside = media_root.parent / "outside.webp"
    outside.write_bytes(WEBP)
    (media_root / "exercise-images" / "link.webp").symlink_to(outside)
    (media_root / "exercise-images" / "folder.webp").mkdir()

    for name in ("missing.webp", "link.webp", "folder.webp", ""):
        response = client.get(f"/media/exercise-images/{name}")
        assert response.status_code == HTTPStatus.NOT_FOUND, name
        assert WEBP not in response.content


PROBE = """
import django, json, os
django.setup()
from pathlib import Path
from django.conf import settings
from django.test import Client
name = "exercise-images/0123456789abcdef0123456789abcdef-page.webp"
path = Path(settings.MEDIA_ROOT) / name
path.parent.mkdir(parents=True)
path.write_bytes(b"RIFF-test-bytes")
client = Client(headers={"host": "psoasapp.example.org"})
ok = client.get("/media/" + name, secure=True)
print(json.dumps({
    "root": str(settings.MEDIA_ROOT),
    "debug": settings.DEBUG,
    "status": ok.status_code,
    "body": b"".join(ok.streaming_content).decode(),
    "type": ok["Content-Type"],
    "cache": ok["Cache-Control"],
}))
"""


def test_production_settings_serve_uploads_from_django_media_root(
    production_env, tmp_path
):
    """DEBUG off, as gunicorn runs it: the view serves, from DJANGO_MEDIA_ROOT."""
    env = {**production_env, "DJANGO_MEDIA_ROOT": str(tmp_path / "uploads")}

    result = run_python(PROBE, env)

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer == {
        "root": str(tmp_path / "uploads"),
        "debug": False,
        "status": HTTPStatus.OK,
        "body": "RIFF-test-bytes",
        "type": "image/webp",
        "cache": "public, max-age=31536000, immutable",
    }


def test_media_root_defaults_to_var_media(production_env):
    result = run_python(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.MEDIA_ROOT, settings.MEDIA_URL)",
        production_env,
    )

    assert result.returncode == 0, result.stderr
    root, url = result.stdout.split()
    assert root.endswith("/var/media")
    assert url == "/media/"
