"""How tall each embed is at the embed code's width (720 px), to choose the code's fixed height (issue 19, item 7).

    .venv/bin/python bench/embed_heights.py                       # starts its own production site
    .venv/bin/python bench/embed_heights.py --url http://127.0.0.1:8000

For every activity, its embed page in the starting state and in each preset, in Chromium at 720 px
wide (the iframe's width; its border is outside it): the height the page posts to its parent
(static/js/embed_frame.js: the body and its margins), with the Download menu closed and open. The
embed code's fixed height (activities.web.embed_panel.IFRAME_HEIGHT, for parents that run no
script) should be at least the tallest open height.
"""

import argparse
import os
import sys
from contextlib import nullcontext
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.audit import production_site  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SLUGS = ("matrix-transform", "gradient-descent", "gradient-field", "distributions", "clt", "linear-classifier")
WIDTH = 720

HEIGHT = """() => {
  const style = getComputedStyle(document.body);
  const margins = parseFloat(style.marginTop) + parseFloat(style.marginBottom);
  return Math.ceil(document.body.getBoundingClientRect().height + margins);
}"""


def measure(page, url: str) -> tuple[int, int]:
    page.goto(url)
    page.wait_for_load_state("load")
    closed = page.evaluate(HEIGHT)
    page.locator("details.activity__download summary").click()
    return closed, page.evaluate(HEIGHT)


def run(base: str, slugs: tuple[str, ...]) -> list[tuple[str, str, int, int]]:
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": WIDTH, "height": 900})
        for slug in slugs:
            start = f"{base}/activities/{slug}/embed/"
            page.goto(start)
            links = page.locator(".activity__presets a")
            presets = links.evaluate_all("links => links.map(a => [a.textContent, a.href])")
            for name, url in [("start", start), *presets]:
                rows.append((slug, name.strip(), *measure(page, url)))
        browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running site (default: start one)")
    parser.add_argument("--only", nargs="*", default=SLUGS, help="activity slugs")
    args = parser.parse_args()
    with nullcontext(args.url.rstrip("/")) if args.url else production_site() as base:
        rows = run(base, tuple(args.only))
    print(f"{'activity':<20} {'state':<36} {'closed':>7} {'open':>7}  (CSS px at {WIDTH} px wide)")
    for slug, name, closed, opened in rows:
        print(f"{slug:<20} {name[:36]:<36} {closed:>7} {opened:>7}")
    print(f"tallest: closed {max(r[2] for r in rows)} px, Download open {max(r[3] for r in rows)} px")


if __name__ == "__main__":
    main()
