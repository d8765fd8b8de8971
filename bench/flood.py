"""A flood of unique plots and SVGs against the production site: `make flood` (also the last part of `make loadtest`).

Starts the site as `make serve` runs it (bench/serve.py: gunicorn with gunicorn.conf.py, production
settings, no worker recycling so that any growth shows), warms every worker up, then sends
``--count`` (2,000) plot URLs that are all different, half of them at scale 2 and a third of them
animations, then ``--svgs`` (960) distinct SVGs of 500-step descents (~300 kB each, the largest
file a state makes), from ``--connections`` (8) threads, to 127.0.0.1 only, within ``--deadline``
seconds. It prints the answers by status, the latency percentiles, and each gunicorn worker's
resident memory before, after the PNGs and after the SVGs (target: what it held after warm-up plus
the plots cache's budget and some slack), and the whole server's memory (PSS).
"""

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadtest import timed_get, worker_rss  # noqa: E402
from bench.serve import free_port, production_env, start_gunicorn, stop_gunicorn  # noqa: E402

# A worker's memory: what it holds after warm-up, plus at most the plots cache's budget
# (PLOTS_CACHE_MAX_MB, 64 MiB by default) and some allocator slack (activities/engine/memory.py).
SLACK_MIB = 40
LOSSES = ("bowl", "elongated", "rosenbrock", "himmelblau", "saddle")
FIELDS = ("bowl", "saddle", "hill", "ripple", "himmelblau")
# One plot per figure background (34 with both scales): what a worker holds once it has seen them all.
BACKGROUNDS = (
    [f"matrix-transform/plot.png?a={a}&b={b}&c=0&d={a}" for a, b in ((1, 0), (3, 0), (8, 0), (10, 10))]
    + [f"gradient-descent/plot.png?loss={loss}" for loss in LOSSES]
    + [f"gradient-field/plot.png?field={field}&x=0.5&y=0.5" for field in FIELDS]
    + ["linear-classifier/plot.png?", "distributions/plot.png?", "clt/plot.png?draws=100"]
)


def plot_query(index: int, rng: random.Random) -> tuple[str, str]:
    """A valid plot state for the activity of turn ``index``; ``index`` makes it unique."""
    tick = index * 1e-5  # a different learning rate, weight or parameter for every URL
    kind = ("gradient-descent", "gradient-field", "matrix-transform", "linear-classifier", "distributions", "clt")[
        index % 6
    ]
    if kind == "gradient-descent":
        state = {
            "loss": rng.choice(LOSSES),
            "x": round(rng.uniform(-0.9, 0.9), 2),
            "y": round(rng.uniform(-0.9, 0.9), 2),
            "lr": round(0.001 + tick, 6),
            "steps": rng.choice((50, 200, 500)),
            "optimizer": rng.choice(("gd", "momentum", "nesterov", "adam")),
        }
    elif kind == "gradient-field":
        state = {
            "field": rng.choice(FIELDS),
            "x": round(rng.uniform(-0.9, 0.9), 2),
            "y": round(rng.uniform(-0.9, 0.9), 2) + (index % 97) / 1000,
            "direction": rng.choice(("ascent", "descent")),
        }
    elif kind == "matrix-transform":
        state = {k: round(rng.uniform(-3, 3), 2) for k in "abc"} | {"d": round(1 + tick, 6)}
    elif kind == "linear-classifier":
        state = {"w1": round(rng.uniform(-3, 3), 2), "w2": round(rng.uniform(-3, 3), 2), "b": round(tick, 6)}
    elif kind == "distributions":
        state = {"dist": "normal", "p1": round(rng.uniform(-2, 2), 2), "p2": round(0.5 + tick, 6)}
    else:
        state = {"source": rng.choice(("uniform", "exponential", "die", "bimodal")), "n": 30, "draws": 2000}
        state["seed"] = index
    return kind, urlencode(state)


def svg_urls(count: int, seed: int) -> list[str]:
    """Distinct 500-step descents as SVG: each ~300 kB, so a few hundred fill the plots cache's budget."""
    rng = random.Random(seed)
    found: dict[str, None] = {}
    index = 0
    while len(found) < count:
        loss = LOSSES[index % 2]  # bowl and elongated: windows that hold every start below
        state = {
            "loss": loss,
            "x": round(rng.uniform(-1.9, 1.9), 2),
            "y": round(rng.uniform(-1.4, 1.4), 2),
            "lr": round(0.001 + index * 1e-5, 6),
            "steps": 500,
            "optimizer": rng.choice(("gd", "momentum", "nesterov", "adam")),
        }
        found[f"/activities/gradient-descent/plot.svg?{urlencode(state)}"] = None
        index += 1
    return list(found)


