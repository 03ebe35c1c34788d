"""Test settings: production settings with a few values changed for speed.

The database cache stays (its rows roll back with each test, so allauth's rate
limit counters never leak from one test to the next).
"""

import os
from pathlib import Path

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-only-secret-key-not-for-any-real-deployment"
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from psoasapp.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The admin's tests log superusers in without a second factor: the rule that
# asks them for one is tested on its own (tests/psoasapp/test_two_factor.py).
TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = False

if DATABASES["default"]["ENGINE"] == "psoasapp.sqlite":  # noqa: F405
    # A file, not shared-cache memory: concurrency tests then see SQLite as the
    # server does (WAL, IMMEDIATE transactions, busy timeout).
    # Named after the database it stands in for, so two checkouts or runs with
    # different DATABASE_URLs never share one.
    _name = Path(DATABASES["default"]["NAME"]).name  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test_{_name}")}  # noqa: F405
