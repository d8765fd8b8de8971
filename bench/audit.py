"""Lighthouse on the programme page and an activity page, mobile and desktop (`make audit`).

    python bench/audit.py                       # starts the production site itself on a free port
    python bench/audit.py http://127.0.0.1:8000 # audits a site already running (`make serve`)
    python bench/audit.py --runs 3 --reports /tmp/lighthouse   # median of 3 runs; keep the JSON

Without a URL the script runs the site as `make serve` does (gunicorn, DEBUG off, WhiteNoise's
compressed and hashed static files, the security headers) against a throwaway SQLite database
with the seed content, so the figures are those of production and no other database is touched.
It prints the four category scores against the targets and each audit that costs points, and
exits 1 when a target is missed.
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from contextlib import contextmanager, nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.serve import free_port, production_env, start_gunicorn, stop_gunicorn  # noqa: E402

PY = sys.executable
NODE_BIN = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin"  # Lighthouse 13 and its Node 22 (make audit)
LIGHTHOUSE = NODE_BIN / "lighthouse"
CHROME = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"

PROGRAMME = "/programmes/msc-machine-learning-mathematics/"
ACTIVITY = "/activities/gradient-descent/"
COURSE = "/courses/mlm-504/"  # audited instead of the activity page while activities do not exist

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
SEED = ("programme", "activities", "enrolment")  # in dependency order; the last two when written


def status(url: str) -> int:
    """The HTTP status of a GET on `url` (0 when nothing answers)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


@contextmanager
def production_site():
    """The site as `make serve` runs it, on a free port with a throwaway seeded database."""
    with tempfile.TemporaryDirectory(prefix="dmath-audit-") as tmp:
        port = free_port()
        env = production_env(
            port,
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DATABASE_URL=f"sqlite:///{tmp}/db.sqlite3",
            DJANGO_STATIC_ROOT=f"{tmp}/static",
            WEB_CONCURRENCY="2",
        )
        manage = [PY, "manage.py"]
        quiet = {"cwd": ROOT, "env": env, "check": True, "stdout": subprocess.DEVNULL}
        subprocess.run([*manage, "collectstatic", "--noinput", "--verbosity", "0"], **quiet)
        subprocess.run([*manage, "migrate", "--noinput", "--verbosity", "0"], **quiet)
        fixtures = [name for name in SEED if (ROOT / "fixtures" / f"{name}.json").exists()]
        subprocess.run([*manage, "loaddata", *fixtures, "--verbosity", "0"], **quiet)
        log = open(Path(tmp) / "server.log", "w")  # noqa: SIM115 - closed below, after the server stops
        server = start_gunicorn(env, log=log)
        base = f"http://127.0.0.1:{port}"
        try:
            yield base
        finally:
            stop_gunicorn(server)
            log.close()


def lighthouse(url: str, preset: str, out: Path) -> dict:
    """One Lighthouse run; its JSON report (also saved in `out`)."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROME, "PATH": f"{NODE_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    # Lighthouse 13 with Debian's Chromium 156 sometimes loses the trace's navigation start (NO_NAVSTART, exit 1):
    # a failed recording, not a score, so the run is made again, at most three times in all.
    for attempt in range(3):
        if subprocess.run(command, env=env, timeout=300).returncode == 0:
            return json.loads(out.read_text())
        print(f"Lighthouse failed on {url} ({preset}), attempt {attempt + 1} of 3", file=sys.stderr)
    raise RuntimeError(f"Lighthouse failed three times on {url} ({preset})")


def lost_points(report: dict, category: str) -> list[str]:
    """The weighted audits of a category that did not score full marks, as `id (score): title`."""
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            shown = f" = {audit['displayValue']}" if audit.get("displayValue") else ""
            lines.append(f"{audit['id']} ({audit['score']:.2f}{shown}): {audit['title']}")
    return lines


def cell(score: float | None, target: float) -> str:
    """A score for the table, marked ✗ when it misses its target."""
    text = "—" if score is None else f"{score:.2f}"
    return text + (" ✗" if score is None or score < target else "  ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", help="base URL of a running site (default: start one)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and form; the median is kept")
    parser.add_argument("--reports", type=Path, help="keep the JSON reports in this directory")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: run `npm ci --prefix bench/lighthouse` (make audit does).")

    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        reports = args.reports or Path(tmp)
        reports.mkdir(parents=True, exist_ok=True)
        with production_site() if not args.url else nullcontext(args.url.rstrip("/")) as base:
            activity = ACTIVITY if status(base + ACTIVITY) == 200 else COURSE
            rows, missed = [], []
            for path in (PROGRAMME, activity):
                for preset in ("mobile", "desktop"):
                    name = f"{path.strip('/').replace('/', '_')}.{preset}"
                    runs = [lighthouse(base + path, preset, reports / f"{name}.{n}.json") for n in range(args.runs)]
                    # The run with the median performance score: one run on a busy machine is noisy.
                    runs.sort(key=lambda report: report["categories"]["performance"]["score"] or 0)
                    report = runs[len(runs) // 2]
                    scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
                    rows.append((path, preset, scores))
                    for category, score in scores.items():
                        if score is None or score < TARGETS[category]:
                            missed.append((path, preset, category, score, lost_points(report, category)))

    width = max(len(path) for path, _, _ in rows)
    print(f"{'page':<{width}}  {'form':<7}  " + "  ".join(f"{c:>14}" for c in CATEGORIES))
    print(f"{'target':<{width}}  {'':<7}  " + "  ".join(f"{'≥ ' + format(TARGETS[c], '.2f'):>14}" for c in CATEGORIES))
    for path, preset, scores in rows:
        cells = (
            f"{'—' if s is None else format(s, '.2f')}{' ✗' if s is None or s < TARGETS[c] else '  '}"
            for c, s in scores.items()
        )
        print(f"{path:<{width}}  {preset:<7}  " + "  ".join(f"{cell:>14}" for cell in cells))
    for path, preset, category, score, lines in missed:
        print(f"\n{path} {preset}: {category} {score} < {TARGETS[category]}")
        for line in lines:
            print(f"  {line}")
    if args.reports:
        print(f"\nJSON reports in {args.reports}")
    print("\nAll targets met." if not missed else f"\n{len(missed)} target(s) missed.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
