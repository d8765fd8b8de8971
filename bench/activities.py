"""Benchmark of the six activities' PNGs: `make bench`.

Part 1 renders each activity at typical parameters, new parameters every time, and prints the
median and 95th percentile in ms and the PNG bytes, for our way (a figure kept per process and
thread with its static background drawn once, only what changed redrawn, PNG encoded by Pillow at
compress level 1, animations as Pillow frames) and for the naive way measured in the same run: a
fresh pyplot figure per request drawing the same artists, `tight_layout` and
`savefig(bbox_inches="tight")`, one savefig per animation frame. It also times a repeated request
answered from Django's cache through the real view.

Part 2 (skipped with --no-server) starts the site under gunicorn on 127.0.0.1 and drives it with
wrk at 8 connections with a mix of new plot requests, printing requests per second, latency
percentiles and errors.
"""

import argparse
import contextlib
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dmath.settings")
os.environ.setdefault("MPLCONFIGDIR", str(ROOT / ".mplconfig"))

import django  # noqa: E402

django.setup()

import matplotlib  # noqa: E402

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402  (the naive way, for comparison only)
from PIL import Image  # noqa: E402

from activities.engine import layout, scenes, style  # noqa: E402
from activities.engine import params as P  # noqa: E402
from activities.kinds import REGISTRY  # noqa: E402
from bench.serve import free_port, production_env, start_gunicorn, stop_gunicorn  # noqa: E402


def typical(slug: str, rng: random.Random) -> dict:
    """New, typical parameters for an activity (raw strings, as a query string would carry them)."""
    r = lambda lo, hi: f"{rng.uniform(lo, hi):.2f}"  # noqa: E731
    if slug == "matrix-transform":
        return {k: r(-2, 2) for k in "abcd"}
    if slug == "gradient-field":
        return {"field": rng.choice(["bowl", "saddle", "hill"]), "x": r(-1.5, 1.5), "y": r(-1.5, 1.5)}
    if slug == "gradient-descent":
        return {"loss": rng.choice(["bowl", "elongated"]), "x": r(-1.8, 1.8), "y": r(-1.8, 1.8), "lr": r(0.02, 0.2)}
    if slug == "linear-classifier":
        return {"w1": r(-3, 3), "w2": r(-3, 3), "b": r(-2, 2)}
    if slug == "distributions":
        return {"dist": "normal", "p1": r(-2, 2), "p2": r(0.5, 2)}
    if slug == "clt":
        return {
            "source": rng.choice(["uniform", "exponential", "die"]),
            "n": "10",
            "draws": "500",
            "seed": str(rng.randrange(10**6)),
        }
    raise KeyError(slug)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ours(kind, raw: dict, scale: int = 1) -> bytes:
    values = P.parse(kind.params, raw)
    return kind.render(values, kind.compute(values), scale)


@contextlib.contextmanager
def naive_figures():
    """Make every figure a fresh pyplot figure with no cached background (the straightforward way)."""
    created = []
    real = style.new_figure

    def pyplot_figure(scale: int = 1):
        fig = plt.figure(figsize=(layout.WIDTH / layout.DPI, layout.HEIGHT / layout.DPI), dpi=layout.DPI * scale)
        ax = fig.add_axes(layout.AXES_RECT)
        style.style_axes(ax)
        created.append(fig)
        return fig, fig.canvas, ax

    style.new_figure = pyplot_figure
    try:
        yield created
    finally:
        style.new_figure = real


def _savefig(fig) -> bytes:
    out = io.BytesIO()
    fig.tight_layout()
    fig.savefig(out, format="png", bbox_inches="tight")
    plt.close(fig)
    return out.getvalue()


