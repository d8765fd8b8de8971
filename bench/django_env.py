"""The Django every in-process benchmark runs in: a throwaway SQLite database and DEBUG off.

Imported by the scripts in this folder (run as ``python bench/NAME.py``, so this folder is on the path).
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    """Point Django at the project, a new empty SQLite file and production-like settings, then set it up."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dmath.settings")
    os.environ.setdefault("MPLCONFIGDIR", str(ROOT / ".mplconfig"))
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + "b" * 50)

    import django

    django.setup()
