"""A sliding-window limit on successful submissions, per client address and per email address.

Two budgets, kept apart: applying (counted for each application the form takes) and links
("get my link again", counted only when a link email is actually sent, by the task that sends
it). A link request for an address that never applied sends nothing, so it spends nothing and
can never block that address from applying.

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


APPLY = "apply"
LINK = "link"
# Each budget's scopes (the keys' names in SubmissionRecord) and the setting that gives each its rate.
BUDGETS = {
    APPLY: (("address", "ENROL_RATE_LIMIT"), ("email", "ENROL_EMAIL_RATE_LIMIT")),
    LINK: (("link-address", "ENROL_RATE_LIMIT"), ("link-email", "ENROL_EMAIL_RATE_LIMIT")),
}
SETTINGS = {scope: setting for scopes in BUDGETS.values() for scope, setting in scopes}


def keys(*, address: str, email: str, budget: str = APPLY) -> dict[str, str]:
    """The budget's counters for this client address and email: scope → keyed hash (never the value)."""
    (address_scope, _), (email_scope, _) = BUDGETS[budget]
    values = {address_scope: address, email_scope: email}
    return {scope: keyed_hash(value, purpose=f"ratelimit-{scope}") for scope, value in values.items() if value}


def _limits(counters: dict[str, str]) -> list[tuple[str, str, Rate]]:
    limits = []
    for scope, key in counters.items():
        rate = parse_rate(getattr(settings, SETTINGS[scope]))
        if rate is not None:
            limits.append((scope, key, rate))
    return limits


def wait_seconds(counters: dict[str, str]) -> int | None:
    """Seconds until these counters (from ``keys``) allow one more; None when allowed now."""
    now = timezone.now()
    waits = []
    for scope, key, rate in _limits(counters):
        since = now - dt.timedelta(seconds=rate.window)
        times = list(
            SubmissionRecord.objects.filter(scope=scope, key=key, at__gte=since)
            .order_by("-at")
            .values_list("at", flat=True)[: rate.limit]
        )
        if len(times) >= rate.limit:
            waits.append(max(1, int((times[-1] - since).total_seconds()) + 1))
    return max(waits) if waits else None


def record(counters: dict[str, str]) -> None:
    """Count one success against these counters."""
    SubmissionRecord.objects.bulk_create(SubmissionRecord(scope=scope, key=key) for scope, key, _ in _limits(counters))


def prune() -> int:
    """Delete records older than any window; returns how many went."""
    deleted, _ = SubmissionRecord.objects.filter(at__lt=timezone.now() - KEEP).delete()
    return deleted
