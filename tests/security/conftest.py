"""Every security test starts with an empty cache and no rate counts: none leaks across."""

import pytest
from django.core.cache import cache

from tandem.core.models import RateCounter


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Clear the cache around each test using the database (the cache table lives there)."""
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        yield
        return
    request.getfixturevalue("db")
    cache.clear()
    RateCounter.objects.all().delete()
    yield
    cache.clear()
    RateCounter.objects.all().delete()
