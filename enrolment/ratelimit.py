"""A fixed-window rate limit per client address, kept in Django's cache.

``ENROL_RATE_LIMIT`` reads like ``"5/h"``: five requests per hour. Units are
``s``, ``m``, ``h`` and ``d``, optionally with a count (``"20/10m"``). ``"0"`` or
an empty value turns the limit off. With the local-memory cache each process
counts on its own; set ``REDIS_URL`` for one count across processes.
"""

import hashlib
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from dmath.clientaddr import client_ip

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int  # seconds


def parse_rate(value: str | None) -> Rate | None:
    """``"5/h"`` → Rate(5, 3600); ``"0"``, ``""`` or ``None`` → None (no limit)."""
    value = (value or "").strip()
    if value in {"", "0"}:
        return None
    match = RATE.match(value)
    if not match:
        raise ImproperlyConfigured(f"ENROL_RATE_LIMIT must look like '5/h' or '0'; got {value!r}")
    limit, count, unit = int(match[1]), int(match[2] or 1), match[3]
    if limit == 0:
        return None
    return Rate(limit=limit, window=count * UNITS[unit])


def client_address(request: HttpRequest) -> str:
    """The address the request came from: behind nginx (make serve, compose) every request reaches
    gunicorn from the proxy, so the visitor's address is read from X-Forwarded-For, trusting exactly
    settings.NUM_PROXIES entries (dmath.clientaddr)."""
    return client_ip(request) or "unknown"


def hit(request: HttpRequest, scope: str) -> int | None:
    """Count this request; return the seconds to wait when over the limit, else None."""
    rate = parse_rate(getattr(settings, "ENROL_RATE_LIMIT", "0"))
    if rate is None:
        return None
    now = int(time.time())
    window_start = now - now % rate.window
    # The address is hashed so that the cache holds no personal data in clear.
    who = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{who}:{rate.window}:{window_start}"
    cache.add(key, 0, timeout=rate.window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=rate.window + 1)
        count = 1
    if count > rate.limit:
        return window_start + rate.window - now or 1
    return None
