"""The site as `make serve` runs it (nginx in front of gunicorn, production settings, plain HTTP on
127.0.0.1), for the benchmark, the load test, the audit and the tests of the proxy; or gunicorn alone."""

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
PY = ROOT / ".venv" / "bin" / "python"


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
        "EMAIL_BACKEND": "file",
        "EMAIL_FILE_PATH": str(ROOT / ".bench-emails"),
        "MPLCONFIGDIR": os.environ.get("MPLCONFIGDIR", str(ROOT / ".mplconfig")),
        "PORT": str(port),
        **extra,
    }


def start_gunicorn(env: dict[str, str], log=subprocess.DEVNULL, wait_seconds: float = 90) -> subprocess.Popen:
    """gunicorn with gunicorn.conf.py, in its own process group, once it answers /healthz.

    Its master draws every figure background before forking (gunicorn.conf.py): 5-10 s on 2 cores.
    """
    server = _launch([str(GUNICORN), "--config", "gunicorn.conf.py", "dmath.wsgi:application"], env, log)
    url = f"http://127.0.0.1:{env['PORT']}/healthz"
    try:  # any status is an answer: /healthz itself reports what is wrong
        if _answers(server, url, wait_seconds, "gunicorn", any_status=True):
            return server
    except RuntimeError as error:
        sys.exit(str(error))
    stop_gunicorn(server)
    sys.exit(f"gunicorn did not answer {url} within {wait_seconds} s")


def stop_gunicorn(server: subprocess.Popen) -> None:
    """Stop the master and its workers."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def start_site(
    env: dict[str, str], run_dir: Path, log=subprocess.DEVNULL, wait_seconds: float = 60
) -> subprocess.Popen:
    """nginx + gunicorn through deploy/serve.py, as `make serve` starts them, once nginx answers."""
    server = _launch([str(PY), "deploy/serve.py"], {**env, "SERVE_RUN_DIR": str(run_dir)}, log)
    url = f"http://127.0.0.1:{env['PORT']}/healthz/live"
    if _answers(server, url, wait_seconds, "deploy/serve.py", any_status=False):  # a 502 while gunicorn boots
        return server
    stop_site(server)
    raise RuntimeError(f"the site did not answer {url} within {wait_seconds} s")


def _launch(command: list[str], env: dict[str, str], log) -> subprocess.Popen:
    """`command` in its own process group, from the project's folder, its output in `log`."""
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _answers(server: subprocess.Popen, url: str, wait_seconds: float, name: str, *, any_status: bool) -> bool:
    """Whether `url` answers (with any status, or else 2xx/3xx only) within `wait_seconds`; RuntimeError if
    `server` stops first."""
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"{name} stopped with exit code {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return True
        except urllib.error.HTTPError:
            if any_status:
                return True
            time.sleep(0.2)
        except OSError:  # not listening yet
            time.sleep(0.2)
    return False


def stop_site(server: subprocess.Popen) -> None:
    """Stop deploy/serve.py, which stops nginx and gunicorn."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=45)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def gunicorn_master(site: subprocess.Popen) -> int | None:
    """The pid of the gunicorn master that deploy/serve.py started."""
    for pid in subprocess.run(["pgrep", "-P", str(site.pid)], capture_output=True, text=True).stdout.split():
        try:
            if "gunicorn" in Path(f"/proc/{pid}/cmdline").read_text():
                return int(pid)
        except OSError:
            continue
    return None
