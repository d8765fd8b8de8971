"""Benchmark of a state's exports, ``audio.wav`` and ``plot.svg``, against its PNG: `python bench/exports.py`.

For every activity's default state and presets, each form (PNG at scale 1, SVG, WAV) is requested
through its real view (Django's RequestFactory, no HTTP, DEBUG off) ``--repeats`` times, cold each
time: the plots cache is emptied before every request, so each computes the state and draws it (the
figure backgrounds are drawn beforehand, as gunicorn's master does before forking). Printed per state
and form: the median and 95th percentile in ms, the bytes, Python's peak allocation during one cold
request (tracemalloc, measured apart from the timings), and the median CPU time (``process_time``: the
wall clock on a shared machine also counts other processes) as a multiple of the PNG's.
"""

import argparse
import statistics
import time
import tracemalloc

from django_env import setup  # bench/django_env.py

setup()

from django.core.cache import caches  # noqa: E402
from django.http import Http404  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.urls import resolve  # noqa: E402

from activities.engine import params as param_specs  # noqa: E402
from activities.engine import scenes  # noqa: E402
from activities.kinds import REGISTRY  # noqa: E402
from activities.web.state import canonical_query  # noqa: E402

FORMS = {"png": "plot.png", "svg": "plot.svg", "wav": "audio.wav"}


def states(kind) -> list[tuple[str, str]]:
    """(name, canonical query) of the kind's defaults and each of its presets."""
    defaults = param_specs.parse(kind.params, {})
    named = [("defaults", canonical_query(kind, defaults))]
    return named + [(p.slug, canonical_query(kind, {**defaults, **p.values})) for p in kind.presets]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cold_request(path: str, query: str):
    """One request through the real view with an empty plots cache: it computes and draws."""
    caches["plots"].clear()
    match = resolve(path)
    return match.func(RequestFactory().get(f"{path}?{query}"), *match.args, **match.kwargs)


def measure(path: str, query: str, repeats: int) -> dict | None:
    """Timings (ms), bytes and tracemalloc peak (MiB) of cold requests; None where the form does not exist."""
    try:
        cold_request(path, query)  # also warms imports and fonts
    except Http404:
        return None
    times, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = cold_request(path, query)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (path, query, response.status_code)
    tracemalloc.start()
    cold_request(path, query)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {
        "median": statistics.median(times),
        "p95": percentile(times, 0.95),
        "cpu": statistics.median(cpu),
        "bytes": len(response.content),
        "peak": peak,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="cold requests per state and form (default 7)")
    parser.add_argument("--kinds", nargs="*", default=list(REGISTRY), help="activity slugs (default: all six)")
    args = parser.parse_args()
    scenes.warm_scenes()

    print(f"Cold requests (plots cache emptied before each), {args.repeats} per state and form; ms, bytes, MiB.")
    print("median and p95: wall-clock time; cpu: the median process CPU time, less sensitive to a busy machine.")
    header = f"{'activity':18} {'state':16} {'form':4} {'median':>7} {'p95':>7} {'cpu':>7} {'bytes':>9} {'peak':>6}"
    header += f" {'×PNG':>6}"
    print(header)
    print("-" * len(header))
    totals: dict[str, list[float]] = {form: [] for form in FORMS}
    ratios: dict[str, list[float]] = {"svg": [], "wav": []}
    for slug in args.kinds:
        for name, query in states(REGISTRY[slug]):
            png = None
            for form, file in FORMS.items():
                row = measure(f"/activities/{slug}/{file}", query, args.repeats)
                if row is None:
                    continue
                png = png or row
                ratio = row["cpu"] / png["cpu"]
                totals[form].append(row["cpu"])
                if form != "png":
                    ratios[form].append(ratio)
                print(
                    f"{slug:18} {name[:16]:16} {form:4} {row['median']:7.1f} {row['p95']:7.1f} {row['cpu']:7.1f} "
                    f"{row['bytes']:9,} {row['peak']:6.1f} {ratio:6.2f}"
                )
    print()
    for form, medians in totals.items():
        if medians:
            extra = f", median {statistics.median(ratios[form]):.2f}× the PNG" if form in ratios else ""
            print(f"{form}: {len(medians)} states, median CPU time {statistics.median(medians):.1f} ms{extra}")


if __name__ == "__main__":
    main()
