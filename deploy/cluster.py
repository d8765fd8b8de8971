"""The production shape on one machine, with two app hosts: `make cluster` starts it, `make cluster-stop` stops it.

    nginx :8100 ── upstream ─┬─ host A: gunicorn :8101, task worker, clock
                             └─ host B: gunicorn :8102, task worker, clock
    PostgreSQL :5432 (database dmath_cluster)   Redis :8111 (default, noeviction)   Redis :8112 (plots, allkeys-lru)

Each "host" is its own processes (own memory, own local caches); what they share is what real hosts share:
the database and the two Redis servers. Commands:

    python deploy/cluster.py start    prepare the database, start everything in the background, wait until
                                      nginx and both hosts answer /healthz/ready, print the addresses
    python deploy/cluster.py run      the same in the foreground (the supervisor itself; Ctrl-C stops)
    python deploy/cluster.py stop     stop gracefully (nginx first, then each host's worker and clock, then
                                      gunicorn, which finishes its requests in flight; Redis last)
    python deploy/cluster.py status   each host's readiness

The supervisor restarts a process that dies (a SIGKILLed gunicorn comes back, and nginx sends it traffic
again by itself after max_fails' 5 s), at most RESTARTS times a minute each, and polls each host's
/healthz/ready, logging changes. The file `stop` in the cluster folder (or SIGTERM/SIGINT to the
supervisor) stops it all. Logs: one file per process in CLUSTER_DIR/logs/ (default .cluster/logs/).

Environment: CLUSTER_DIR, CLUSTER_PORT (nginx; hosts +1, +2; Redis +11, +12), CLUSTER_DB, PG_URL (a role
that may create databases), CLUSTER_WEB_CONCURRENCY (gunicorn workers per host, 2), and what the
site reads (EMAIL_*, ENROL_*, DJANGO_OTP_REQUIRED, NGINX_* limits, ADMISSIONS_EMAIL) passed on.
"""

import argparse
import collections
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from deploy.serve import LIMITS, render_nginx_conf, worker_user  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESTARTS = 5  # per process per minute, then the supervisor gives up and stops everything
PASSED_ON = ("EMAIL_", "ENROL_", "NGINX_", "ADMISSIONS_EMAIL", "DJANGO_OTP_REQUIRED", "DJANGO_REQUEST_LOG")


