"""Input → new figure painted, per activity at 360 and 1280 px, in real Chromium (issue 19, item 2).

    .venv/bin/python bench/latency.py                     # starts its own production site (gunicorn)
    .venv/bin/python bench/latency.py --url http://127.0.0.1:8000 --presses 20

The site is the one `make serve` runs behind nginx (production settings, gunicorn, WhiteNoise's static
files), on a throwaway seeded database (bench/audit.py). nginx is left out: its per-address limit is
for the internet, not for one benchmark. For each activity that has a slider, it prints:

- ``key``: an arrow key on the first slider → the new figure decoded and painted (next animation
  frame), p50 and p95 over ``--presses`` presses, and where that time goes: the PNG's request (from
  Resource Timing: request start → response end) and the rest (decode and paint);
- ``field``: a typed number in that slider's field and Tab → the new figure painted: the live script
  asks for the new state's still at once (the panel's own URL for a kind that never animates), paints
  it once decoded, then asks for the panel, whose swap finds the image decoded. A second table says
  where that time goes, from Resource Timing and the marks the probe sets on htmx's events: the
  figure's request (start → response end), the panel's request (start → response end) and the swap
  (htmx:afterSwap), each counted from the Tab;
- ``drag``: a 2-second pointer drag along the slider (or, for an activity without one, across the
  figure, which moves what a click places): distinct figures painted, and the most figure requests in
  flight at once.

Each key press reaches a state not seen before (states revisited would be cache hits).

Targets on this 2-core machine: key and field p50 ≤ 60 ms, p95 ≤ 120 ms, ≥ 20 figures in the drag,
in flight ≤ 1.
The figures are medians of what the machine gives while it runs: say what else was running.
"""

import argparse
import os
import statistics
import sys
from contextlib import nullcontext
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.audit import production_site  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SLUGS = ("matrix-transform", "gradient-descent", "gradient-field", "distributions", "clt", "linear-classifier")
WIDTHS = (360, 1280)
DRAG_SECONDS = 2.0
DRAG_MOVES = 80

# Every figure the page paints: its URL and the time of the animation frame after it is decoded.
PROBE = """
(() => {
  const painted = [];
  const seen = new WeakMap();
  window.__painted = painted;
  window.__key = 0;
  document.addEventListener("keydown", () => { window.__key = performance.now(); }, true);
  // The panel's request going out and its swap, as performance marks (the typed path's breakdown).
  document.addEventListener("htmx:beforeRequest", () => performance.mark("panel-request"));
  document.addEventListener("htmx:afterSwap", () => performance.mark("panel-swap"));
  function watch(img) {
    const src = img.getAttribute("src");
    if (!src || seen.get(img) === src) return;
    seen.set(img, src);
    img.decode().then(() => requestAnimationFrame(() => {
      // currentSrc: the file shown, which on a phone is the <source>'s phone sheet, not the src.
      if (img.isConnected && img.getAttribute("src") === src) {
        painted.push({ src: src, file: img.currentSrc, t: performance.now() });
      }
    }), () => {});
  }
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "attributes" && record.target.matches("img.activity__plot")) watch(record.target);
      record.addedNodes && record.addedNodes.forEach((node) => {
        if (node.querySelectorAll) node.querySelectorAll("img.activity__plot").forEach(watch);
      });
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["src"] });
})();
"""

# Resource Timing of a figure file: request start → response end (ms), or None when served from memory.
FETCH = """
(src) => {
  const url = new URL(src, document.baseURI).href;
  const entry = performance.getEntriesByName(url).pop();
  return entry ? entry.responseEnd - entry.startTime : null;
}
"""


