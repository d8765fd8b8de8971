"""`make bench-cluster`: the two-host site (deploy/cluster.py) under load, and a host that dies (issue 21, item 3).

Starts the cluster on a fresh PostgreSQL database (`dmath_cluster_bench`), with nginx's per-address
limits lifted (all of this traffic comes from one address), then:

1. throughput: wrk for DURATION seconds on the programme page, then on new figures (a unique plot URL
   each), through nginx with both hosts, and through a second nginx whose upstream is host A alone;
2. a classroom (issue 19, item 9), through a second nginx with the default limits: 30 clients from one
   address dragging through the same 41 states for 20 s (0 x 429 and 0 x 5xx expected), then one client
   sending 2,000 unique states (throttled: 429s expected);
3. a host dies under load: GET threads (pages and new figures) and POST threads (whole applications:
   form, then post) through nginx; after KILL_AT seconds host A's gunicorn (master and workers) is
   SIGKILLed; the supervisor starts it again. Counted: GETs and their 5xx, POSTs and their outcomes,
   applications stored against POSTs answered 302, applications without their email task (half-done),
   and whether host A answers requests through nginx again without nginx being reloaded;
4. a worker dies mid-email: EMAILS emails queued, host A's worker SIGKILLed while both workers send;
   the tasks it held stay "running" until the admissions tick queues them again (here asked to act as
   if 15 minutes had passed). Counted: emails queued, distinct Message-IDs written, duplicates, lost.

Exits non-zero when a GET got a 5xx, an application is half-done, an email is lost or host A never
came back, or the classroom saw a 429 or 5xx (or the flood none). `--only classroom` runs that part
alone. Traffic goes to 127.0.0.1 only; every run is bounded in time and threads.
"""

import argparse
import collections
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.applicant import application_answers  # noqa: E402
from deploy.cluster import ROOT, Layout, psql, ready  # noqa: E402
from deploy.serve import LIMITS, render_nginx_conf, worker_user  # noqa: E402

PY = ROOT / ".venv" / "bin" / "python"
PROGRAMME = "/programmes/msc-machine-learning-mathematics/"

WRK_PAGES = f'request = function() return wrk.format("GET", "{PROGRAMME}") end'
WRK_FIGURES = r"""
request = function()
  return wrk.format("GET", string.format("/activities/matrix-transform/plot.png?a=%.3f&b=%.3f&c=%.3f&d=%.3f",
    -2 + 4 * math.random(), -2 + 4 * math.random(), -2 + 4 * math.random(), -2 + 4 * math.random()))
end
"""


def wrk(url: str, script: str, seconds: int, folder: Path) -> tuple[float, str]:
    path = folder / "wrk.lua"
    path.write_text(script)
    done = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "-s", str(path), url],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    )
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)[1])
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    return rps, non2xx[1] if non2xx else "0"


def throughput(layout: Layout, seconds: int) -> None:
    """Pages and new figures a second through nginx, with both hosts and with host A alone."""
    port = layout.port + 9
    env = layout.site_env()
    limits = {key: env.get(f"NGINX_{key}", default) for key, default in LIMITS.items()}
    nginx = start_nginx(layout, "one-host", port, [f"127.0.0.1:{layout.hosts['a']}"], limits)
    try:
        print(f"throughput through nginx, wrk -t2 -c8 for {seconds} s each (2 cores shared by everything):")  # noqa: T201
        for label, base in (("two hosts", layout.url), ("host A alone", f"http://127.0.0.1:{port}")):
            pages, pages_bad = wrk(base + PROGRAMME, WRK_PAGES, seconds, layout.dir)
            figures, figures_bad = wrk(base + "/", WRK_FIGURES, seconds, layout.dir)
            print(  # noqa: T201
                f"  {label:13} programme page {pages:7.1f}/s (non-2xx {pages_bad}), "
                f"new figures {figures:6.1f}/s (non-2xx {figures_bad})"
            )
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(timeout=30)


