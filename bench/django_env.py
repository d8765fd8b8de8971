"""Django for a benchmark in this very process: a throwaway SQLite database and DEBUG off.

Import it first, before anything that touches Django: `import django_env  # noqa: F401` from a
script in bench/ (its folder is on sys.path when the script runs).
"""

import os
import sys
import tempfile
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dmath.settings")
os.environ.setdefault("MPLCONFIGDIR", str(ROOT / ".mplconfig"))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "b" * 50)
django.setup()
