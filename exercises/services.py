from django.apps import apps
from django.db import transaction

from . import content


@transaction.atomic
def seed_content_load() -> dict[str, int]:
    """Add any seed content that is missing; never change or duplicate rows."""
    return content.load_seed(apps)
