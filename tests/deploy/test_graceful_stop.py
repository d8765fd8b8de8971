"""SIGTERM to `make serve` (deploy/serve.py) finishes what is in flight and loses nothing queued.

A mail server that holds each message until the test lets it go makes "in flight" certain, not a
matter of timing: the request (or the worker's task) is inside its SMTP exchange when the site is
told to stop, and is let go only once nginx has stopped accepting new connections.
"""

import asyncio
import json
import shutil
import signal
import socket
import sqlite3
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from aiosmtpd.controller import Controller

from bench.applicant import application_answers
from bench.serve import PY, ROOT, free_port, production_env, start_site
from tests.helpers.served import PROGRAMME, apply, prepare_site, sqlite_site_env

pytestmark = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (make test installs it)")


class Gate:
    """An SMTP server that tells when a message arrives and accepts it only once released."""

    def __init__(self):
        self.arrived, self.release, self.messages = threading.Event(), threading.Event(), []

    async def handle_DATA(self, server, session, envelope):
        self.arrived.set()
        while not self.release.is_set():
            await asyncio.sleep(0.05)
        self.messages.append(envelope.content.decode())
        return "250 OK"


@pytest.fixture
def gate():
    handler = Gate()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    yield handler
    handler.release.set()
    controller.stop()


@pytest.fixture
def serve_log(tmp_path):
    with open(tmp_path / "serve.log", "wb") as log:
        yield log


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A migrated, seeded SQLite database and the collected static files, shared by both runs."""
    folder = tmp_path_factory.mktemp("graceful")
    env = production_env(0, DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}", DJANGO_STATIC_ROOT=str(folder / "s"))
    prepare_site(env)
    return folder


def site_env(folder, gate, **extra):
    return sqlite_site_env(
        folder,
        free_port(),
        static="s",
        ENROL_MIN_FILL_SECONDS="0",
        NGINX_ENROL_RATE="60r/m",
        EMAIL_BACKEND="smtp",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(gate.port),
        EMAIL_USE_TLS="0",
        **extra,
    )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_application(site: str, email: str) -> tuple[int, str]:
    """Fill the form and post it, without following the redirect (nginx takes no new connection once
    stopping): the answer's status and where it sends the browser."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(), NoRedirect())
    form = opener.open(site + PROGRAMME + "enrol/", timeout=10).read().decode()
    fields = application_answers(form, full_name="In Flight", email=email, subject="Maths")
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(site + PROGRAMME + "enrol/", data=data, headers={"Origin": site})
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, ""
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers.get("Location", "")


def stop_and_wait_for_nginx_to_close(server, port: int) -> None:
    """SIGTERM to deploy/serve.py, then wait until nothing new is accepted on the site's port."""
    server.send_signal(signal.SIGTERM)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        except OSError:
            return
        threading.Event().wait(0.05)
    raise AssertionError("nginx still accepts connections 10 s after SIGTERM")


def test_a_request_in_flight_completes(prepared, gate, tmp_path, serve_log):
    # The naive way: the form sends its email inside the request, so the request waits on the mail server.
    env = site_env(prepared, gate, TASKS_BACKEND="immediate")
    server = start_site(env, tmp_path / "run", log=serve_log)
    site = f"http://127.0.0.1:{env['PORT']}"
    with ThreadPoolExecutor(1) as pool:
        posted = pool.submit(post_application, site, "in-flight@example.org")
        assert gate.arrived.wait(60), "the request never reached the mail server"
        stop_and_wait_for_nginx_to_close(server, int(env["PORT"]))
        gate.release.set()
        status, location = posted.result(timeout=60)  # raises if the connection was dropped
    assert (status, location) == (302, PROGRAMME + "enrol/sent/")
    assert server.wait(timeout=60) == 0
    assert [m for m in gate.messages if "To: in-flight@example.org" in m]


def test_the_email_being_sent_is_sent_and_the_queued_one_survives(prepared, gate, tmp_path, serve_log):
    env = site_env(prepared, gate, TASKS_BACKEND="database")
    server = start_site(env, tmp_path / "run", log=serve_log)
    site = f"http://127.0.0.1:{env['PORT']}"
    apply(site, "first@example.org")
    assert gate.arrived.wait(60), "the worker never started sending"
    apply(site, "second@example.org")  # queued behind the one being sent
    stop_and_wait_for_nginx_to_close(server, int(env["PORT"]))
    gate.release.set()
    assert server.wait(timeout=60) == 0
    assert sum("To: first@example.org" in m for m in gate.messages) == 1
    assert not any("To: second@example.org" in m for m in gate.messages)

    db = sqlite3.connect(prepared / "db.sqlite3")
    emails = dict(db.execute("SELECT id, email FROM enrolment_application"))
    tasks = db.execute("SELECT status, args_kwargs FROM django_tasks_database_dbtaskresult").fetchall()
    db.close()
    status = {emails[json.loads(kwargs)["kwargs"]["application_id"]]: s for s, kwargs in tasks}
    assert status["second@example.org"] == "READY"  # still queued, not lost nor failed

    # The next worker to start sends it.
    worker = [str(PY), "manage.py", "db_worker", "--batch", "--no-startup-delay", "-v0"]
    subprocess.run(worker, cwd=ROOT, env=env, check=True, timeout=120)
    assert sum("To: second@example.org" in m for m in gate.messages) == 1
    assert sum("To: first@example.org" in m for m in gate.messages) == 1
