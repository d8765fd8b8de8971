"""Run the site as in production on one machine: nginx in front of gunicorn (`make serve`).

Starts every process in PROCESSES and stops them all when one of them stops, exiting with its code:
a half-running site (nginx without gunicorn) never stays up. SIGINT/SIGTERM stop it gracefully
(stop_gracefully): requests in flight are answered, the email being sent is sent, nothing queued is lost.

nginx's configuration is deploy/nginx.conf with its placeholders filled from the environment:
PORT (nginx listens on HOST:PORT, default 127.0.0.1:8000), and NGINX_ACTIVITIES_RATE,
NGINX_ACTIVITIES_BURST, NGINX_LOGIN_RATE, NGINX_LOGIN_BURST, NGINX_ENROL_RATE, NGINX_ENROL_BURST for the
request limits, NGINX_FIGURE_CACHE_SIZE for nginx's cache of figures (256m). gunicorn
listens on a Unix socket in the run folder (.serve/), reachable by nginx only.
"""

import grp
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf"
BIN = Path(sys.executable).parent

LIMITS = {
    "ACTIVITIES_RATE": "30r/s",
    "ACTIVITIES_BURST": "60",
    "LOGIN_RATE": "10r/m",
    "LOGIN_BURST": "5",
    "ENROL_RATE": "20r/m",
    "ENROL_BURST": "10",
}


def processes(run_dir: Path, env: dict[str, str] | None = None) -> list[tuple[str, list[str]]]:
    """What `make serve` runs, in start order. Another process is one more line here."""
    queued = (env or {}).get("TASKS_BACKEND", "database") != "immediate"
    return [
        ("gunicorn", [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "dmath.wsgi:application"]),
        ("nginx", ["nginx", "-e", "stderr", "-p", f"{run_dir}/", "-c", str(run_dir / "nginx.conf")]),
        # The task worker sends the emails queued by the site (none to send when TASKS_BACKEND=immediate
        # sends them inside the request); the clock expires offers and old data.
        *([("worker", [str(BIN / "python"), "manage.py", "db_worker"])] if queued else []),
        ("clock", [str(BIN / "python"), "manage.py", "admissions_tick", "--every", "300"]),
    ]


def _world_reachable(path: Path) -> bool:
    """Can any user traverse every folder down to `path` (and read it)? nginx's workers run as nobody."""
    return all(not part.exists() or os.stat(part).st_mode & 0o005 for part in [*reversed(path.parents), path])


def worker_user(static_root: Path, run_dir: Path) -> str:
    """nginx's `user` line: nobody when nginx starts as root and nobody can reach the files, else root's
    own user (a checkout under /root is private), and nothing when not root (nginx keeps its user)."""
    if os.geteuid() != 0:
        return ""
    if _world_reachable(static_root) and _world_reachable(run_dir):
        return "user nobody nogroup;" if _has_group("nogroup") else "user nobody;"
    return f"user {pwd.getpwuid(os.geteuid()).pw_name};"


