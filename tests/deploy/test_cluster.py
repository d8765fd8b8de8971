"""One site from two hosts (issue 21, item 2): `make cluster`'s processes, started by deploy/cluster.py on
ports of their own, PostgreSQL (a fresh database) and two Redis servers; requests go to host A's and host
B's gunicorn directly (as nginx would send them, with X-Forwarded-For) or through nginx.

Run by `make test-cluster` (marker `cluster`); skipped where PostgreSQL does not answer or Redis is not
installed. How the caches learn of a change: pages are rendered from the database on every request (the
shared cache holds no page), and an activity panel's key in the shared plots cache is a hash of everything
it shows (its texts, parameters, template and code versions), so a change makes a new key and no host can
serve the old panel.
"""

import concurrent.futures
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from bench.applicant import application_answers
from deploy.cluster import ROOT, Layout, psql, ready
from tests.helpers.cluster import CLUSTER_MARKS, PY, free_cluster_port, poll
from tests.helpers.htmltext import page_text
from tests.helpers.served import PROGRAMME

pytestmark = CLUSTER_MARKS


class Cluster:
    def __init__(self, layout: Layout):
        self.layout = layout
        self.url = layout.url
        self.a = layout.host_url("a")
        self.b = layout.host_url("b")
        self.emails = layout.dir / "emails"

    def manage(self, host: str, *args: str, stdin: str | None = None) -> str:
        env = {**self.layout.site_env(), "CLUSTER_HOST": host}
        done = subprocess.run(
            [str(PY), "manage.py", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def shell(self, host: str, code: str) -> str:
        return self.manage(host, "shell", "-v", "0", "-c", code).strip()

    def wait_until_the_queue_is_empty(self) -> None:
        """Every task taken and finished (none READY or RUNNING): from then on no worker can send anything more,
        so a count of emails is final, whatever the machine's load (bounded: 240 polls)."""
        count = (
            "from django_tasks_db.models import DBTaskResult; "
            "print(DBTaskResult.objects.filter(status__in=['READY', 'RUNNING']).count())"
        )
        assert poll(lambda: self.shell("a", count) == "0", tries=240, pause=0.5), "tasks still queued or running"

    def emails_with(self, text: str) -> list[str]:
        return [body for f in sorted(self.emails.glob("*.eml")) if text in (body := f.read_text())]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cluster")
    environ = {
        **os.environ,
        "CLUSTER_DIR": str(folder),
        "CLUSTER_PORT": str(free_cluster_port(18100)),
        "CLUSTER_DB": "dmath_cluster_test",
        "ENROL_MIN_FILL_SECONDS": "0",
        "ENROL_RATE_LIMIT": "4/h",
        "DJANGO_OTP_REQUIRED": "0",
        "ADMISSIONS_EMAIL": "admissions@dmath.example",
        "NGINX_ENROL_RATE": "600r/m",
        "NGINX_ENROL_BURST": "100",
    }
    layout = Layout(environ)
    psql(layout, "postgres", f'DROP DATABASE IF EXISTS "{layout.db}" WITH (FORCE)')
    command = [sys.executable, "deploy/cluster.py"]
    started = subprocess.run([*command, "start"], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=400)
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        yield Cluster(layout)
    finally:
        subprocess.run([*command, "stop"], cwd=ROOT, env=environ, timeout=200, check=False)


def browser() -> urllib.request.OpenerDirector:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect())


def send(opener, url: str, data: dict | None = None, **headers) -> tuple[int, dict, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def form_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))


def application(opener, form_host: str, post_host: str, email: str, address: str) -> tuple[int, dict, str]:
    """Open the form on one host, post it to another (each request as nginx forwards it)."""
    forwarded = {"X-Forwarded-For": address}
    status, _, html = send(opener, form_host + PROGRAMME + "enrol/", **forwarded)
    assert status == 200
    answers = application_answers(html, full_name="Two Hosts", email=email)
    return send(opener, post_host + PROGRAMME + "enrol/", answers, Origin=post_host, **forwarded)


def test_the_form_opened_on_a_is_taken_by_b_and_its_email_is_sent_once(cluster):
    status, headers, _ = application(browser(), cluster.a, cluster.b, "crossing@example.org", "10.0.0.1")
    assert status == 302 and headers["Location"].endswith(PROGRAMME + "enrol/sent/")
    # Both hosts' workers poll the same queue: one takes the task, the other never sends it again.
    cluster.wait_until_the_queue_is_empty()
    [sent] = cluster.emails_with("To: crossing@example.org")
    assert "Confirm your email address" in sent
    assert re.search(r"^Message-ID: <[0-9a-f]{32}@127\.0\.0\.1>$", sent, re.M)


def test_a_staff_login_on_a_works_on_b(cluster):
    cluster.manage(
        "a",
        "shell",
        "-c",
        "from django.contrib.auth.models import User; User.objects.create_superuser('ops', '', 'a long passphrase 42')",
    )
    opener = browser()
    _, _, html = send(opener, cluster.a + "/admin/login/")
    token = form_fields(html)["csrfmiddlewaretoken"]
    login = {"csrfmiddlewaretoken": token, "username": "ops", "password": "a long passphrase 42", "next": "/admin/"}
    status, headers, _ = send(opener, cluster.a + "/admin/login/?next=/admin/", login, Origin=cluster.a)
    assert status == 302 and headers["Location"] == "/admin/"
    status, _, html = send(opener, cluster.b + "/admin/")
    assert status == 200 and "Log out" in page_text(html)