def start_nginx(layout: Layout, name: str, port: int, upstreams: list[str], limits: dict[str, str]) -> subprocess.Popen:
    """A second nginx beside the cluster's, with its own upstream and limits, once it answers."""
    folder = layout.dir / name
    folder.mkdir(parents=True, exist_ok=True)
    conf = render_nginx_conf(
        listen=f"127.0.0.1:{port}",
        upstream=upstreams,
        static_root=layout.dir / "static",
        run_dir=folder,
        user=worker_user(layout.dir / "static", folder),
        **limits,
    )
    (folder / "nginx.conf").write_text(conf)
    nginx = subprocess.Popen(
        ["nginx", "-e", "stderr", "-p", f"{folder}/", "-c", str(folder / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while not ready(f"http://127.0.0.1:{port}") and time.monotonic() < deadline:
        time.sleep(0.2)
    return nginx


def classroom(layout: Layout, seconds: int, unique: int) -> bool:
    """Issue 19 item 9, with nginx's default limits (30 r/s, burst 60 per address on /activities/): 30
    clients from one address dragging a slider through the same 41 states for `seconds`, then one client
    sending `unique` states no one asked for, ten at a time."""
    port = layout.port + 8
    nginx = start_nginx(layout, "classroom", port, [f"127.0.0.1:{p}" for p in layout.hosts.values()], LIMITS)
    base = f"http://127.0.0.1:{port}"
    states = [f"/activities/matrix-transform/plot.png?a={0.1 * step:.1f}&b=0.5&c=-0.3&d=1" for step in range(-20, 21)]
    try:
        stop = time.monotonic() + seconds

        def student(number: int) -> collections.Counter:
            seen: collections.Counter = collections.Counter()
            position = number
            while time.monotonic() < stop:
                seen[get(base + states[position % len(states)])] += 1
                position += 1
            return seen

        with ThreadPoolExecutor(30) as pool:
            class_seen = sum(pool.map(student, range(30)), collections.Counter())
        flood = [f"/activities/matrix-transform/plot.png?a={1 + 0.0001 * n:.4f}&b=0.4&c=0.2&d=1" for n in range(unique)]
        with ThreadPoolExecutor(10) as pool:
            flood_seen = collections.Counter(pool.map(lambda path: get(base + path), flood))
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(timeout=30)
    class_bad = sum(count for status, count in class_seen.items() if status == 429 or status >= 500 or status < 0)
    print(  # noqa: T201
        f"classroom (nginx's default limits): 30 clients, one address, the same 41 states for {seconds} s: "
        f"{sum(class_seen.values())} figures ({sum(class_seen.values()) / seconds:.0f}/s), {dict(class_seen)}\n"
        f"  one client, {unique} unique states ten at a time: {dict(flood_seen)}"
    )
    return class_bad == 0 and flood_seen[429] > 0 and not any(s >= 500 for s in flood_seen)


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=40) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return -1  # no answer at all: counted apart


def post_application(base: str, email: str) -> str:
    """One applicant: the form, then its post. What they saw: "302", a status code, or "form failed"."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect())
    try:
        form = opener.open(base + PROGRAMME + "enrol/", timeout=40).read().decode()
    except (urllib.error.HTTPError, OSError):
        return "form failed"
    data = application_answers(form, full_name="Under Load", email=email)
    request = urllib.request.Request(
        base + PROGRAMME + "enrol/", data=urllib.parse.urlencode(data).encode(), headers={"Origin": base}
    )
    try:
        with opener.open(request, timeout=40) as response:
            return str(response.status)
    except urllib.error.HTTPError as error:
        return str(error.code)
    except OSError:
        return "no answer"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def shell(layout: Layout, code: str) -> str:
    """What ``code`` prints in a Django shell on the cluster's database (also used by tests/deploy)."""
    done = subprocess.run(
        [str(PY), "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=layout.site_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout.strip()


def kill_group(layout: Layout, name: str) -> int:
    pid = int(layout.pid_file(name).read_text())
    os.killpg(pid, signal.SIGKILL)
    return pid


def host_dies(layout: Layout, seconds: int, kill_at: float) -> bool:
    stop = threading.Event()
    gets: collections.Counter = collections.Counter()
    posts: collections.Counter = collections.Counter()
    lock = threading.Lock()
    run_id = f"{int(time.time())}"

    def getter(number: int) -> None:
        rng = random.Random(number)
        while not stop.is_set():
            if rng.random() < 0.5:
                path = PROGRAMME
            else:
                values = [f"{rng.uniform(-2, 2):.3f}" for _ in range(4)]
                path = "/activities/matrix-transform/plot.png?a={}&b={}&c={}&d={}".format(*values)
            status = get(layout.url + path)
            with lock:
                gets[status] += 1

    def poster(number: int) -> None:
        count = 0
        while not stop.is_set():
            count += 1
            outcome = post_application(layout.url, f"load-{run_id}-{number}-{count}@example.org")
            with lock:
                posts[outcome] += 1

    log_a = layout.logs / "host-a-gunicorn.log"
    with ThreadPoolExecutor(10) as pool:
        for number in range(7):
            pool.submit(getter, number)
        for number in range(3):
            pool.submit(poster, number)
        time.sleep(kill_at)
        killed = kill_group(layout, "host-a-gunicorn")
        killed_at = time.monotonic()
        print(f"host A's gunicorn (pid {killed}, master and workers) SIGKILLed at {kill_at} s under load")  # noqa: T201
        back = None
        while time.monotonic() - killed_at < seconds - kill_at:
            if back is None and ready(layout.host_url("a"), timeout=1):
                back = time.monotonic() - killed_at
            time.sleep(0.5)
        stop.set()
    size_before = log_a.stat().st_size
    for _ in range(20):
        get(layout.url + PROGRAMME)
    served_again = PROGRAMME in log_a.read_text(errors="replace")[size_before:]
    mine = f"Application.objects.filter(email__startswith='load-{run_id}-')"
    stored = int(shell(layout, f"from enrolment.models import Application; print({mine}.count())"))
    without_email = int(
        shell(
            layout,
            "from django_tasks_db.models import DBTaskResult; from enrolment.models import Application; "
            f"ids = set(Application.objects.filter(email__startswith='load-{run_id}-').values_list('pk', flat=True)); "
            "queued = {t.args_kwargs['kwargs'].get('application_id') for t in DBTaskResult.objects.all()}; "
            "print(len(ids - queued))",
        )
    )
    get_5xx = sum(count for status, count in gets.items() if isinstance(status, int) and status >= 500)
    print(  # noqa: T201
        f"  GETs {sum(gets.values())}: {dict(sorted(gets.items(), key=str))}; 5xx {get_5xx}, no answer {gets[-1]}\n"
        f"  POSTs (applications) {sum(posts.values())}: {dict(posts)}\n"
        f"  applications stored {stored} (answered 302: {posts['302']}; stored but answered an error: "
        f"{stored - posts['302']}); stored without their email task: {without_email}\n"
        f"  host A ready again after {back:.1f} s; requests reach it through nginx again (not reloaded): "
        f"{'yes' if served_again else 'NO'}"
        if back is not None
        else "  host A never came back"
    )
    return get_5xx == 0 and gets[-1] == 0 and without_email == 0 and back is not None and served_again


def worker_dies(layout: Layout, emails: int) -> bool:
    before = {p.name for p in (layout.dir / "emails").glob("*.eml")}
    shell(
        layout,
        "from django.db import transaction; from enrolment import emails; from enrolment.models import Application\n"
        "apps = list(Application.objects.filter(erased_at__isnull=True).order_by('pk')[:50])\n"
        f"with transaction.atomic():\n    for n in range({emails}):\n"
        "        emails.queue(apps[n % len(apps)], email_kind='link')",
    )
    time.sleep(1.0)  # both workers are sending
    killed = kill_group(layout, "host-a-worker")
    print(f"host A's worker (pid {killed}) SIGKILLed while sending {emails} emails")  # noqa: T201
    stuck = shell(
        layout,
        "import datetime as dt; from django.utils import timezone\n"
        "from enrolment.management.commands.admissions_tick import tasks_requeue_stuck\n"
        "print(tasks_requeue_stuck(now=timezone.now() + dt.timedelta(minutes=16)))",
    )
    deadline = time.monotonic() + 180
    remaining = "?"
    while time.monotonic() < deadline:
        remaining = shell(
            layout,
            "from django_tasks_db.models import DBTaskResult; "
            "print(DBTaskResult.objects.filter(status__in=['READY', 'RUNNING'], "
            "task_path__endswith='send_application_email').count())",
        )
        if remaining == "0":
            break
        time.sleep(1)
    written = [p for p in (layout.dir / "emails").glob("*.eml") if p.name not in before]
    ids = collections.Counter()
    for path in written:
        found = re.search(r"^Message-ID: (\S+)", path.read_text(errors="replace"), re.M)
        if found and "Your link to follow your application" in path.read_text(errors="replace"):
            ids[found[1]] += 1
    lost = emails - len(ids)
    duplicates = sum(ids.values()) - len(ids)
    print(  # noqa: T201
        f"  queued {emails}; tasks left running and queued again by the tick: {stuck}; distinct Message-IDs "
        f"written {len(ids)}; duplicates {duplicates} (same Message-ID: a mail program shows one); lost {lost}; "
        f"still queued {remaining}"
    )
    return lost == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds of each wrk run")
    parser.add_argument("--load-seconds", type=int, default=40, help="seconds of the host-dies run")
    parser.add_argument("--kill-at", type=float, default=10)
    parser.add_argument("--emails", type=int, default=300)
    parser.add_argument("--class-seconds", type=int, default=20)
    parser.add_argument("--unique", type=int, default=2000)
    parser.add_argument("--only", choices=["classroom"], help="only this part")
    args = parser.parse_args()
    environ = {
        **os.environ,
        "CLUSTER_DIR": os.environ.get("CLUSTER_DIR", str(ROOT / ".cluster" / "bench")),
        "CLUSTER_PORT": os.environ.get("CLUSTER_PORT", "8120"),
        "CLUSTER_DB": "dmath_cluster_bench",
        "ENROL_MIN_FILL_SECONDS": "0",
        "ENROL_RATE_LIMIT": "0",
        "NGINX_ACTIVITIES_RATE": "10000r/s",
        "NGINX_ACTIVITIES_BURST": "10000",
        "NGINX_ENROL_RATE": "60000r/m",
        "NGINX_ENROL_BURST": "10000",
    }
    layout = Layout(environ)
    psql(layout, "postgres", f'DROP DATABASE IF EXISTS "{layout.db}" WITH (FORCE)')
    command = [str(PY), "deploy/cluster.py"]
    if subprocess.run([*command, "start"], cwd=ROOT, env=environ, timeout=400).returncode != 0:
        return 1
    try:
        if args.only == "classroom":
            return 0 if classroom(layout, args.class_seconds, args.unique) else 1
        throughput(layout, args.duration)
        ok = classroom(layout, args.class_seconds, args.unique)
        ok = host_dies(layout, args.load_seconds, args.kill_at) and ok
        ok = worker_dies(layout, args.emails) and ok
    finally:
        subprocess.run([*command, "stop"], cwd=ROOT, env=environ, timeout=200, check=False)
    print("PASS" if ok else "FAIL")  # noqa: T201
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
