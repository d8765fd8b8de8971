"""Screenshots of the programme page, a course page, an activity page and the apply form at 360 and 1280 px.

    .venv/bin/python bench/screens.py OUT_DIR                  # starts a seeded site of its own
    .venv/bin/python bench/screens.py OUT_DIR --url http://127.0.0.1:8000

Without ``--url`` it migrates a fresh SQLite database in a temporary folder, loads the seed content and
serves this checkout with ``manage.py runserver`` (DEBUG on, so static files are served as they are in
the tree), then stops it. Each page is saved whole (full page) as ``<page>-<width>.png``, so a reviewer
can lay two folders (before, after) side by side.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.serve import PY, ROOT, free_port  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PAGES = {
    "programme": "/programmes/msc-machine-learning-mathematics/",
    "course": "/courses/mlm-503/",
    "activity": "/activities/gradient-descent/",
    "apply": "/programmes/msc-machine-learning-mathematics/enrol/",
}
WIDTHS = (360, 1280)


def start_site(folder: Path) -> tuple[subprocess.Popen, str]:
    """A seeded development site on a free port, serving this checkout's templates and static files."""
    port = free_port()
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{folder / 'screens.sqlite3'}",
        "EMAIL_BACKEND": "file",
        "EMAIL_FILE_PATH": str(folder / "emails"),
        "MPLCONFIGDIR": str(folder / "mpl"),
    }
    for command in (["migrate", "--noinput", "-v", "0"], ["load_seed"]):
        subprocess.run([str(PY), "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [str(PY), "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)  # noqa: S310 (our own local server)
            return server, url
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the site did not start within 60 s")


def shoot(base_url: str, out: Path) -> list[Path]:
    """Every page at every width, full page, once its fonts and images have loaded."""
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 800}, reduced_motion="reduce")
            for name, path in PAGES.items():
                page.goto(base_url + path, wait_until="networkidle")
                page.evaluate("document.fonts.ready")
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                saved.append(target)
            page.close()
        browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the PNGs")
    parser.add_argument("--url", help="a running site (default: start a seeded one)")
    args = parser.parse_args()
    if args.url:
        saved = shoot(args.url.rstrip("/"), args.out)
    else:
        with tempfile.TemporaryDirectory() as folder:
            server, url = start_site(Path(folder))
            try:
                saved = shoot(url, args.out)
            finally:
                server.terminate()
                server.wait(timeout=10)
    for path in saved:
        print(path)  # noqa: T201


if __name__ == "__main__":
    main()
