"""What the two-host tests (tests/deploy/test_cluster*.py) share: their marks, the venv's python, free ports and
bounded polls."""

import shutil
import socket
import time
from collections.abc import Callable

import pytest

from deploy.cluster import ROOT

PY = ROOT / ".venv" / "bin" / "python"


def _postgres_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        return False
    return True


CLUSTER_MARKS = [
    pytest.mark.cluster,
    pytest.mark.skipif(
        not (shutil.which("nginx") and shutil.which("redis-server") and shutil.which("psql") and _postgres_answers()),
        reason="needs nginx, redis-server and PostgreSQL on 127.0.0.1:5432 (make test-cluster sets them up)",
    ),
]


def free_cluster_port(first: int) -> int:
    """A cluster port from ``first`` on (in steps of 20, below ``first + 900``) whose neighbours deploy/cluster.py
    takes (the hosts at +1 and +2, the Redis servers at +11 and +12) are free too."""
    for base in range(first, first + 900, 20):
        try:
            for offset in (0, 1, 2, 11, 12):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", base + offset))
        except OSError:
            continue
        return base
    raise RuntimeError("no free ports for the cluster")


def poll(condition: Callable[[], bool], tries: int, pause: float) -> bool:
    """Whether ``condition()`` came true within ``tries`` tries, ``pause`` seconds apart. A bound counted in tries,
    not a clock: the tests wait for a state the user would see, and how long it takes is never asserted."""
    for _ in range(tries):
        if condition():
            return True
        time.sleep(pause)
    return False