class Layout:
    """Where everything is: ports, folders, the database."""

    def __init__(self, environ: dict[str, str] | None = None):
        environ = dict(os.environ if environ is None else environ)
        self.environ = environ
        self.dir = Path(environ.get("CLUSTER_DIR") or ROOT / ".cluster").resolve()
        self.port = int(environ.get("CLUSTER_PORT", "8100"))
        self.hosts = {"a": self.port + 1, "b": self.port + 2}
        self.redis = {
            "default": (self.port + 11, "noeviction", "64mb"),
            "plots": (self.port + 12, "allkeys-lru", "256mb"),
        }
        self.db = environ.get("CLUSTER_DB", "dmath_cluster")
        self.pg = environ.get("PG_URL", "postgres://dmath:dmath@127.0.0.1:5432/dmath").rsplit("/", 1)[0]
        self.logs = self.dir / "logs"
        self.run = self.dir / "run"
        self.url = f"http://127.0.0.1:{self.port}"

    def host_url(self, host: str) -> str:
        return f"http://127.0.0.1:{self.hosts[host]}"

    def pid_file(self, name: str) -> Path:
        return self.run / f"{name}.pid"

    def secret(self) -> str:
        path = self.dir / "secret"
        if not path.exists():
            self.dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        return path.read_text().strip()

    def site_env(self) -> dict[str, str]:
        """What every app process of both hosts reads: the same settings, the shared database and Redis."""
        env = {key: value for key, value in self.environ.items() if not key.startswith("DJANGO_")}
        env.update(
            DJANGO_ENV="production",
            DJANGO_SECRET_KEY=self.secret(),
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DJANGO_NUM_PROXIES="1",
            DJANGO_SECURE_SSL_REDIRECT="0",
            DJANGO_SECURE_COOKIES="0",
            DJANGO_SECURE_HSTS_SECONDS="0",
            DJANGO_STATIC_ROOT=str(self.dir / "static"),
            DJANGO_REQUEST_LOG="1",
            DATABASE_URL=f"{self.pg}/{self.db}",
            REDIS_URL=f"redis://127.0.0.1:{self.redis['default'][0]}/0",
            PLOTS_REDIS_URL=f"redis://127.0.0.1:{self.redis['plots'][0]}/0",
            TASKS_BACKEND="database",
            SITE_URL=self.url,
            EMAIL_BACKEND="file",
            EMAIL_FILE_PATH=str(self.dir / "emails"),
            MPLCONFIGDIR=self.environ.get("MPLCONFIGDIR", str(ROOT / ".mplconfig")),
            WEB_CONCURRENCY=self.environ.get("CLUSTER_WEB_CONCURRENCY", "2"),
            PYTHONUNBUFFERED="1",
        )
        env.update({key: value for key, value in self.environ.items() if key.startswith(PASSED_ON)})
        return env

    def processes(self) -> list[tuple[str, list[str], dict[str, str]]]:
        """Every process, in start order: Redis, then each host's gunicorn, worker and clock, then nginx."""
        site = self.site_env()
        found = []
        for alias, (port, policy, size) in self.redis.items():
            command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            command += ["--maxmemory", size, "--maxmemory-policy", policy, "--dir", str(self.run)]
            found.append((f"redis-{alias}", command, site))
        for host, port in self.hosts.items():
            env = {
                **site,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_CONTROL_SOCKET": str(self.run / f"host-{host}-gunicorn.ctl"),
                "CLUSTER_HOST": host,
            }
            gunicorn = [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "dmath.wsgi:application"]
            found += [
                (f"host-{host}-gunicorn", gunicorn, env),
                (f"host-{host}-worker", [str(BIN / "python"), "manage.py", "db_worker"], env),
                (f"host-{host}-clock", [str(BIN / "python"), "manage.py", "admissions_tick", "--every", "300"], env),
            ]
        nginx = ["nginx", "-e", "stderr", "-p", f"{self.run}/", "-c", str(self.run / "nginx.conf")]
        found.append(("nginx", nginx, site))
        return found


def psql(layout: Layout, database: str, sql: str) -> str:
    done = subprocess.run(
        ["psql", f"{layout.pg}/{database}", "-Atqc", sql], capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"PostgreSQL at {layout.pg} (make postgres starts it): {done.stderr.strip()}")
    return done.stdout.strip()


