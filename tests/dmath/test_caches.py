"""The two cache aliases: `default` never evicts by size; `plots` keeps a byte budget and fails open."""

import socket

import pytest
from django.core.cache import caches
from django.test import override_settings

from dmath.cache import BudgetedLocMemCache, FailOpenRedisCache

pytestmark = pytest.mark.django_db
PROGRAMME = "/programmes/msc-machine-learning-mathematics/"


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: a Redis that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_plots_cache_keeps_its_byte_budget_dropping_the_least_recently_used():
    store = BudgetedLocMemCache("test-budget", {"OPTIONS": {"MAX_BYTES": 100_000, "MAX_ENTRIES": 1000}})
    store.clear()
    blob = b"x" * 10_000  # pickled: a little over 10 kB, so at most 9 fit in 100 kB
    for i in range(30):
        store.set(f"plot-{i}", blob)
        if i == 5:
            assert store.get("plot-0") == blob  # plot-0 recently used: kept over plot-1
    assert store.bytes_used <= 100_000
    kept = [i for i in range(30) if store.get(f"plot-{i}") is not None]
    assert len(kept) == 9
    assert kept == list(range(21, 30))
    store.set("plot-29", b"short")
    assert store.get("plot-29") == b"short"
    store.delete("plot-28")
    store.clear()
    assert store.bytes_used == 0


def test_plots_cache_refuses_a_value_larger_than_an_eighth_of_its_budget():
    store = BudgetedLocMemCache("test-huge", {"OPTIONS": {"MAX_BYTES": 80_000}})
    store.set("small", b"a")
    store.set("huge", b"x" * 20_000)
    assert store.get("huge") is None
    assert store.get("small") == b"a"


def test_the_aliases_are_separate_stores():
    caches["plots"].set("shared-key", "plot")
    assert caches["default"].get("shared-key") is None
    assert isinstance(caches["plots"], BudgetedLocMemCache)


def test_an_unreachable_redis_is_a_miss_for_the_plots_cache(caplog):
    store = FailOpenRedisCache(f"redis://127.0.0.1:{closed_port()}/0", {"OPTIONS": {"RETRY_SECONDS": 0}})
    assert store.get("k") is None
    assert store.get("k", "fallback") == "fallback"
    store.set("k", b"png")  # dropped, no error
    assert store.add("k", b"png") is False
    assert store.get_many(["a", "b"]) == {}
    assert store.get_or_set("k", lambda: "drawn") == "drawn"
    assert store.delete("k") is False
    warnings = [r for r in caplog.records if r.name == "dmath.cache"]
    assert len(warnings) == 1  # logged once per outage, not once per call
    assert "127.0.0.1" not in warnings[0].getMessage()


def test_pages_plots_and_readiness_with_redis_unreachable(client, seeded, settings):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    plots = {"BACKEND": "dmath.cache.FailOpenRedisCache", "LOCATION": url, "OPTIONS": {"RETRY_SECONDS": 0}}
    with override_settings(CACHES={**settings.CACHES, "plots": plots}):
        assert isinstance(caches["plots"], FailOpenRedisCache)
        assert client.get(PROGRAMME).status_code == 200
        assert client.get("/courses/mlm-503/").status_code == 200
        page = client.get("/activities/gradient-descent/?loss=bowl&x=1.2&y=-0.8&lr=0.1")
        assert page.status_code == 200
        plot = client.get("/activities/gradient-descent/plot.png?loss=bowl&x=1.2&y=-0.8&lr=0.1")
        assert plot.status_code == 200
        assert plot.content.startswith(b"\x89PNG")
        ready = client.get("/healthz/ready")
        assert ready.status_code == 200  # plots are drawn without the cache: still ready
        assert ready.json()["plots_cache"].startswith("unavailable")
    caches["plots"].clear()


def test_readiness_names_the_default_cache_when_it_is_down(client, seeded, settings):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    default = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    with override_settings(CACHES={**settings.CACHES, "default": default}):
        response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["down"] == ["cache"]
    assert response.json()["database"] == "ok"
