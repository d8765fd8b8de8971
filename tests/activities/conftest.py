"""Fixtures for the activities' web tests: the seeded programme plus the activity catalogue."""

import pytest
from django.core.cache import caches
from django.core.management import call_command

from activities.kinds import REGISTRY

SLUGS = ("matrix-transform", "gradient-field", "gradient-descent", "linear-classifier", "distributions", "clt")


@pytest.fixture
def catalogue(seeded):
    """The seed programme with the six activities and their course embeddings."""
    call_command("loaddata", "activities", verbosity=0)
    return seeded


@pytest.fixture
def site(transactional_db, live_server, catalogue):
    """The live site's base URL, with the programme and the activity catalogue loaded."""
    return live_server.url


@pytest.fixture
def framed_site(transactional_db, live_server, catalogue, settings):
    """The live site, whose embed code names its own address (as SITE_URL does in production)."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def no_js_page(browser):
    """A page in a browser context of its own with JavaScript off: what a visitor without scripts gets."""
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test computes and draws its own: no result, PNG or panel left in a cache by an earlier test."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def counted(monkeypatch):
    """Replace a kind in the registry by one that counts its computations and renders."""

    def count(slug: str) -> dict:
        calls = {"compute": 0, "render": 0, "step": 0}

        class Counted(type(REGISTRY[slug])):
            def compute(self, values):
                calls["compute"] += 1
                return super().compute(values)

            def render(self, values, result, *sheet):
                calls["render"] += 1
                return super().render(values, result, *sheet)

            def step(self, values, **interaction):
                calls["step"] += 1
                return super().step(values, **interaction)

        monkeypatch.setitem(REGISTRY, slug, Counted())
        return calls

    return count


@pytest.fixture
def plain_matrix(monkeypatch):
    """The matrix kind declaring no SVG, sound or script (as a seventh activity might)."""

    class Plain(type(REGISTRY["matrix-transform"])):
        capabilities = frozenset()

    monkeypatch.setitem(REGISTRY, "matrix-transform", Plain())
