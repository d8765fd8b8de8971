"""Load test of the production site on this machine: `make loadtest`.

Starts the site as `make serve` runs it (gunicorn, production settings) on 127.0.0.1 against
PostgreSQL (DATABASE_URL, a fresh database `dmath_load`) and Redis when it is installed, then:

1. drives it with wrk for 60 s with a mix of the programme page, activity panels (htmx
   fragments), new plots and enrolment posts (rate limit and minimum fill time off), and prints
   requests per second, latency percentiles, the non-2xx/3xx count and each worker's memory after
   warm-up and after the run;
2. a fault run: the same mix for 40 s while PostgreSQL is stopped for 10 s in the middle. Pages
   that need the database answer a styled 503 meanwhile; the site must recover by itself, and every
   enrolment post must have got its reference (a redirect to its confirmation) or an error page:
   the applications stored equal the redirects counted, so none is half-stored.

Traffic goes to 127.0.0.1 only; every run is bounded in time.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.serve import free_port, production_env, start_gunicorn, stop_gunicorn  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PY = ROOT / ".venv" / "bin" / "python"
DB_NAME = "dmath_load"
PG_URL = f"postgres://dmath:dmath@127.0.0.1:5432/{DB_NAME}"
PROGRAMME = "/programmes/msc-machine-learning-mathematics/"

WRK_SCRIPT = r"""
-- A mix of what visitors do. Each thread counts statuses and enrolment outcomes itself; `id` is
-- the thread's own number (set in setup), so threads draw different random emails.
local token, cookie, started = "%(token)s", "%(cookie)s", "%(started)s"
local tracks = {%(tracks)s}
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  statuses, enrol_posts, enrol_stored, enrol_errors, n = {}, 0, 0, 0, 0
end

local function rnd(lo, hi) return lo + math.random() * (hi - lo) end

