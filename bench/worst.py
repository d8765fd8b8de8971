"""The most expensive valid request of each activity, found and measured: `make bench` (its last part).

For each activity the search tries candidate states at the edges of every bound (the largest CLT runs
for each source, 500-step descents at each learning-rate decade from each corner, particles from a
grid of starts, 200 classifier points, each distribution at its extremes, matrices at ±10) and the
interactions a visitor can send (a classifier fit over 200 points, "Add 1000" at the CLT's bound).
Each candidate's costliest request (its 2× PNG, which computes and draws; or the fragment of an
interaction) is timed, the better of two runs, with an empty plots cache. The worst candidate is then
measured through the real views (Django's test client, without the test environment's template
instrumentation; DEBUG off; SQLite): each of its requests (page, fragment, data.json, PNG ×1,
PNG ×2) the first time (plots cache emptied before every run) and repeated (answered from the plots
cache), median and 95th percentile, and the peak memory of its costliest first-time request (the
process's peak RSS, reset through /proc/self/clear_refs before it; Python's own allocations by
tracemalloc beside it).

The figure backgrounds are drawn once per process (gunicorn's master draws them all before forking,
see gunicorn.conf.py); the search runs with them drawn, and the time to draw each activity's
costliest background from nothing is printed apart.
Budget (issue 9): 150 ms the first time, 5 ms repeated, 40 MiB peak.
"""

import argparse
import itertools
import random
import statistics
import sys
import time
import tracemalloc
from urllib.parse import urlencode

from django_env import setup  # bench/django_env.py

setup()

from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from activities.engine import scenes  # noqa: E402
from activities.kinds import REGISTRY  # noqa: E402
from activities.kinds.clt import maths as clt  # noqa: E402
from activities.kinds.distributions.maths import MAX_LOCATION, MAX_SCALE, MAX_TRIALS, SPECS  # noqa: E402
from activities.kinds.gradient_descent.maths import LOSSES, MAX_STEPS  # noqa: E402
from activities.kinds.gradient_field.maths import FIELDS  # noqa: E402
from activities.kinds.linear_classifier import kind as lc  # noqa: E402

FIRST_BUDGET_MS, REPEATED_BUDGET_MS, PEAK_BUDGET_MIB = 150, 5, 40
HTMX = {"HTTP_HX_REQUEST": "true"}


# --- Candidates: (query, interaction or "") for each activity --------------------------------------


def _corners(window: tuple[float, float, float, float], inset: float = 0.02) -> list[tuple[float, float]]:
    xmin, xmax, ymin, ymax = window
    dx, dy = (xmax - xmin) * inset, (ymax - ymin) * inset
    xs, ys = (xmin + dx, (xmin + xmax) / 2 + 0.013, xmax - dx), (ymin + dy, (ymin + ymax) / 2 + 0.011, ymax - dy)
    return [(round(x, 2), round(y, 2)) for x in xs for y in ys]


