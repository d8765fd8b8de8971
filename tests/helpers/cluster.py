"""What the two-host tests (tests/deploy/test_cluster*.py) share: their marks and the venv's python."""

import shutil
import socket

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
