"""Fixtures for the activities' web tests: the seeded programme plus the activity catalogue."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

SLUGS = ("matrix-transform", "gradient-field", "gradient-descent", "linear-classifier", "distributions", "clt")


@pytest.fixture
def catalogue(seeded):
    """The seed programme with the six activities and their course embeddings."""
    call_command("loaddata", "activities", verbosity=0)
    return seeded


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test draws its own PNGs: no bytes left in the cache by an earlier test."""
    cache.clear()
    yield
    cache.clear()