def candidates(slug: str, rng: random.Random) -> list[tuple[dict, str]]:
    if slug == "matrix-transform":
        states = [dict(zip("abcd", v, strict=True)) for v in itertools.product((-10, 0.1, 10), repeat=4)]
        states += [{k: round(rng.uniform(-10, 10), 2) for k in "abcd"} for _ in range(20)]
        return [(s, "") for s in states]
    if slug == "gradient-field":
        return [
            ({"field": name, "x": x, "y": y, "direction": direction}, "")
            for name, field in FIELDS.items()
            for x, y in _corners(field.window)
            for direction in ("ascent", "descent")
        ]
    if slug == "gradient-descent":
        states = []
        for name, loss in LOSSES.items():
            for (x, y), lr, optimizer in itertools.product(
                _corners(loss.window)[::4], (0.0001, 0.01, 0.2, 2.0), ("gd", "nesterov", "adam")
            ):
                states.append({"loss": name, "x": x, "y": y, "lr": lr, "steps": MAX_STEPS, "optimizer": optimizer})
        return [(s, "") for s in states]
    if slug == "linear-classifier":
        xmin, xmax, ymin, ymax = lc.LIMITS
        sets = []
        for _ in range(3):
            points = tuple(
                (round(rng.uniform(xmin, xmax), 2), round(rng.uniform(ymin, ymax), 2), rng.choice(("red", "blue")))
                for _ in range(lc.MAX_POINTS)
            )
            sets.append({"points": lc.encode_points(points), "w1": -1.23457e-05, "w2": 9.87654, "b": -0.123457})
        return [(s, action) for s in sets for action in ("", "fit-perceptron", "fit-logistic")]
    if slug == "distributions":
        states = []
        for dist, spec in SPECS.items():
            for view in ("pdf", "cdf"):
                if dist == "binomial":
                    pairs = [(MAX_TRIALS, p) for p in (0.001, 0.5, 0.999)]
                elif spec.discrete:
                    pairs = [(v, None) for v in (0.001, 0.999, MAX_SCALE)]
                elif spec.p2_label is None:
                    pairs = [(v, None) for v in (0.01, 1, MAX_SCALE)]
                elif dist in {"normal"}:
                    pairs = [(-MAX_LOCATION, 0.001), (MAX_LOCATION, MAX_SCALE)]
                elif dist == "uniform":
                    pairs = [(-MAX_LOCATION, MAX_LOCATION), (0, 0.001)]
                else:
                    pairs = [(a, b) for a in (0.01, MAX_SCALE) for b in (0.01, MAX_SCALE)]
                for p1, p2 in pairs:
                    state = {"dist": dist, "p1": p1, "view": view}
                    if p2 is not None:
                        state["p2"] = p2
                    states.append(state)
        return [(s, "") for s in states]
    if slug == "clt":
        states = []
        for source in clt.SOURCES:
            for n in (1, 10, 100, 1000):
                draws = clt.max_draws(n)
                states.append(({"source": source, "n": n, "draws": draws, "seed": rng.randrange(2**32)}, ""))
                below = {"source": source, "n": n, "draws": max(0, draws - 1000), "seed": 7}
                states.append((below, "add-1000"))
        return states
    raise KeyError(slug)


# --- Measuring ---------------------------------------------------------------------------------------


def _empty_plots_cache() -> None:
    caches["plots"].clear()


def _timed(client: Client, url: str, headers: dict) -> float:
    start = time.perf_counter()
    response = client.get(url, **headers)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        sys.exit(f"{url[:200]} answered {response.status_code}: {response.content[:300]!r}")
    return elapsed


def requests_for(slug: str, state: dict, action: str) -> list[tuple[str, str, dict]]:
    """(name, url, headers) of every request a state is served by; an interaction is one fragment."""
    query = urlencode(state)
    base_url = f"/activities/{slug}/"
    if action:
        return [(f"fragment do={action}", f"{base_url}?{query}&do={action}", HTMX)]
    return [
        ("page", f"{base_url}?{query}", {}),
        ("fragment", f"{base_url}?{query}", HTMX),
        ("data.json", f"{base_url}data.json?{query}", {}),
        ("PNG ×1", f"{base_url}plot.png?{query}", {}),
        ("PNG ×2", f"{base_url}plot.png?{query}&scale=2", {}),
    ]


def _status(path: str = "/proc/self/status") -> dict[str, int]:
    fields = {}
    with open(path) as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in {"VmRSS", "VmHWM"}:
                fields[name] = int(value.split()[0]) * 1024
    return fields


def peak_memory(client: Client, url: str, headers: dict) -> tuple[float, float]:
    """(peak RSS growth, peak Python allocations) in MiB for one first-time request."""
    _empty_plots_cache()
    tracemalloc.start()
    try:
        with open("/proc/self/clear_refs", "w") as clear:  # resets the peak RSS to the current RSS
            clear.write("5")
        before = _status()["VmRSS"]
        _timed(client, url, headers)
        rss_peak = _status()["VmHWM"] - before
    except OSError:  # no /proc (not Linux): Python's allocations only
        _timed(client, url, headers)
        rss_peak = float("nan")
    python_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return rss_peak / 2**20, python_peak / 2**20