def naive_distributions(kind, raw: dict) -> bytes:
    """Density, mean and ±σ band drawn entirely with pyplot (ours draws its changing axes with Pillow)."""
    values = P.parse(kind.params, raw)
    d = kind.data(values, kind.compute(values))
    fig, ax = plt.subplots(figsize=(layout.WIDTH / layout.DPI, layout.HEIGHT / layout.DPI), dpi=layout.DPI)
    x, y = d["x"], [v if v is not None else 0 for v in d["density"]]
    ax.plot(x, y, color=style.BLUE, lw=2)
    ax.fill_between(x, y, alpha=0.2, color=style.SKY_BLUE)
    sd = d["variance"] ** 0.5 if d["variance"] else 0
    ax.axvspan(d["mean"] - sd, d["mean"] + sd, color=style.YELLOW, alpha=0.25)
    ax.axvline(d["mean"], color=style.VERMILLION, ls="--")
    ax.set(xlabel="x", ylabel="density", title=f"{d['dist']}: mean {d['mean']:.3g}, variance {d['variance']:.3g}")
    ax.grid(alpha=0.3)
    return _savefig(fig)


def naive_clt(kind, raw: dict) -> bytes:
    """Histogram of the means with the normal curve, drawn entirely with pyplot."""
    import numpy as np

    values = P.parse(kind.params, raw)
    d = kind.data(values, kind.compute(values))
    edges, counts = np.array(d["histogram"]["edges"]), np.array(d["histogram"]["counts"])
    fig, ax = plt.subplots(figsize=(layout.WIDTH / layout.DPI, layout.HEIGHT / layout.DPI), dpi=layout.DPI)
    widths = np.diff(edges)
    ax.bar(edges[:-1], counts / max(1, counts.sum()) / widths, width=widths, align="edge", color=style.SKY_BLUE)
    x = np.linspace(edges[0], edges[-1], 200)
    mu, var = d["theory_mean"], d["theory_var"]
    ax.plot(x, np.exp(-((x - mu) ** 2) / (2 * var)) / np.sqrt(2 * np.pi * var), color=style.VERMILLION, lw=2)
    ax.set(xlabel="sample mean", ylabel="density", title=f"Total sample means: {d['total']}")
    ax.grid(alpha=0.3)
    return _savefig(fig)


# Kinds whose changing parts ours draws with Pillow: the naive way draws the same numbers with pyplot.
NAIVE_BY_HAND = {"distributions": naive_distributions, "clt": naive_clt}