def _has_group(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def upstream_servers(upstreams: list[str]) -> str:
    """The `server` lines of nginx's upstream: one app server is never marked down (there is no other to
    ask); of several, one that fails is skipped for 5 s, then tried again (a host back from the dead)."""
    if len(upstreams) == 1:
        return f"server {upstreams[0]} fail_timeout=0;"
    return "\n        ".join(f"server {address} max_fails=1 fail_timeout=5s;" for address in upstreams)


def render_nginx_conf(
    *,
    listen: str,
    upstream: str | list[str],
    static_root: Path,
    run_dir: Path,
    user: str = "",
    figure_cache_size: str = "256m",
    **limits: str,
) -> str:
    """deploy/nginx.conf with its placeholders filled in (``upstream``: one app server's address, or several)."""
    values = {
        "LISTEN": listen,
        "UPSTREAM_SERVERS": upstream_servers([upstream] if isinstance(upstream, str) else upstream),
        "FIGURE_CACHE_SIZE": figure_cache_size,
        "STATIC_ROOT": str(static_root).rstrip("/"),
        "RUN_DIR": str(run_dir),
        "USER": user,
        **LIMITS,
        **{key.upper(): value for key, value in limits.items()},
    }
    text = TEMPLATE.read_text()
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    if re.search(r"@[A-Z_]+@", "\n".join(line.split("#")[0] for line in text.splitlines())):
        raise ValueError("deploy/nginx.conf has a placeholder left unfilled")
    return text


def prepare(env: dict[str, str], run_dir: Path) -> dict[str, str]:
    """Write the run folder's nginx.conf; return gunicorn's environment (its sockets, one proxy)."""
    run_dir.mkdir(parents=True, exist_ok=True)
    run_dir.chmod(0o755)
    socket = run_dir / "gunicorn.sock"
    socket.unlink(missing_ok=True)
    # nginx's cached figures were drawn by the code that ran before: a start (a deploy) begins without them.
    shutil.rmtree(run_dir / "figures", ignore_errors=True)
    static_root = Path(env.get("DJANGO_STATIC_ROOT") or ROOT / "staticfiles")
    limits = {key: env.get(f"NGINX_{key}", default) for key, default in LIMITS.items()}
    conf = render_nginx_conf(
        listen=f"{env.get('HOST', '127.0.0.1')}:{env.get('PORT', '8000')}",
        upstream=f"unix:{socket}",
        static_root=static_root,
        run_dir=run_dir,
        user=worker_user(static_root, run_dir),
        figure_cache_size=env.get("NGINX_FIGURE_CACHE_SIZE", "256m"),
        **limits,
    )
    (run_dir / "nginx.conf").write_text(conf)
    return {
        **env,
        "GUNICORN_BIND": f"unix:{socket}",
        # This site's own control socket: the default one is shared by every gunicorn of the user.
        "GUNICORN_CONTROL_SOCKET": str(run_dir / "gunicorn.ctl"),
        "DJANGO_NUM_PROXIES": env.get("DJANGO_NUM_PROXIES", "1"),
    }


def _wait(procs: list[subprocess.Popen], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def stop_gracefully(started: list[tuple[str, subprocess.Popen]]) -> None:
    """Stop in the order that loses nothing: nginx quits gracefully (SIGQUIT: it accepts nothing new and
    answers the requests it holds) while gunicorn still serves them, the worker finishes the email it is
    sending (its queue stays in the database) and the clock its tick; then gunicorn stops gracefully
    (SIGTERM: each worker finishes its request). Each step is bounded by gunicorn's timeout and a margin."""
    running = {name: proc for name, proc in started if proc.poll() is None}
    for name, proc in running.items():
        if name != "gunicorn":
            proc.send_signal(signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
    _wait([running["nginx"]] if "nginx" in running else [], 35)
    if "gunicorn" in running and running["gunicorn"].poll() is None:
        running["gunicorn"].send_signal(signal.SIGTERM)
    _wait(list(running.values()), 35)


def main() -> int:
    run_dir = Path(os.environ.get("SERVE_RUN_DIR", ROOT / ".serve")).resolve()
    env = prepare(dict(os.environ), run_dir)
    check = subprocess.run([*processes(run_dir)[1][1], "-t", "-q"], capture_output=True, text=True)
    if check.returncode != 0:
        sys.stderr.write(check.stderr)
        return check.returncode
    started: list[tuple[str, subprocess.Popen]] = []
    stopping = False

    def stop(signum=None, frame=None):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for name, cmd in processes(run_dir, env):
        started.append((name, subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)))
        if name == "gunicorn":  # nginx would answer 502 until the socket is there
            deadline = time.monotonic() + 60
            while not (run_dir / "gunicorn.sock").exists() and time.monotonic() < deadline:
                if started[-1][1].poll() is not None:
                    break
                time.sleep(0.1)
    url = f"http://{env.get('HOST', '127.0.0.1')}:{env.get('PORT', '8000')}/"
    print(f"serving on {url} (nginx -> gunicorn on {run_dir / 'gunicorn.sock'}); Ctrl-C stops", flush=True)  # noqa: T201
    code = 0
    while not stopping:
        ended = [(name, proc) for name, proc in started if proc.poll() is not None]
        if ended:
            name, proc = ended[0]
            code = proc.returncode or 1
            sys.stderr.write(f"{name} stopped (exit code {proc.returncode}): stopping the others\n")
            break
        time.sleep(0.2)
    stop_gracefully(started)
    return code


if __name__ == "__main__":
    sys.exit(main())
