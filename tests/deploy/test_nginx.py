"""nginx in front of gunicorn, as `make serve` runs them (deploy/serve.py), with real processes.

Skipped only where nginx is not installed; `make test` installs it, so it runs in CI.
"""

import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from bench.serve import PY, ROOT, free_port, production_env, start_site, stop_site
from deploy.serve import render_nginx_conf
from tests.htmltext import page_text

pytestmark = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (make test installs it)")
PROGRAMME = "/programmes/msc-machine-learning-mathematics/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The production site on a fresh SQLite database, nginx listening on a free port."""
    folder = tmp_path_factory.mktemp("site")
    port = free_port()
    env = production_env(
        port,
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        WEB_CONCURRENCY="2",
        NGINX_LOGIN_RATE="6r/m",
        NGINX_LOGIN_BURST="3",
        EMAIL_FILE_PATH=str(folder / "emails"),
        ENROL_MIN_FILL_SECONDS="0",
    )
    env.pop("REDIS_URL", None)
    env.pop("PLOTS_REDIS_URL", None)
    for command in (["migrate", "--noinput"], ["load_seed"], ["collectstatic", "--noinput"], ["render_error_pages"]):
        subprocess.run([str(PY), "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    with open(folder / "serve.log", "wb") as log:
        server = start_site(env, folder / "run", log=log)
        try:
            yield Site(f"http://127.0.0.1:{port}", folder / "emails")
        finally:
            stop_site(server)


class Site(str):
    """The site's base URL, which also knows where the task worker writes its emails."""

    def __new__(cls, url: str, emails: Path):
        site = super().__new__(cls, url)
        site.emails = emails
        return site


def get(url: str, timeout: float = 10, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_the_template_fills_every_placeholder(tmp_path):
    conf = render_nginx_conf(listen="127.0.0.1:1", upstream="unix:/x.sock", static_root=tmp_path, run_dir=tmp_path)
    assert "@" not in "\n".join(line.split("#")[0] for line in conf.splitlines())
    assert "large_client_header_buffers 4 8k;" in conf


def test_pages_come_through_nginx(site):
    status, headers, body = get(site + PROGRAMME)
    assert status == 200
    assert headers["Server"] == "nginx"
    assert "MSc Machine Learning" in page_text(body.decode())


def test_a_hundred_connections_that_never_finish_their_headers_do_not_stop_the_site(site):
    port = int(site.rsplit(":", 1)[1])
    stalled = []
    try:
        for _ in range(100):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET " + PROGRAMME.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            stalled.append(sock)
        # gunicorn alone (3 sync workers) would hang here until its 30 s timeout: every worker waits
        # for a header that never comes. nginx holds the 100 itself and gunicorn stays free.
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda _: get(site + PROGRAMME, timeout=10)[0], range(8)))
        assert answers == [200] * 8
    finally:
        for sock in stalled:
            sock.close()


def test_static_files_are_served_by_nginx_with_long_cache_headers(site):
    _, _, body = get(site + PROGRAMME)
    css = body.decode().split('href="/static/css/site.')[1].split('"')[0]
    status, headers, _ = get(f"{site}/static/css/site.{css}", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers.get("Content-Encoding") == "gzip"
    assert "X-Request-ID" not in headers  # not a Django response


def test_favicon_ico_through_nginx(site):
    status, headers, body = get(site + "/favicon.ico")
    assert status == 200
    assert body[:4] == b"\x00\x00\x01\x00"


def test_too_many_logins_get_the_styled_429(site):
    statuses = [get(site + "/admin/login/")[0] for _ in range(8)]
    assert statuses[0] == 200
    assert 429 in statuses
    status, headers, body = get(site + "/admin/login/")
    assert status == 429
    assert "Too many requests" in page_text(body.decode())
    assert 'href="/static/css/site.' in body.decode()
    assert headers["Retry-After"] == "10"


def test_an_address_longer_than_the_header_buffers_gets_the_styled_414(site):
    status, _, body = get(site + "/activities/linear-classifier/?points=" + "1" * 9000)
    assert status == 414
    assert "Address too long" in page_text(body.decode())


def test_the_longest_activity_address_is_accepted(site):
    status, _, _ = get(site + "/activities/gradient-descent/?loss=bowl&x=1&y=1&pad=" + "1" * 5900)
    assert status != 414


def test_an_unknown_host_through_nginx_gets_the_styled_400(site):
    status, _, body = get(site + PROGRAMME, Host="evil.example.com")
    assert status == 400
    assert "Bad request" in page_text(body.decode())


def test_an_applicant_posts_through_nginx_and_the_worker_sends_the_email(site):
    """A browser's POST carries an Origin with the port; nginx must pass the Host with it (CSRF)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(site + PROGRAMME + "enrol/", timeout=10).read().decode()
    fields = {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1],
        "started": re.search(r'name="started" value="([^"]+)"', form)[1],
        "cohort": re.search(r'name="cohort" value="(\d+)"', form)[1],
        "research_track": re.search(r'name="research_track" value="(\d+)"', form)[1],
        "full_name": "Through Nginx",
        "email": "nginx@example.org",
        "country": "GB",
        "qualification": "masters",
        "qualification_subject": "Mathematics",
        "consent": "on",
    }
    request = urllib.request.Request(
        site + PROGRAMME + "enrol/", data=urllib.parse.urlencode(fields).encode(), headers={"Origin": site}
    )
    with opener.open(request, timeout=10) as response:  # follows the redirect
        assert response.status == 200
        assert response.url == site + PROGRAMME + "enrol/sent/"
        assert "Check your email" in page_text(response.read().decode())
    # The email is sent by the worker process beside gunicorn, not in the request.
    for _ in range(120):  # the worker polls every second; wait at most about a minute, then fail below
        if any(site.emails.glob("*")):
            break
        time.sleep(0.5)
    [email] = [f.read_text() for f in site.emails.glob("*")]
    assert "To: nginx@example.org" in email and "/verify/" in email
