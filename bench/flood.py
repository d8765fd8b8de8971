"""A flood of unique plots against the production site: `make flood` (also the last part of `make loadtest`).

Starts the site as `make serve` runs it (bench/serve.py: gunicorn with gunicorn.conf.py, production
settings, no worker recycling so that any growth shows), warms every worker up, then sends
``--count`` (2,000) plot URLs that are all different, half of them at scale 2 and a third of them
animations, from ``--connections`` (8) threads, to 127.0.0.1 only, within ``--deadline`` seconds.
It prints the answers by status, the latency percentiles, and each gunicorn worker's resident memory
before and after (target: under 300 MiB per worker).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadtest import timed_get, worker_rss  # noqa: E402
from bench.serve import free_port, production_env, start_gunicorn, stop_gunicorn  # noqa: E402

TARGET_MIB = 300
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


def fetch(base: str, path: str, deadline: float) -> tuple[int, float]:
    """(status, milliseconds) of one GET; status 0 when it failed or the deadline had passed."""
    if time.monotonic() > deadline:
        return 0, 0.0
    return timed_get(base + path, timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="unique plot URLs to send (at most 10,000)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--deadline", type=int, default=600, help="seconds after which no request is sent")
    parser.add_argument("--port", type=int, default=0, help="port for gunicorn on 127.0.0.1 (default: a free one)")
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    count = max(1, min(args.count, 10_000))  # bounded, whatever is asked
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
        print(f"Warm-up: {len(warm)} requests. Worker memory before: {', '.join(f'{m} MiB' for m in before.values())}")

        paths = urls(count, args.seed)
        deadline = time.monotonic() + args.deadline
        statuses: dict[int, int] = {}
        times: list[float] = []
        lock = threading.Lock()
        peak: dict[int, int] = dict(before)

        def one(path: str) -> None:
            status, ms = fetch(base, path, deadline)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                times.append(ms)
                if len(times) % 250 == 0:
                    for pid, mib in worker_rss(server.pid).items():
                        peak[pid] = max(peak.get(pid, 0), mib)

        start = time.monotonic()
        with ThreadPoolExecutor(args.connections) as pool:
            list(pool.map(one, paths))
        elapsed = time.monotonic() - start
        after = worker_rss(server.pid)
        for pid, mib in after.items():
            peak[pid] = max(peak.get(pid, 0), mib)
    finally:
        stop_gunicorn(server)

    answered = sorted(t for t in times if t > 0)
    print(
        f"Flood: {count:,} unique plot URLs ({sum(1 for p in paths if 'scale=2' in p):,} at scale 2), "
        f"{args.connections} connections, {elapsed:.1f} s, {count / elapsed:.0f} plots/s"
    )
    print("  answers: " + ", ".join(f"{status or 'failed'}: {n:,}" for status, n in sorted(statuses.items())))
    if answered:
        pct = lambda q: answered[min(len(answered) - 1, round(q * (len(answered) - 1)))]  # noqa: E731
        print(
            f"  latency: median {statistics.median(answered):.1f} ms, p95 {pct(0.95):.1f} ms, "
            f"p99 {pct(0.99):.1f} ms, max {answered[-1]:.1f} ms"
        )
    print(f"Worker memory (MiB), target under {TARGET_MIB}:")
    for pid in sorted(before):
        print(f"  pid {pid}: before {before[pid]}, after {after.get(pid, '?')}, highest seen {peak.get(pid, '?')}")
    ok = statuses.get(200, 0) == count and all(m < TARGET_MIB for m in peak.values())
    print("Within target." if ok else "NOT within target (or not every plot was answered 200).")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
