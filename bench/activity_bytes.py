"""Every preset's files, fingerprinted: a refactor of activities/ must leave them byte for byte the same.

For the defaults and every preset of every registered activity this fetches, through the real URLs,
the PNG at scales 1 and 2 (and the still, ``motion=off``, of an animated one), the SVG, the WAV,
data.json, data.csv and script.py, and records each body's sha256, its ETag and its headers
(content type, cache policy, attachment name, CORS), with DEBUG off. An ETag includes the code
version (a digest of the maths, plots and kinds sources, which any code change changes), so the
version is held fixed here: what is compared is the ETag recipe applied to the state alone.

    .venv/bin/python bench/activity_bytes.py before.json
    (change the code)
    .venv/bin/python bench/activity_bytes.py after.json && diff before.json after.json
"""

import hashlib
import importlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dmath.settings")
os.environ.setdefault("MPLCONFIGDIR", str(ROOT / ".mplconfig"))
os.environ.pop("PLOTS_REDIS_URL", None)  # a fresh in-process plots cache: every file made anew
os.environ.pop("REDIS_URL", None)
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + "b" * 50)

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

FIXED_VERSION = "fixed-code-v"
HEADERS = ("Content-Type", "Cache-Control", "Content-Disposition", "Access-Control-Allow-Origin")
# Where the code version lives (the first module found that has it).
VERSION_MODULES = ("activities.engine.cache", "activities.plot_cache")


def hold_code_version() -> None:
    for name in VERSION_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "CODE_VERSION"):
            module.CODE_VERSION = FIXED_VERSION
            return
    raise SystemExit("no CODE_VERSION found")


def states(kind) -> dict[str, str]:
    """The defaults and each preset as canonical queries."""
    from activities.engine import params as param_specs

    defaults = param_specs.parse(kind.params, {})
    found = {"(defaults)": param_specs.encode(kind.params, defaults)}
    for preset in kind.presets:
        found[preset.slug] = param_specs.encode(kind.params, {**defaults, **preset.values})
    return found


def fingerprint(client: Client, url: str) -> dict:
    response = client.get(url)
    body = b"".join(response) if response.streaming else response.content
    record = {"status": response.status_code, "sha256": hashlib.sha256(body).hexdigest(), "etag": response.get("ETag")}
    for header in HEADERS:  # what a cache, a browser and a download see besides the body
        record[header] = response.get(header)
    return record


def main(out: str) -> None:
    hold_code_version()
    from activities.kinds import REGISTRY

    client = Client()
    record: dict = {}
    for slug, kind in REGISTRY.items():
        for name, query in states(kind).items():
            files = {
                "plot.png": f"plot.png?{query}",
                "plot.png scale=2": f"plot.png?{query}&scale=2",
                "plot.png still": f"plot.png?{query}&motion=off",
                "plot.svg": f"plot.svg?{query}",
                "audio.wav": f"audio.wav?{query}",
                "data.json": f"data.json?{query}",
                "data.csv": f"data.csv?{query}",
                "script.py": f"script.py?{query}",
            }
            for label, tail in files.items():
                record[f"{slug} {name} {label}"] = fingerprint(client, f"/activities/{slug}/{tail}")
            print(slug, name, flush=True)  # noqa: T201
    Path(out).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    print(f"{len(record)} files fingerprinted into {out}")  # noqa: T201


if __name__ == "__main__":
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        main(sys.argv[1] if len(sys.argv) > 1 else "activity_bytes.json")
