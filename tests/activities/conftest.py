"""Fixtures for the activities' web tests: the seeded programme plus the activity catalogue."""

import pytest
from django.core.cache import caches
from django.core.management import call_command

SLUGS = ("matrix-transform", "gradient-field", "gradient-descent", "linear-classifier", "distributions", "clt")


@pytest.fixture
def catalogue(seeded):
    """The seed programme with the six activities and their course embeddings."""
    call_command("loaddata", "activities", verbosity=0)
    return seeded


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test computes and draws its own: no result, PNG or panel left in a cache by an earlier test."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()
