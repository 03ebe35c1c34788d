"""Where the site's sessions are stored, for the code that must find or delete
them by hand (the account's deletion, `manage.py maintain`)."""

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Model


def session_store_class() -> type[SessionBase]:
    """SESSION_ENGINE's SessionStore."""
    return import_module(settings.SESSION_ENGINE).SessionStore


def stored_session_model() -> type[Model] | None:
    """The model of the database session engines (db, cached_db), whose rows
    can be listed; None for the engines that cannot (cookies, the cache)."""
    store_class = session_store_class()
    if not hasattr(store_class, "get_model_class"):
        return None
    return store_class.get_model_class()
