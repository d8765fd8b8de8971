"""A sliding-window limit on successful submissions, per client address and per email address.

``"20/h"`` means twenty per hour; units are ``s``, ``m``, ``h`` and ``d``, optionally with a count
(``"20/10m"``); ``"0"`` or an empty value turns the limit off. Only what succeeded is counted (a
person correcting their typing is never locked out), under a keyed hash of the address or email,
in the database: every worker and host shares the count, and no cache eviction can reset it.
Rows older than the longest window are pruned by the scheduled job.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .identity import keyed_hash
from .models import SubmissionRecord

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
# Records are kept at most this long, whatever the settings say (the longest sensible window).
KEEP = dt.timedelta(days=1)


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
        raise ImproperlyConfigured(f"A rate limit must look like '5/h' or '0'; got {value!r}")
    limit, count, unit = int(match[1]), int(match[2] or 1), match[3]
    if limit == 0:
        return None
    return Rate(limit=limit, window=min(count * UNITS[unit], int(KEEP.total_seconds())))


def _limits(address: str, email: str) -> list[tuple[str, str, Rate]]:
    limits = []
    for scope, value, setting in (
        ("address", address, settings.ENROL_RATE_LIMIT),
        ("email", email, settings.ENROL_EMAIL_RATE_LIMIT),
    ):
        rate = parse_rate(setting)
        if rate is not None and value:
            limits.append((scope, keyed_hash(value, purpose=f"ratelimit-{scope}"), rate))
    return limits


def wait_seconds(*, address: str, email: str) -> int | None:
    """Seconds until another submission from this address and email is allowed; None when allowed now."""
    now = timezone.now()
    waits = []
    for scope, key, rate in _limits(address, email):
        since = now - dt.timedelta(seconds=rate.window)
        times = list(
            SubmissionRecord.objects.filter(scope=scope, key=key, at__gte=since)
            .order_by("-at")
            .values_list("at", flat=True)[: rate.limit]
        )
        if len(times) >= rate.limit:
            waits.append(max(1, int((times[-1] - since).total_seconds()) + 1))
    return max(waits) if waits else None


def record(*, address: str, email: str) -> None:
    """Count one successful submission."""
    SubmissionRecord.objects.bulk_create(
        SubmissionRecord(scope=scope, key=key) for scope, key, _ in _limits(address, email)
    )


def prune() -> int:
    """Delete records older than any window; returns how many went."""
    deleted, _ = SubmissionRecord.objects.filter(at__lt=timezone.now() - KEEP).delete()
    return deleted
