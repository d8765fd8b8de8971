"""The site as `make serve` runs it (gunicorn, production settings, plain HTTP on 127.0.0.1), for the
benchmark, the load test and the audit."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(port: int, **extra: str) -> dict[str, str]:
    """Production settings for a plain-HTTP run on 127.0.0.1: no HTTPS redirect, HSTS or secure-only cookies."""
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "bench-only-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_REQUEST_LOG": "0",
        "MPLCONFIGDIR": os.environ.get("MPLCONFIGDIR", str(ROOT / ".mplconfig")),
        "PORT": str(port),
        **extra,
    }


def start_gunicorn(env: dict[str, str], log=subprocess.DEVNULL, wait_seconds: float = 90) -> subprocess.Popen:
    """gunicorn with gunicorn.conf.py, in its own process group, once it answers /healthz.

    Its master draws every figure background before forking (gunicorn.conf.py): 5-10 s on 2 cores.
    """
    server = subprocess.Popen(
        [str(GUNICORN), "--config", "gunicorn.conf.py", "dmath.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{env['PORT']}/healthz"
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped with exit code {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return server
        except urllib.error.HTTPError:
            return server  # it answers: /healthz itself reports what is wrong
        except OSError:
            time.sleep(0.2)
    stop_gunicorn(server)
    sys.exit(f"gunicorn did not answer {url} within {wait_seconds} s")


def stop_gunicorn(server: subprocess.Popen) -> None:
    """Stop the master and its workers."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)