def naive(kind, raw: dict) -> bytes:
    """The same drawing, naively: fresh pyplot figure, tight_layout, savefig(bbox_inches="tight") per frame."""
    if kind.slug in NAIVE_BY_HAND:
        return NAIVE_BY_HAND[kind.slug](kind, raw)
    scenes.clear_scenes()
    with naive_figures() as created:
        png = ours(kind, raw)
    frames = getattr(Image.open(io.BytesIO(png)), "n_frames", 1)
    out = io.BytesIO()
    for fig in created:
        for artist in fig.axes[0].get_children():
            with contextlib.suppress(AttributeError):
                artist.set_animated(False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tight_layout warns about fixed-position axes
            fig.tight_layout()
        for _ in range(frames):
            out.seek(0)
            fig.savefig(out, format="png", bbox_inches="tight")
        plt.close(fig)
    scenes.clear_scenes()
    return out.getvalue()


def time_calls(fn, samples: list[dict]) -> tuple[list[float], int]:
    times, size = [], 0
    for raw in samples:
        start = time.perf_counter()
        png = fn(raw)
        times.append((time.perf_counter() - start) * 1000)
        size = len(png)
    return times, size


def cached_view_ms(slug: str, raw: dict, repeats: int = 200) -> list[float]:
    """A repeated plot request answered from Django's cache through the real view (no HTTP)."""
    from django.test import RequestFactory
    from django.urls import resolve

    path = f"/activities/{slug}/plot.png"
    view = resolve(path)
    factory = RequestFactory()
    request = factory.get(path, raw)
    view.func(request, *view.args, **view.kwargs)  # fills the cache
    times = []
    for _ in range(repeats):
        request = factory.get(path, raw)
        start = time.perf_counter()
        response = view.func(request, *view.args, **view.kwargs)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times


def part_one(n: int, naive_n: int) -> None:
    rng = random.Random(16)
    print(f"Part 1: PNG renders at 560×420, new parameters each time ({n} ours, {naive_n} naive per activity)")
    header = (
        f"{'activity':<19}{'ours median':>12}{'p95':>9}{'bytes':>9}  "
        f"{'naive median':>13}{'p95':>10}{'bytes':>9}{'ratio':>8}"
    )
    print(header)
    print("-" * len(header))
    for slug, kind in REGISTRY.items():
        for _ in range(5):  # warm-up: backgrounds drawn once per process
            ours(kind, typical(slug, rng))
        times, size = time_calls(lambda raw, k=kind: ours(k, raw), [typical(slug, rng) for _ in range(n)])
        ntimes, nsize = time_calls(lambda raw, k=kind: naive(k, raw), [typical(slug, rng) for _ in range(naive_n)])
        med, nmed = statistics.median(times), statistics.median(ntimes)
        tag = " (animated)" if kind.animated else ""
        print(
            f"{slug:<19}{med:>10.1f}ms{percentile(times, 0.95):>7.1f}ms{size:>9}  "
            f"{nmed:>11.1f}ms{percentile(ntimes, 0.95):>8.1f}ms{nsize:>9}{nmed / med:>7.1f}×{tag}"
        )
    print()
    print("Repeated request (same URL) answered from Django's cache through the real view:")
    for slug in ("matrix-transform", "gradient-descent"):
        times = cached_view_ms(slug, typical(slug, rng))
        print(f"  {slug:<19} median {statistics.median(times):.3f} ms, p95 {percentile(times, 0.95):.3f} ms")
    print()


WRK_SCRIPT = r"""
-- New plot requests: random parameters from a large space, so nothing is served from cache.
local paths = {
  function() return string.format("/activities/matrix-transform/plot.png?a=%.2f&b=%.2f&c=%.2f&d=%.2f",
    math.random()*4-2, math.random()*4-2, math.random()*4-2, math.random()*4-2) end,
  function() return string.format("/activities/linear-classifier/plot.png?w1=%.2f&w2=%.2f&b=%.2f",
    math.random()*6-3, math.random()*6-3, math.random()*4-2) end,
  function() return string.format("/activities/distributions/plot.png?dist=normal&p1=%.2f&p2=%.2f",
    math.random()*4-2, math.random()*1.5+0.5) end,
  function() return string.format("/activities/clt/plot.png?source=uniform&n=10&draws=300&seed=%d",
    math.random(1, 1000000)) end,
  function() return string.format("/activities/gradient-field/plot.png?field=bowl&x=%.2f&y=%.2f",
    math.random()*3-1.5, math.random()*3-1.5) end,
  function() return string.format("/activities/gradient-descent/plot.png?loss=bowl&x=%.2f&y=%.2f&lr=%.2f",
    math.random()*3.6-1.8, math.random()*3.6-1.8, math.random()*0.18+0.02) end,
}
local counter = 0
function setup(thread) counter = counter + 1; thread:set("id", counter) end
function init(args) math.randomseed(os.time() * 1000 + id) end
request = function() return wrk.format("GET", paths[math.random(#paths)]()) end
"""


def part_two(duration: int) -> None:
    wrk = shutil.which("wrk")
    if wrk is None:
        print("Part 2 skipped: wrk is not installed (apt-get install wrk).")
        return
    port = free_port()
    server = start_gunicorn(production_env(port))
    url = f"http://127.0.0.1:{port}"
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        # Warm-up: each worker draws its static backgrounds once.
        subprocess.run([wrk, "-t2", "-c8", "-d5s", "-s", script.name, url], capture_output=True, check=False)
        print(f"Part 2: gunicorn ({os.cpu_count()} cores), wrk -t2 -c8 -d{duration}s, a mix of new plot requests")
        result = subprocess.run(
            [wrk, "-t2", "-c8", f"-d{duration}s", "--latency", "-s", script.name, url],
            capture_output=True,
            text=True,
            check=False,
        )
        print(result.stdout)
        os.unlink(script.name)
    finally:
        stop_gunicorn(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=60, help="renders per activity, our way")
    parser.add_argument("--naive", type=int, default=8, help="renders per activity, the naive way")
    parser.add_argument("--duration", type=int, default=20, help="seconds of load in part 2")
    parser.add_argument("--no-server", action="store_true", help="skip part 2")
    args = parser.parse_args()
    part_one(args.n, args.naive)
    if not args.no_server:
        part_two(args.duration)


if __name__ == "__main__":
    main()