def prepare(layout: Layout) -> None:
    """The database (created when missing, migrated, seeded), the static files and nginx's configuration."""
    for folder in (layout.logs, layout.run, layout.dir / "emails"):
        folder.mkdir(parents=True, exist_ok=True)
    layout.run.chmod(0o755)
    shutil.rmtree(layout.run / "figures", ignore_errors=True)  # nginx's figures from the code that ran before
    layout.dir.chmod(0o755)
    if psql(layout, "postgres", f"SELECT 1 FROM pg_database WHERE datname = '{layout.db}'") != "1":
        psql(layout, "postgres", f'CREATE DATABASE "{layout.db}"')
    env = layout.site_env()
    with open(layout.logs / "prepare.log", "ab") as log:
        steps = (["migrate", "--noinput"], ["load_seed"], ["collectstatic", "--noinput"], ["render_error_pages"])
        for command in steps:
            subprocess.run(
                [str(BIN / "python"), "manage.py", *command, "-v0"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=True,
                timeout=600,
            )
    static_root = layout.dir / "static"
    conf = render_nginx_conf(
        listen=f"127.0.0.1:{layout.port}",
        upstream=[f"127.0.0.1:{port}" for port in layout.hosts.values()],
        static_root=static_root,
        run_dir=layout.run,
        user=worker_user(static_root, layout.run),
        figure_cache_size=env.get("NGINX_FIGURE_CACHE_SIZE", "256m"),
        **{key: env.get(f"NGINX_{key}", default) for key, default in LIMITS.items()},
    )
    (layout.run / "nginx.conf").write_text(conf)


def ready(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz/ready", timeout=timeout) as response:
            return response.status == 200
    except (OSError, urllib.error.HTTPError):
        return False


class Supervisor:
    """Starts every process, restarts one that dies (bounded), stops them all in an order that loses nothing."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.plan = {name: (command, env) for name, command, env in layout.processes()}
        self.procs: dict[str, subprocess.Popen] = {}
        self.restarts = {name: collections.deque(maxlen=RESTARTS) for name in self.plan}
        self.stopping = False

    def launch(self, name: str) -> None:
        command, env = self.plan[name]
        with open(self.layout.logs / f"{name}.log", "ab") as log:
            proc = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.procs[name] = proc
        self.layout.pid_file(name).write_text(str(proc.pid))
        self.log(f"{name} started (pid {proc.pid})")

    def log(self, line: str) -> None:
        print(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} cluster {line}", flush=True)  # noqa: T201

    def wait_for(self, name: str, check, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not check():
            if self.procs[name].poll() is not None or time.monotonic() > deadline or self.stopping:
                raise RuntimeError(f"{name} did not come up (see {self.layout.logs / (name + '.log')})")
            time.sleep(0.2)

    def start_all(self) -> None:
        for name in self.plan:
            self.launch(name)
            if name.startswith("redis-"):
                port = self.layout.redis[name.removeprefix("redis-")][0]
                self.wait_for(name, lambda port=port: _redis_pings(port), 20)
        for host in self.layout.hosts:  # gunicorn's master draws the figure backgrounds first: 5-10 s
            self.wait_for(f"host-{host}-gunicorn", lambda host=host: ready(self.layout.host_url(host)), 120)
        self.wait_for("nginx", lambda: ready(self.layout.url), 30)
        (self.layout.dir / "ready").write_text(json.dumps({"url": self.layout.url, "pid": os.getpid()}))
        hosts = ", ".join(self.layout.host_url(h) for h in self.layout.hosts)
        self.log(f"serving on {self.layout.url}/ (hosts {hosts})")

    def loop(self) -> int:
        stop_file = self.layout.dir / "stop"
        health = dict.fromkeys(self.layout.hosts, True)
        last_poll = 0.0
        while not self.stopping and not stop_file.exists():
            for name, proc in list(self.procs.items()):
                if proc.poll() is None:
                    continue
                self.log(f"{name} exited with code {proc.returncode}")
                times = self.restarts[name]
                if len(times) == RESTARTS and time.monotonic() - times[0] < 60:
                    self.log(f"{name} died {RESTARTS} times within a minute: stopping everything")
                    return 1
                times.append(time.monotonic())
                self.launch(name)
            if time.monotonic() - last_poll > 2:  # what a load balancer's health check sees
                last_poll = time.monotonic()
                for host in self.layout.hosts:
                    now = ready(self.layout.host_url(host), timeout=1)
                    if now != health[host]:
                        self.log(f"host {host} {'ready' if now else 'NOT ready'} (/healthz/ready)")
                        health[host] = now
            time.sleep(0.2)
        return 0

    def stop_all(self) -> None:
        """nginx quits gracefully (SIGQUIT: answers what it holds) while gunicorn still serves; each worker
        finishes the email it is sending and each clock its tick (SIGTERM); then each gunicorn finishes its
        requests in flight (SIGTERM); Redis last. Each step bounded by gunicorn's timeout and a margin."""
        self.stopping = True
        (self.layout.dir / "ready").unlink(missing_ok=True)
        steps = [
            (["nginx"], signal.SIGQUIT),
            ([n for n in self.procs if n.endswith(("-worker", "-clock"))], signal.SIGTERM),
            ([n for n in self.procs if n.endswith("-gunicorn")], signal.SIGTERM),
            ([n for n in self.procs if n.startswith("redis-")], signal.SIGTERM),
        ]
        for names, sig in steps:
            running = [self.procs[n] for n in names if n in self.procs and self.procs[n].poll() is None]
            for proc in running:
                proc.send_signal(sig)
            deadline = time.monotonic() + 40
            for proc in running:
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
        for name in self.plan:
            self.layout.pid_file(name).unlink(missing_ok=True)
        self.log("stopped")


def _redis_pings(port: int) -> bool:
    done = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True, check=False)
    return done.stdout.strip() == "PONG"


def supervisor_pid(layout: Layout) -> int | None:
    try:
        pid = int(layout.pid_file("supervisor").read_text())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def run(layout: Layout) -> int:
    if supervisor_pid(layout):
        sys.exit(f"the cluster is already running (pid {supervisor_pid(layout)}): python deploy/cluster.py stop")
    prepare(layout)
    (layout.dir / "stop").unlink(missing_ok=True)
    layout.pid_file("supervisor").write_text(str(os.getpid()))
    supervisor = Supervisor(layout)

    def stop(signum=None, frame=None):
        supervisor.stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    try:
        supervisor.start_all()
        code = supervisor.loop()
    except RuntimeError as error:
        supervisor.log(str(error))
        code = 1
    finally:
        supervisor.stop_all()
        layout.pid_file("supervisor").unlink(missing_ok=True)
        (layout.dir / "stop").unlink(missing_ok=True)
    return code


def start(layout: Layout, wait_seconds: float = 300) -> int:
    """The supervisor in the background; returns once the site answers (or fails loudly with the log)."""
    if supervisor_pid(layout):
        print(f"already running: {layout.url}/")  # noqa: T201
        return 0
    layout.logs.mkdir(parents=True, exist_ok=True)
    (layout.dir / "ready").unlink(missing_ok=True)
    with open(layout.logs / "cluster.log", "ab") as log:
        proc = subprocess.Popen(
            [str(BIN / "python"), str(Path(__file__).resolve()), "run"],
            cwd=ROOT,
            env=layout.environ,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + wait_seconds
    while not (layout.dir / "ready").exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            tail = (layout.logs / "cluster.log").read_text().splitlines()[-15:]
            print("\n".join(tail), file=sys.stderr)  # noqa: T201
            if proc.poll() is None:
                proc.terminate()
            return 1
        time.sleep(0.5)
    hosts = f"{layout.host_url('a')} and {layout.host_url('b')}"
    print(f"cluster serving on {layout.url}/ (nginx) with hosts {hosts}; logs in {layout.logs}/")  # noqa: T201
    return 0


def stop(layout: Layout, wait_seconds: float = 150) -> int:
    pid = supervisor_pid(layout)
    if pid is None:
        print("the cluster is not running")  # noqa: T201
        return 0
    (layout.dir / "stop").write_text("")
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait_seconds
    while supervisor_pid(layout) and time.monotonic() < deadline:
        time.sleep(0.3)
    if supervisor_pid(layout):
        print(f"the supervisor (pid {pid}) did not stop within {wait_seconds} s", file=sys.stderr)  # noqa: T201
        return 1
    print("cluster stopped")  # noqa: T201
    return 0


def status(layout: Layout) -> int:
    rows = {"nginx": layout.url, **{f"host {h}": layout.host_url(h) for h in layout.hosts}}
    for name, url in rows.items():
        print(f"{name:8} {url}  {'ready' if ready(url) else 'not ready'}")  # noqa: T201
    return 0 if all(ready(url) for url in rows.values()) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["start", "run", "stop", "status"])
    command = parser.parse_args().command
    layout = Layout()
    return {"start": start, "run": run, "stop": stop, "status": status}[command](layout)


if __name__ == "__main__":
    sys.exit(main())