local kinds = {
  function() return wrk.format("GET", "%(programme)s") end,
  function() return wrk.format("GET", string.format(
    "/activities/matrix-transform/?a=%%.1f&b=%%.1f&c=%%.1f&d=%%.1f", rnd(-2, 2), rnd(-2, 2), rnd(-2, 2), rnd(-2, 2)),
    {["HX-Request"] = "true"}) end,
  function() return wrk.format("GET", string.format(
    "/activities/distributions/?dist=normal&p1=%%.1f&p2=%%.1f", rnd(-2, 2), rnd(0.5, 2)),
    {["HX-Request"] = "true"}) end,
  function() return wrk.format("GET", string.format(
    "/activities/matrix-transform/plot.png?a=%%.2f&b=%%.2f&c=%%.2f&d=%%.2f",
    rnd(-2, 2), rnd(-2, 2), rnd(-2, 2), rnd(-2, 2))) end,
  function() return wrk.format("GET", string.format(
    "/activities/gradient-descent/plot.png?loss=bowl&x=%%.2f&y=%%.2f&lr=%%.2f",
    rnd(-1.8, 1.8), rnd(-1.8, 1.8), rnd(0.02, 0.2))) end,
  function() return wrk.format("GET", string.format(
    "/activities/clt/plot.png?source=die&n=10&draws=200&seed=%%d", math.random(1, 1000000))) end,
  function()
    n = n + 1
    local body = "csrfmiddlewaretoken=" .. token .. "&started=" .. started .. "&cohort=1"
      .. "&full_name=Load+Test&email=load-" .. id .. "-" .. n .. "-" .. math.random(1, 1e9) .. "%%40example.org"
      .. "&country=GB&qualification=masters&qualification_subject=Mathematics"
      .. "&research_track=" .. tracks[math.random(#tracks)] .. "&personal_statement=&consent=on&website="
    return wrk.format("POST", "%(programme)senrol/", {
      ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = cookie}, body)
  end,
}
-- Weights: programme page, two panels, three plots, one enrolment post in ten requests.
local mix = {1, 1, 2, 3, 2, 4, 5, 6, 7, 3}

request = function()
  local k = mix[math.random(#mix)]
  if k == 7 then enrol_posts = enrol_posts + 1 end
  return kinds[k]()
end

-- Responses on several connections do not come back in request order, so an enrolment's outcome
-- is read from the response itself: a redirect to its confirmation page carries its reference.
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local location = headers["Location"] or headers["location"] or ""
  if status == 302 and string.find(location, "/enrol/DM%%-") then enrol_stored = enrol_stored + 1 end
end

done = function(summary, latency, requests)
  local totals, posts, stored = {}, 0, 0
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses")) do totals[code] = (totals[code] or 0) + count end
    posts = posts + thread:get("enrol_posts")
    stored = stored + thread:get("enrol_stored")
  end
  local parts = {}
  for code, count in pairs(totals) do table.insert(parts, code .. "=" .. count) end
  table.sort(parts)
  io.write("STATUSES " .. table.concat(parts, " ") .. "\n")
  io.write(string.format("ENROL sent=%%d stored=%%d\n", posts, stored))
  io.write(string.format("LATENCY p50=%%.1f p90=%%.1f p99=%%.1f max=%%.1f\n", latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("RPS %%.1f\n", summary.requests / (summary.duration / 1e6)))
end
"""


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=300, **kwargs)


def as_postgres(*cmd: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else ["sudo", "-u", "postgres", *cmd]


def pg_cluster() -> str:
    return sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")])[-1]


def fresh_database() -> None:
    run(as_postgres("dropdb", "--if-exists", "--force", DB_NAME))
    run(as_postgres("createdb", "-O", "dmath", DB_NAME))


def worker_rss(master: int) -> dict[int, int]:
    """Resident memory in MiB of each gunicorn worker (the master's children)."""
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    rss = {}
    for pid in children:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        if match:
            rss[int(pid)] = int(match.group(1)) // 1024
    return rss


def form_state(url: str) -> dict[str, str]:
    """A CSRF cookie and token, the signed start time and the track ids, as a browser would get them."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(url + PROGRAMME + "enrol/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    started = re.search(r'name="started" value="([^"]+)"', html).group(1)
    tracks = re.findall(r'name="research_track" value="(\d+)"', html)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return {
        "token": urllib.parse.quote(token),
        "started": urllib.parse.quote(started),
        "cookie": cookie,
        "tracks": ", ".join(f'"{t}"' for t in tracks),
        "programme": PROGRAMME,
    }


def wrk(url: str, script: str, seconds: int, connections: int) -> tuple[str, dict]:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script, url]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    figures = {
        "rps": float(re.search(r"^RPS ([\d.]+)", out, re.M).group(1)),
        "latency": re.search(r"^LATENCY (.*)$", out, re.M).group(1),
        "statuses": re.search(r"^STATUSES(.*)$", out, re.M).group(1).strip(),
        "enrol": {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", re.search(r"^ENROL (.*)$", out, re.M).group(1))},
        "non_2xx_3xx": int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0,
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
    }
    return out, figures


def count_applications(env: dict) -> int:
    code = "from enrolment.models import Application; print(Application.objects.count())"
    return int(run([str(PY), "manage.py", "shell", "-c", code], cwd=ROOT, env=env).stdout.strip().splitlines()[-1])


def stored_emails(env: dict, prefix: str) -> set[str]:
    code = (
        "from enrolment.models import Application; "
        f"print('\\n'.join(Application.objects.filter(email__startswith='{prefix}').values_list('email', flat=True)))"
    )
    out = run([str(PY), "manage.py", "shell", "-c", code], cwd=ROOT, env=env).stdout
    return {line.strip() for line in out.splitlines() if "@" in line}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_applications(url: str, state: dict, prefix: str, stop: threading.Event, outcomes: list) -> None:
    """One applicant after another, each waiting for its answer: (email, status, location)."""
    opener = urllib.request.build_opener(_NoRedirect)
    n = 0
    while not stop.is_set() and n < 10_000:
        n += 1
        email = f"{prefix}{n}@example.org"
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": urllib.parse.unquote(state["token"]),
                "started": urllib.parse.unquote(state["started"]),
                "cohort": "1",
                "full_name": "Fault Run",
                "email": email,
                "country": "GB",
                "qualification": "masters",
                "qualification_subject": "Mathematics",
                "research_track": state["tracks"].split(",")[0].strip().strip('"'),
                "consent": "on",
                "website": "",
            }
        ).encode()
        request = urllib.request.Request(
            url + PROGRAMME + "enrol/",
            data=body,
            headers={"Cookie": state["cookie"], "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with opener.open(request, timeout=20) as response:
                outcomes.append((email, response.status, response.headers.get("Location", "")))
        except urllib.error.HTTPError as exc:
            outcomes.append((email, exc.code, exc.headers.get("Location", "")))
        except OSError as exc:
            outcomes.append((email, 0, type(exc).__name__))
        time.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--fault-duration", type=int, default=40)
    parser.add_argument("--outage", type=int, default=10, help="seconds PostgreSQL is stopped in the fault run")
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    for tool in ("wrk", "pg_ctlcluster"):
        if shutil.which(tool) is None:
            print(f"{tool} is missing: run `make loadtest`, which installs it.")
            return 2

    fresh_database()
    port = free_port()
    redis = None
    env = production_env(
        port,
        DATABASE_URL=PG_URL,
        ENROL_RATE_LIMIT="0",
        ENROL_MIN_FILL_SECONDS="0",
        GUNICORN_MAX_REQUESTS="0",  # no recycling: memory growth must show if there is any
    )
    if shutil.which("redis-server"):
        redis_port = free_port()
        redis = subprocess.Popen(
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    run([str(PY), "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env)
    run([str(PY), "manage.py", "load_seed"], cwd=ROOT, env=env)
    run([str(PY), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env)
    server = start_gunicorn(env)
    url = f"http://127.0.0.1:{port}"
    failed = False
    try:
        state = form_state(url)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT % state)
        cache = "Redis" if redis else "local memory"
        print(f"Site: gunicorn on {url}, PostgreSQL ({DB_NAME}), cache: {cache}, {os.cpu_count()} cores")

        wrk(url, script.name, 10, args.connections)  # warm-up: backgrounds, connections, caches
        before = worker_rss(server.pid)
        applications_before = count_applications(env)
        out, f = wrk(url, script.name, args.duration, args.connections)
        after = worker_rss(server.pid)
        stored = count_applications(env) - applications_before
        print(f"\n1. Load: wrk -t2 -c{args.connections} -d{args.duration}s, a mix of pages, panels, plots, posts")
        print(f"   requests per second: {f['rps']:.1f} ({f['requests']} requests)")
        print(f"   latency ms: {f['latency']}")
        print(f"   statuses: {f['statuses']}; non-2xx/3xx: {f['non_2xx_3xx']} (target 0)")
        print(f"   enrolment posts: {f['enrol']['sent']} sent, {f['enrol']['stored']} answered with a reference")
        print(f"   applications stored: {stored} (posts still in flight when wrk stops may be stored unanswered)")
        print("   worker memory MiB (after warm-up -> after the run):")
        worst = 0.0
        for pid, rss in sorted(before.items()):
            growth = (after.get(pid, rss) - rss) / rss * 100
            worst = max(worst, growth)
            print(f"     pid {pid}: {rss} -> {after.get(pid, '?')} ({growth:+.1f}%)")
        print(f"   largest growth: {worst:+.1f}% (target ≤ 10%)")
        failed |= f["non_2xx_3xx"] > 0 or worst > 10

        # 2. Fault run: PostgreSQL stops for a while in the middle of a load.
        cluster = pg_cluster()
        result: dict = {}
        outcomes: list = []
        stop = threading.Event()
        poster = threading.Thread(target=post_applications, args=(url, state, "fault-", stop, outcomes))
        poster.start()
        load = threading.Thread(
            target=lambda: result.update(
                zip(("out", "f"), wrk(url, script.name, args.fault_duration, args.connections), strict=True)
            )
        )
        load.start()
        time.sleep((args.fault_duration - args.outage) / 2)
        run(["pg_ctlcluster", cluster, "main", "stop", "-m", "fast"])
        down_at = time.monotonic()
        during = []
        while time.monotonic() - down_at < args.outage:
            try:
                urllib.request.urlopen(url + PROGRAMME, timeout=5)
                during.append(200)
            except urllib.error.HTTPError as exc:
                during.append(exc.code)
                if exc.code == 503 and len(during) == 1:
                    body = exc.read().decode()
                    print(
                        "\n   during the outage the programme page says:", re.search(r"<h1>(.*?)</h1>", body).group(1)
                    )
            time.sleep(1)
        run(["pg_ctlcluster", cluster, "main", "start"])
        load.join()
        stop.set()
        poster.join()
        recovered = None
        for attempt in range(30):
            try:
                if urllib.request.urlopen(url + PROGRAMME, timeout=5).status == 200:
                    recovered = attempt
                    break
            except urllib.error.HTTPError:
                time.sleep(1)
        f = result["f"]
        stored = stored_emails(env, "fault-")
        answered = {email for email, status, location in outcomes if status == 302 and "/enrol/DM-" in location}
        errors = [status for email, status, location in outcomes if email not in answered]
        print(f"\n2. Fault run: {args.fault_duration}s of load, PostgreSQL stopped for {args.outage}s in the middle")
        print(f"   statuses: {f['statuses']}")
        print(f"   programme page during the outage: {sorted(set(during))} ({during.count(503)} × 503)")
        print(f"   recovered by itself: {'yes' if recovered is not None else 'NO'} (after {recovered or 0}s)")
        codes = {code: errors.count(code) for code in sorted(set(errors))}
        print(f"   applicants posting one after another: {len(outcomes)} posts, {len(answered)} got their reference,")
        print(f"   {len(errors)} got an error page {codes}; applications stored: {len(stored)}")
        half = len(stored ^ answered)
        print(f"   stored without a reference, or a reference not stored: {half} (target 0)")
        failed |= recovered is None or half != 0 or "500=" in f["statuses"]
        os.unlink(script.name)
    finally:
        stop_gunicorn(server)
        if redis:
            redis.terminate()
        # Whatever happened, leave PostgreSQL running.
        subprocess.run(["pg_ctlcluster", pg_cluster(), "main", "start"], capture_output=True, check=False)
    print("\nresult:", "FAILED" if failed else "all targets met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