# After a typed number: the panel's request (start → response end, from Resource Timing) and its swap
# (the htmx:afterSwap mark), in ms from the key; null while the swap has not happened.
PANEL_PATH = """
(t0) => {
  const swap = performance.getEntriesByName("panel-swap", "mark").filter((m) => m.startTime >= t0).shift();
  if (!swap) return null;
  const panel = performance.getEntriesByType("resource")
    .filter((e) => e.initiatorType === "xmlhttprequest" && e.startTime >= t0).shift();
  return { swap: swap.startTime - t0, panel: panel ? panel.responseEnd - panel.startTime : null };
}
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


class Inflight:
    """Figure requests in flight, from the browser's own request events."""

    def __init__(self, page) -> None:
        self.now = self.max = 0
        page.on("request", self._start)
        page.on("requestfinished", self._end)
        page.on("requestfailed", self._end)

    @staticmethod
    def _figure(request) -> bool:
        return "/plot.png" in request.url

    def _start(self, request) -> None:
        if self._figure(request):
            self.now += 1
            self.max = max(self.max, self.now)

    def _end(self, request) -> None:
        if self._figure(request):
            self.now -= 1

    def reset(self) -> None:
        self.max = self.now


def painted_count(page) -> int:
    return page.evaluate("window.__painted.length")


def wait_paint(page, before: int) -> dict:
    page.wait_for_function("(n) => window.__painted.length > n", arg=before, timeout=10_000)
    return page.evaluate("window.__painted[window.__painted.length - 1]")


def key_presses(page, slider, presses: int) -> tuple[list[float], list[float]]:
    """Latency of each arrow key on the slider, and the part of it that was the PNG's request."""
    total, fetch = [], []
    slider.focus()
    step = float(slider.get_attribute("step") or 1)
    room = (float(slider.get_attribute("max")) - float(slider.input_value())) / step
    key = "ArrowRight" if room >= presses else "ArrowLeft"  # every press a state not seen before
    for _ in range(presses):
        before = painted_count(page)
        page.keyboard.press(key)
        paint = wait_paint(page, before)
        total.append(paint["t"] - page.evaluate("window.__key"))
        request = page.evaluate(FETCH, paint["file"])
        if request is not None:
            fetch.append(request)
    page.wait_for_timeout(600)  # the panel's own request on release, out of the way of the next part
    return total, fetch


def field_edits(page, field, presses: int) -> dict[str, list[float]]:
    """A number typed in the field and Tab: the new figure painted, and where the time went."""
    parts = {"typed": [], "figure": [], "panel": [], "swap": []}
    low, high = float(field.get_attribute("min")), float(field.get_attribute("max"))
    for i in range(presses):
        value = low + (high - low) * (0.2 + 0.6 * ((i * 7) % presses) / presses)
        text = str(round(value)) if field.get_attribute("step") == "1" else f"{value:.2f}"
        if field.input_value() == text:
            continue
        field.fill(text)
        before = painted_count(page)
        page.evaluate("window.__key = performance.now()")
        field.press("Tab")
        paint = wait_paint(page, before)
        key = page.evaluate("window.__key")
        parts["typed"].append(paint["t"] - key)
        request = page.evaluate(FETCH, paint["file"])
        if request is not None:
            parts["figure"].append(request)
        page.wait_for_function(PANEL_PATH, arg=key, timeout=10_000)
        path = page.evaluate(PANEL_PATH, key)
        parts["swap"].append(path["swap"])
        if path["panel"] is not None:
            parts["panel"].append(path["panel"])
        page.wait_for_timeout(100)
        field = page.locator(f"#{field.get_attribute('id')}")
    return parts


def drag(page, target, inflight: Inflight, *, diagonal: bool = False) -> tuple[int, int]:
    """Distinct figures painted during a 2 s drag along the slider (or across the figure), and the most
    figure requests in flight."""
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    y = box["y"] + box["height"] / 2
    start = page.evaluate("window.__painted.length")
    inflight.reset()
    page.mouse.move(box["x"] + 4, y)
    page.mouse.down()
    for i in range(1, DRAG_MOVES + 1):
        dy = box["height"] * 0.3 * (i / DRAG_MOVES - 0.5) if diagonal else 0
        page.mouse.move(box["x"] + 4 + (box["width"] - 8) * i / DRAG_MOVES, y - dy)
        page.wait_for_timeout(1000 * DRAG_SECONDS / DRAG_MOVES)
    during = page.evaluate("(n) => new Set(window.__painted.slice(n).map((p) => p.src)).size", start)
    most = inflight.max
    page.mouse.up()
    page.wait_for_timeout(800)
    return during, most


