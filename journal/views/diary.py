"""Scaffolding for issue 19: a helper replaces every function here."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404("Not built yet.")


month = trend = _todo