def stats(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def background_ms(client: Client, slug: str, state: dict) -> float:
    """Time to draw this state's background from nothing plus its 2× PNG: once per worker thread."""
    scenes.clear_scenes()
    _empty_plots_cache()
    return _timed(client, f"/activities/{slug}/plot.png?{urlencode(state)}&scale=2", {})


def measure(client: Client, slug: str, worst: tuple, tried: int, runs: int) -> list[str]:
    """Print the first-time, repeated and peak-memory figures of a worst candidate; what is over budget."""
    cost, state, action = worst
    shown = urlencode(state)
    shown = shown if len(shown) <= 90 else f"{shown[:60]}… ({len(shown):,} characters)"
    print(f"{slug}: worst of {tried} valid candidates: {shown}{f' do={action}' if action else ''} ({cost:.1f} ms)")
    failures = []
    for name, url, headers in requests_for(slug, state, action):
        first = []
        for _ in range(runs):
            _empty_plots_cache()
            first.append(_timed(client, url, headers))
        _timed(client, url, headers)
        repeated = [_timed(client, url, headers) for _ in range(runs)]
        (f_med, f_p95), (r_med, r_p95) = stats(first), stats(repeated)
        rss, python = peak_memory(client, url, headers)
        ok = f_med <= FIRST_BUDGET_MS and r_med <= REPEATED_BUDGET_MS and not rss > PEAK_BUDGET_MIB
        if not ok:
            failures.append(f"{slug} {name}")
        print(
            f"  {name:<24} first {f_med:7.1f} / {f_p95:7.1f} ms   repeated {r_med:6.2f} / {r_p95:6.2f} ms"
            f"   peak {rss:5.1f} MiB RSS, {python:5.1f} MiB Python   {'ok' if ok else 'OVER BUDGET'}"
        )
    if not action:
        print(f"  its background drawn from nothing, then PNG ×2: {background_ms(client, slug, state):.1f} ms")
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="first-time and repeated runs of the worst state")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)
    client = Client()
    rng = random.Random(args.seed)
    budget = f"first time ≤ {FIRST_BUDGET_MS} ms, repeated ≤ {REPEATED_BUDGET_MS} ms, peak ≤ {PEAK_BUDGET_MIB} MiB"
    print(f"Budget: {budget}")
    print("(first/repeated: median / p95 of", args.runs, "runs; peak: RSS growth, Python allocations)\n")
    # The layout every page shares (navigation, footer, their SQL queries), measured on a page without
    # any activity state: the floor under every activity page's time, first or repeated.
    _timed(client, "/activities/", {})
    chrome = stats([_timed(client, "/activities/", {}) for _ in range(4 * args.runs)])
    print(f"Site layout alone (the activities index): {chrome[0]:.2f} / {chrome[1]:.2f} ms\n")
    failures = []
    for slug in REGISTRY:
        found = candidates(slug, rng)
        # Search: each candidate's costliest request once, first time (backgrounds already drawn).
        costs = []
        for state, action in found:
            name, url, headers = requests_for(slug, state, action)[-1]
            if client.get(url, **headers).status_code != 200:  # also draws this background if it is new
                continue  # outside a bound the form's own ranges do not show (a cross-parameter check)
            runs = []
            for _ in range(2):  # the better of two: a busy machine must not pick the worst candidate
                _empty_plots_cache()
                runs.append(_timed(client, url, headers))
            costs.append((min(runs), state, action))
        # The worst plain state, and the worst interaction when the activity has them.
        for group in (
            [c for c in costs if not c[2]],
            [c for c in costs if c[2]],
        ):
            if group:
                failures += measure(client, slug, max(group, key=lambda c: c[0]), len(costs), args.runs)
        print()
    print("All within budget." if not failures else "Over budget: " + ", ".join(failures))


if __name__ == "__main__":
    main()
