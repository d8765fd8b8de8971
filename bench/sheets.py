"""What the phone sheet costs (issue 19, item 3): memory per worker, time per figure, bytes: `python bench/sheets.py`.

A worker keeps every figure background drawn (engine/scenes.py; gunicorn's master draws them before it forks).
Printed:

- memory: the process's resident set (RSS, from /proc/self/status) after drawing every background of the
  desk sheet at scales 1 and 2 (what a worker held before), then after the phone sheet's too: the
  difference is what the phone sheet costs per worker; and Python's own allocations for each (tracemalloc);
- time: per activity, cold PNG requests of its default state through the real view (plots cache emptied
  before each, backgrounds drawn), desk against phone at scales 1 and 2: median and p95 in ms, and the
  phone's median as a ratio of the desk's in the same run;
- bytes: the PNG of that state on each sheet and scale.
"""

import argparse
import gc
import statistics
import time
import tracemalloc

from django_env import setup  # bench/django_env.py

setup()

from django.core.cache import caches  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.urls import resolve  # noqa: E402

from activities.engine import layout, scenes  # noqa: E402
from activities.kinds import REGISTRY  # noqa: E402

VARIANTS = {"desk 1×": "", "desk 2×": "scale=2", "phone 1×": "size=phone", "phone 2×": "size=phone&scale=2"}


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def warm(size: layout.Size) -> tuple[float, float]:
    """Draw every background of one sheet at both scales: RSS growth and Python's allocations, MiB."""
    gc.collect()
    before = rss_mib()
    tracemalloc.start()
    for scale in layout.SCALES:
        for warmer in scenes._WARMERS:
            warmer(scale, size)
    allocated = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    gc.collect()
    return rss_mib() - before, allocated


def cold(slug: str, query: str):
    caches["plots"].clear()
    path = f"/activities/{slug}/plot.png"
    match = resolve(path)
    return match.func(RequestFactory().get(f"{path}?{query}"), *match.args, **match.kwargs)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9, help="cold requests per activity and variant (default 9)")
    args = parser.parse_args()
    cold("clt", "")  # imports, fonts

    desk_rss, desk_py = warm(layout.DESK)
    phone_rss, phone_py = warm(layout.PHONE)
    held = len(scenes._cache.scenes)
    print(f"Backgrounds held: {held} ({held // 2} per sheet, both scales); MAX_SCENES = {scenes.MAX_SCENES}")
    print(f"desk sheet:  RSS +{desk_rss:6.1f} MiB, Python allocations {desk_py:6.1f} MiB")
    print(f"phone sheet: RSS +{phone_rss:6.1f} MiB, Python allocations {phone_py:6.1f} MiB  (the extra per worker)")
    print()
    header = f"{'activity':18} {'variant':9} {'median':>7} {'p95':>7} {'bytes':>8} {'×desk':>6}"
    print(f"Cold PNG requests of the default state, {args.repeats} each; ms.")
    print(header)
    print("-" * len(header))
    ratios = []
    for slug in REGISTRY:
        medians = {}
        for name, query in VARIANTS.items():
            times = []
            for _ in range(args.repeats):
                start = time.perf_counter()
                response = cold(slug, query)
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (slug, query)
            medians[name] = statistics.median(times)
            desk = medians[name.replace("phone", "desk")]
            ratio = medians[name] / desk
            if name.startswith("phone"):
                ratios.append(ratio)
            print(
                f"{slug:18} {name:9} {medians[name]:7.1f} {percentile(times, 0.95):7.1f} "
                f"{len(response.content):8,} {ratio:6.2f}"
            )
    print()
    print(f"phone sheet: median {statistics.median(ratios):.2f}× the desk sheet's time at the same scale")


if __name__ == "__main__":
    main()