def run(base: str, presses: int, slugs: tuple[str, ...]) -> list[dict]:
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for slug in slugs:
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=1)
                context.add_init_script(PROBE)
                page = context.new_page()
                inflight = Inflight(page)
                page.goto(f"{base}/activities/{slug}/")
                slider = page.locator("input.activity__slider:visible").first
                if slider.count() == 0:
                    hit = page.locator("input.activity__hit[data-drag]")
                    row = {"slug": slug, "width": width}
                    if hit.count():  # no slider, but a drag on the figure (the field's particle)
                        row["distinct"], row["inflight"] = drag(page, hit, inflight, diagonal=True)
                    rows.append(row)
                    context.close()
                    continue
                field = page.locator("#" + slider.get_attribute("data-slider-for"))
                key, fetch = key_presses(page, slider, presses)
                typed = field_edits(page, page.locator("#" + slider.get_attribute("data-slider-for")), presses)
                distinct, most = drag(page, page.locator("input.activity__slider:visible").first, inflight)
                rows.append(
                    {
                        "slug": slug,
                        "width": width,
                        "field": field.get_attribute("name"),
                        "key": key,
                        "fetch": fetch,
                        "typed": typed["typed"],
                        "typed_parts": typed,
                        "distinct": distinct,
                        "inflight": most,
                    }
                )
                context.close()
        browser.close()
    return rows


def show(rows: list[dict]) -> None:
    print(
        f"{'activity':<18} {'px':>5} {'slider':<9} {'key p50':>8} {'key p95':>8} {'png p50':>8} "
        f"{'field p50':>9} {'field p95':>9} {'drag figs':>9} {'in flight':>9}"
    )
    for row in rows:
        if "key" not in row:
            figure = f"{'':>62}{row['distinct']:>9} {row['inflight']:>9}" if "distinct" in row else ""
            print(f"{row['slug']:<18} {row['width']:>5} {'(figure)' if figure else '(no slider)':<9}{figure}")
            continue
        key, typed, fetch = row["key"], row["typed"], row["fetch"] or [float("nan")]
        print(
            f"{row['slug']:<18} {row['width']:>5} {row['field']:<9} {statistics.median(key):8.0f} "
            f"{percentile(key, 0.95):8.0f} {statistics.median(fetch):8.0f} {statistics.median(typed):9.0f} "
            f"{percentile(typed, 0.95):9.0f} {row['distinct']:>9} {row['inflight']:>9}"
        )
    print(
        "\ntyped number → figure painted, and where it went (ms from the Tab, p50): "
        "the figure's request, the panel's request, the panel swapped in"
    )
    print(f"{'activity':<18} {'px':>5} {'field p50':>9} {'field p95':>9} {'figure':>7} {'panel':>7} {'swap':>7}")
    for row in rows:
        if "typed_parts" not in row:
            continue
        parts = row["typed_parts"]
        p50 = {k: statistics.median(v) if v else float("nan") for k, v in parts.items()}
        print(
            f"{row['slug']:<18} {row['width']:>5} {p50['typed']:9.0f} {percentile(parts['typed'], 0.95):9.0f} "
            f"{p50['figure']:7.0f} {p50['panel']:7.0f} {p50['swap']:7.0f}"
        )
    drag = ""
    if any("distinct" in r for r in rows):
        drag = (
            f"; fewest drag figures {min(r['distinct'] for r in rows if 'distinct' in r)} (≥ 20); "
            f"most in flight {max(r['inflight'] for r in rows if 'inflight' in r)} (≤ 1)"
        )
    for path, name, extra in (("key", "key presses", drag), ("typed", "typed numbers", "")):
        times = [t for row in rows for t in row.get(path, [])]
        if times:
            p50, p95 = statistics.median(times), percentile(times, 0.95)
            print(f"all {name}: p50 {p50:.0f} ms, p95 {p95:.0f} ms (targets 60 / 120){extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running site (default: start one)")
    parser.add_argument("--presses", type=int, default=20, help="arrow keys per activity and width")
    parser.add_argument("--only", nargs="*", default=SLUGS, help="activity slugs")
    args = parser.parse_args()
    with nullcontext(args.url.rstrip("/")) if args.url else production_site() as base:
        show(run(base, args.presses, tuple(args.only)))


if __name__ == "__main__":
    main()