def urls(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    found: list[str] = []
    seen: set[str] = set()
    index = 0
    while len(found) < count:
        kind, query = plot_query(index, rng)
        scale = "&scale=2" if index % 2 else ""
        url = f"/activities/{kind}/plot.png?{query}{scale}"
        if url not in seen:
            seen.add(url)
            found.append(url)
        index += 1
    return found


def server_pss(master: int) -> int:
    """The memory of the whole server in MiB: master and workers, each page shared copy-on-write counted once (PSS)."""
    total = 0
    for pid in [master, *worker_rss(master)]:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
        total += int(match.group(1)) if match else 0
    return total // 1024


def fetch(base: str, path: str, deadline: float) -> tuple[int, float]:
    """(status, milliseconds) of one GET; status 0 when it failed or the deadline had passed."""
    if time.monotonic() > deadline:
        return 0, 0.0
    return timed_get(base + path, timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="unique plot URLs to send (at most 10,000)")
    parser.add_argument("--svgs", type=int, default=960, help="distinct descent SVGs to send next (at most 5,000)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--deadline", type=int, default=600, help="seconds after which no request is sent")
    parser.add_argument("--port", type=int, default=0, help="port for gunicorn on 127.0.0.1 (default: a free one)")
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    count = max(1, min(args.count, 10_000))  # bounded, whatever is asked
    svg_count = max(1, min(args.svgs, 5_000))
    port = args.port or free_port()
    database = Path(tempfile.mkdtemp()) / "flood.sqlite3"
    env = production_env(port, DATABASE_URL=f"sqlite:///{database}", GUNICORN_MAX_REQUESTS="0")
    env.pop("REDIS_URL", None)  # each worker's own plots cache: its memory is what this run measures
    server = start_gunicorn(env)
    base = f"http://127.0.0.1:{port}"
    try:
        expected = int(env.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) + 1)  # as gunicorn.conf.py
        for _ in range(150):  # the workers are forked once the master has drawn the backgrounds
            workers = sorted(worker_rss(server.pid))
            if len(workers) >= expected:
                break
            time.sleep(0.2)
        print(f"Site: gunicorn on {base}, {len(workers)} workers, {os.cpu_count()} cores, cache: local memory")
        # Warm-up: every background at both scales, a few times over so that each worker draws them.
        warm = [f"/activities/{path}&scale={scale}" for path in BACKGROUNDS for scale in (1, 2)] * 2 * len(workers)
        with ThreadPoolExecutor(len(workers)) as pool:
            list(pool.map(lambda u: fetch(base, u, time.monotonic() + 120), warm))
        before = worker_rss(server.pid)
        pss_before = server_pss(server.pid)
        print(f"Warm-up: {len(warm)} requests. Worker memory before: {', '.join(f'{m} MiB' for m in before.values())}")

        deadline = time.monotonic() + args.deadline
        peak: dict[int, int] = dict(before)
        paths = urls(count, args.seed)
        pngs = flood(base, paths, args.connections, deadline, server.pid, peak)
        after_pngs = worker_rss(server.pid)
        svgs = flood(base, svg_urls(svg_count, args.seed), args.connections, deadline, server.pid, peak)
        after = worker_rss(server.pid)
        pss_after = server_pss(server.pid)
        for pid, mib in after.items():
            peak[pid] = max(peak.get(pid, 0), mib)
    finally:
        stop_gunicorn(server)

    scale2 = sum(1 for p in paths if "scale=2" in p)
    report(f"{count:,} unique plot URLs ({scale2:,} at scale 2)", pngs, args.connections)
    report(f"{svg_count:,} distinct SVGs of 500-step descents", svgs, args.connections)
    budget = int(env.get("PLOTS_CACHE_MAX_MB") or 64)
    target = {pid: mib + budget + SLACK_MIB for pid, mib in before.items()}
    print(f"Worker memory (MiB, resident), target: before + the plots cache's {budget} MiB + {SLACK_MIB}:")
    for pid in sorted(before):
        print(
            f"  pid {pid}: before {before[pid]}, after the PNGs {after_pngs.get(pid, '?')}, "
            f"after the SVGs {after.get(pid, '?')}, highest seen {peak.get(pid, '?')} (target {target[pid]})"
        )
    print(
        f"Server (master and {len(before)} workers, shared pages counted once, PSS): "
        f"{pss_before} MiB before, {pss_after} MiB after"
    )
    ok = pngs.all_ok and svgs.all_ok and all(peak.get(pid, 0) <= target[pid] for pid in before)
    print("Within target." if ok else "NOT within target (or not every request was answered 200).")
    return 0 if ok else 1


@dataclass
class Run:
    """What one flood got back: answers by status, latencies and wall time."""

    count: int
    statuses: dict[int, int] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def all_ok(self) -> bool:
        return self.statuses.get(200, 0) == self.count


def flood(base: str, paths: list[str], connections: int, deadline: float, master: int, peak: dict) -> Run:
    """Send every path from ``connections`` threads, noting each worker's highest memory every 250 answers."""
    run = Run(len(paths))
    lock = threading.Lock()

    def one(path: str) -> None:
        status, ms = fetch(base, path, deadline)
        with lock:
            run.statuses[status] = run.statuses.get(status, 0) + 1
            run.times.append(ms)
            if len(run.times) % 250 == 0:
                for pid, mib in worker_rss(master).items():
                    peak[pid] = max(peak.get(pid, 0), mib)

    start = time.monotonic()
    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(one, paths))
    run.elapsed = time.monotonic() - start
    return run


def report(what: str, run: Run, connections: int) -> None:
    print(f"Flood: {what}, {connections} connections, {run.elapsed:.1f} s, {run.count / run.elapsed:.0f} per second")
    print("  answers: " + ", ".join(f"{status or 'failed'}: {n:,}" for status, n in sorted(run.statuses.items())))
    answered = sorted(t for t in run.times if t > 0)
    if answered:
        pct = lambda q: answered[min(len(answered) - 1, round(q * (len(answered) - 1)))]  # noqa: E731
        print(
            f"  latency: median {statistics.median(answered):.1f} ms, p95 {pct(0.95):.1f} ms, "
            f"p99 {pct(0.99):.1f} ms, max {answered[-1]:.1f} ms"
        )


if __name__ == "__main__":
    sys.exit(main())
