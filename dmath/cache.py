"""Cache backends for the ``plots`` alias: what can be redrawn, kept within a byte budget.

``BudgetedLocMemCache`` is Django's local-memory cache with a budget in bytes as well as entries
(a few large PNGs must not grow a worker by hundreds of MiB). ``FailOpenRedisCache`` is Django's
Redis cache that treats an unreachable Redis as a miss: reads return the default, writes are
dropped, and the page is drawn instead of failing. Its budget is Redis's own ``maxmemory`` with
``allkeys-lru`` on the instance that holds the plots (see docs/deployment.md).
"""

import functools
import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.utils.connection import ConnectionProxy
from redis.exceptions import RedisError

logger = logging.getLogger("dmath.cache")

#: The cache for plots, panels and computed results: ``from dmath.cache import plots_cache``.
plots_cache = ConnectionProxy(caches, "plots")

_sizes: dict[str, dict[str, int]] = {}
_totals: dict[str, list[int]] = {}


class BudgetedLocMemCache(LocMemCache):
    """LocMemCache that also evicts least-recently-used entries to keep its values under OPTIONS["MAX_BYTES"].

    The byte count is of the pickled values, which is what the cache holds. A value larger than an
    eighth of the budget is not kept at all: it would push out many small ones for one request.
    """

    def __init__(self, name, params):
        super().__init__(name, params)
        self.max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 64 * 2**20))
        self._sizes = _sizes.setdefault(name, {})
        self._total = _totals.setdefault(name, [0])

    @property
    def bytes_used(self) -> int:
        return self._total[0]

    def _set(self, key, value, timeout=None):
        self._delete(key)
        size = len(value)
        if size > self.max_bytes // 8:
            return
        while self._cache and (self._total[0] + size > self.max_bytes or len(self._cache) >= self._max_entries):
            old_key, _ = self._cache.popitem()  # the least recently used sits last
            self._forget(old_key)
        self._cache[key] = value
        self._cache.move_to_end(key, last=False)
        self._expire_info[key] = self.get_backend_timeout(timeout)
        self._sizes[key] = size
        self._total[0] += size

    def _forget(self, key) -> None:
        self._expire_info.pop(key, None)
        self._total[0] -= self._sizes.pop(key, 0)

    def _delete(self, key):
        found = super()._delete(key)
        self._forget(key)
        return found

    def _cull(self):  # only reached through LocMemCache._set, which _set above replaces
        raise NotImplementedError

    def incr(self, key, delta=1, version=None):
        raise NotImplementedError("the plots cache holds drawings, not counters")

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._sizes.clear()
            self._total[0] = 0


# Redis locations known to be down in this process, and until when not to try them again.
_down_until: dict[str, float] = {}
_down_lock = threading.Lock()


def _fail_open(default_factory):
    """Run a cache operation; when Redis cannot be reached, log once and answer the default."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            location = self._location_key
            if _down_until.get(location, 0) > time.monotonic():
                return default_factory(args, kwargs)
            try:
                result = method(self, *args, **kwargs)
            except (RedisError, OSError) as exc:
                with _down_lock:
                    if location not in _down_until:
                        # The exception's class only: its text can hold the URL with a password.
                        logger.warning("plots cache unreachable (%s): serving without it", type(exc).__name__)
                    _down_until[location] = time.monotonic() + self.retry_seconds
                return default_factory(args, kwargs)
            if location in _down_until:
                with _down_lock:
                    if _down_until.pop(location, None) is not None:
                        logger.warning("plots cache reachable again")
            return result

        return wrapper

    return decorate


def _default_get(args, kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache, for things that can be recomputed: Redis being down is a miss, never an error.

    After a failure the cache is not asked again for ``OPTIONS["RETRY_SECONDS"]`` (default 5), so an
    outage costs one refused connection per process and interval, not one per request.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        # Without timeouts a Redis that hangs (rather than refuses) would hold every worker.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        self._location_key = str(server)

    get = _fail_open(_default_get)(RedisCache.get)
    get_many = _fail_open(lambda args, kwargs: {})(RedisCache.get_many)
    has_key = _fail_open(lambda args, kwargs: False)(RedisCache.has_key)
    set = _fail_open(lambda args, kwargs: None)(RedisCache.set)
    add = _fail_open(lambda args, kwargs: False)(RedisCache.add)
    touch = _fail_open(lambda args, kwargs: False)(RedisCache.touch)
    set_many = _fail_open(lambda args, kwargs: [])(RedisCache.set_many)
    delete = _fail_open(lambda args, kwargs: False)(RedisCache.delete)
    delete_many = _fail_open(lambda args, kwargs: None)(RedisCache.delete_many)
    clear = _fail_open(lambda args, kwargs: False)(RedisCache.clear)
