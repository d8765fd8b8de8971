"""The production site as `make serve` runs it, seen from outside: its URL and folder, plain HTTP requests,
an application posted through nginx and the emails the task worker writes."""

import email
import http.client
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from bench.applicant import application_answers
from bench.serve import PY, ROOT, production_env
from tests.helpers.htmltext import page_text

PROGRAMME = "/programmes/msc-machine-learning-mathematics/"
needs_nginx = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (make test installs it)")


class Site(str):
    """The site's base URL, which also knows its folder: the task worker's emails, the log, the run folder."""

    def __new__(cls, url: str, folder: Path):
        site = super().__new__(cls, url)
        site.emails = folder / "emails"
        site.log = folder / "serve.log"
        site.run = folder / "run"
        return site


def sqlite_site_env(folder: Path, port: int, *, static: str, **extra: str) -> dict[str, str]:
    """Production settings for a site on port ``port`` with its SQLite database in ``folder`` and its static
    files in ``folder / static``, two gunicorn workers and no Redis (the caches are local)."""
    env = production_env(
        port,
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(folder / static),
        WEB_CONCURRENCY="2",
        SITE_URL=f"http://127.0.0.1:{port}",
        **extra,
    )
    for name in ("REDIS_URL", "PLOTS_REDIS_URL"):
        env.pop(name, None)
    return env


def prepare_site(env: dict[str, str]) -> None:
    """What `make serve` does before it starts: migrate, seed, collect the static files, render the error pages."""
    for command in (["migrate", "--noinput"], ["load_seed"], ["collectstatic", "--noinput"], ["render_error_pages"]):
        subprocess.run([str(PY), "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True, timeout=300)


def get(url: str, timeout: float = 10, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def fetch(site: str, path: str, source: str = "127.0.0.1", **headers) -> tuple[int, dict, bytes]:
    """One GET without following redirects, from a chosen loopback address (each has its own rate limits)."""
    host, port = urllib.parse.urlsplit(site).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30, source_address=(source, 0))
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def apply(site: str, email: str) -> tuple[urllib.request.OpenerDirector, str]:
    """Fill and post the application form through nginx as a browser would; the browser and the page it lands on."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(site + PROGRAMME + "enrol/", timeout=10).read().decode()
    fields = application_answers(form, full_name="Through Nginx", email=email)
    request = urllib.request.Request(
        site + PROGRAMME + "enrol/", data=urllib.parse.urlencode(fields).encode(), headers={"Origin": site}
    )
    with opener.open(request, timeout=10) as response:  # follows the redirect
        assert response.status == 200
        assert response.url == site + PROGRAMME + "enrol/sent/"
        return opener, page_text(response.read().decode())


def email_to(site: Site, address: str) -> str:
    """The email the task worker wrote for `address` (it polls every second: wait at most about a minute)."""
    for _ in range(120):
        found = [text for f in site.emails.glob("*") if f"To: {address}" in (text := f.read_text())]
        if found:
            return found[0]
        time.sleep(0.5)
    raise AssertionError(f"no email to {address}")


def link_in(message: str, part: str) -> str:
    """The path of the first link in an email's text that contains `part` (such as "/verify/")."""
    parsed = email.message_from_string(message)
    body = next(p for p in parsed.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    url = re.search(r"https?://\S*" + re.escape(part) + r"\S*", body)[0]
    return urllib.parse.urlsplit(url).path
