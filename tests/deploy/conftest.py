"""The production site as `make serve` runs it (nginx in front of gunicorn), shared by every module here:
each start costs seconds. Skipped only where nginx is not installed; `make test` installs it."""

import email
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

from bench.serve import PY, ROOT, free_port, production_env, start_site, stop_site
from tests.htmltext import page_text

PROGRAMME = "/programmes/msc-machine-learning-mathematics/"
needs_nginx = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (make test installs it)")


@pytest.fixture(scope="package")
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
        NGINX_ENROL_RATE="6r/m",
        NGINX_ENROL_BURST="3",
        EMAIL_FILE_PATH=str(folder / "emails"),
        ENROL_MIN_FILL_SECONDS="0",
        SITE_URL=f"http://127.0.0.1:{port}",
        DJANGO_REQUEST_LOG="1",  # Django's request lines, beside nginx's, in serve.log
    )
    env.pop("REDIS_URL", None)
    env.pop("PLOTS_REDIS_URL", None)
    for command in (["migrate", "--noinput"], ["load_seed"], ["collectstatic", "--noinput"], ["render_error_pages"]):
        subprocess.run([str(PY), "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    with open(folder / "serve.log", "wb") as log:
        server = start_site(env, folder / "run", log=log)
        try:
            yield Site(f"http://127.0.0.1:{port}", folder)
        finally:
            stop_site(server)


class Site(str):
    """The site's base URL, which also knows its folder: the task worker's emails, the log, the run folder."""

    def __new__(cls, url: str, folder: Path):
        site = super().__new__(cls, url)
        site.emails = folder / "emails"
        site.log = folder / "serve.log"
        site.run = folder / "run"
        return site


def get(url: str, timeout: float = 10, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def apply(site: str, email: str) -> tuple[urllib.request.OpenerDirector, str]:
    """Fill and post the application form through nginx as a browser would; the browser and the page it lands on."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(site + PROGRAMME + "enrol/", timeout=10).read().decode()
    fields = {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1],
        "started": re.search(r'name="started" value="([^"]+)"', form)[1],
        "cohort": re.search(r'name="cohort" value="(\d+)"', form)[1],
        "research_track": re.search(r'name="research_track" value="(\d+)"', form)[1],
        "full_name": "Through Nginx",
        "email": email,
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
