import pytest
from django.utils import timezone


@pytest.fixture
def today(user):
    """The user's local date (without a plan, their zone is the site's, UTC)."""
    return timezone.now().date()