def test_the_apply_budget_is_counted_across_both_hosts(cluster):
    # ENROL_RATE_LIMIT is 4 an hour here: two on A and two on B spend it, the fifth is refused on either.
    for number, host in enumerate([cluster.a, cluster.b, cluster.a, cluster.b]):
        status, _, _ = application(browser(), host, host, f"budget{number}@example.org", "10.0.0.2")
        assert status == 302
    for host in (cluster.a, cluster.b):
        status, _, html = application(browser(), host, host, "budget9@example.org", "10.0.0.2")
        assert status == 429 and "try again" in page_text(html).lower()
    # Another address still applies.
    assert application(browser(), cluster.b, cluster.b, "other@example.org", "10.0.0.3")[0] == 302


def test_a_change_saved_on_a_is_on_b_at_once_and_no_cached_panel_is_stale(cluster):
    page = cluster.b + PROGRAMME
    before = page_text(send(browser(), page)[2])  # B draws the panels into the shared cache
    title = cluster.shell(
        "a", "from activities.models import Activity; print(Activity.objects.order_by('pk').first().title)"
    )
    assert title in before
    cluster.shell(
        "a",
        "from activities.models import Activity; a = Activity.objects.order_by('pk').first(); "
        "a.title = 'Renamed on host A'; a.save()",
    )
    after = page_text(send(browser(), page)[2])
    assert "Renamed on host A" in after and page_text(send(browser(), cluster.url + PROGRAMME)[2]).count(
        "Renamed on host A"
    ) == after.count("Renamed on host A")


def test_two_clocks_expire_an_offer_and_send_the_digest_once(cluster):
    setup = """
import datetime as dt
from django.utils import timezone
from enrolment.models import Application, Cohort
cohort = Cohort.objects.filter(applications__email='crossing@example.org').first()
apps = list(Application.objects.filter(cohort=cohort, email__startswith='budget').order_by('pk'))
holder, waiting = apps[0], apps[1]
Application.objects.filter(pk=holder.pk).update(status='offered', verified_at=timezone.now() - dt.timedelta(days=1),
    offer_expires_at=timezone.now() - dt.timedelta(minutes=1))
Application.objects.filter(pk=waiting.pk).update(status='waitlisted', waitlist_order=1,
    verified_at=timezone.now() - dt.timedelta(days=1))
"""
    cluster.shell("a", setup)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        outputs = list(pool.map(lambda host: cluster.manage(host, "admissions_tick"), ["a", "b"]))
    expired = [int(re.search(r"offers expired: (\d+)", out)[1]) for out in outputs]
    assert sorted(expired) == [0, 1]
    cluster.wait_until_the_queue_is_empty()
    assert len(cluster.emails_with("Your offer has expired")) == 1
    # The waiting applicant is offered the place at most once (whether a place is passed on depends on
    # the cohort's places), and the email count agrees with the database.
    offered = cluster.shell(
        "b",
        "from enrolment.models import Application; "
        "print(Application.objects.filter(email='budget1@example.org', status='offered').count())",
    )
    assert len(cluster.emails_with("We are offering you a place")) == int(offered) <= 1
    assert len(cluster.emails_with("To: admissions@dmath.example")) == 1  # yesterday's digest, once


def test_nginx_sends_requests_to_both_hosts(cluster):
    statuses = [send(browser(), cluster.url + PROGRAMME)[0] for _ in range(8)]
    assert statuses == [200] * 8
    logs = {host: (cluster.layout.logs / f"host-{host}-gunicorn.log").read_text() for host in ("a", "b")}
    assert all(PROGRAMME in log for log in logs.values())


def test_the_logs_are_in_one_folder(cluster):
    names = {path.name for path in Path(cluster.layout.logs).iterdir()}
    expected = {f"host-{h}-{p}.log" for h in "ab" for p in ("gunicorn", "worker", "clock")}
    assert expected | {"nginx.log", "redis-default.log", "redis-plots.log", "cluster.log"} <= names


def test_a_host_killed_outright_is_skipped_then_taken_back_without_reloading_nginx(cluster):
    """SIGKILL to host B's gunicorn (master and workers): GETs through nginx keep answering 200 (nginx asks A);
    the supervisor starts B again, and nginx, never reloaded, sends B requests again."""
    import signal

    nginx_pid = int(cluster.layout.pid_file("nginx").read_text())
    killed = int(cluster.layout.pid_file("host-b-gunicorn").read_text())
    os.killpg(killed, signal.SIGKILL)
    statuses = [send(browser(), cluster.url + PROGRAMME)[0] for _ in range(10)]
    assert statuses == [200] * 10
    restarted = poll(
        lambda: int(cluster.layout.pid_file("host-b-gunicorn").read_text()) != killed and ready(cluster.b),
        tries=240,
        pause=0.5,
    )
    assert restarted, "host B did not come back"
    log = cluster.layout.logs / "host-b-gunicorn.log"
    size = log.stat().st_size

    def b_served_a_request() -> bool:
        assert send(browser(), cluster.url + PROGRAMME)[0] == 200
        return PROGRAMME in log.read_text(errors="replace")[size:]

    # Once nginx's fail_timeout for B has run out, B is asked again: poll (bounded) rather than wait a fixed time.
    assert poll(b_served_a_request, tries=120, pause=0.5), "nginx never sent host B a request again"
    assert int(cluster.layout.pid_file("nginx").read_text()) == nginx_pid  # the same nginx throughout
