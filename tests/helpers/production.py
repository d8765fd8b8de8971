"""Running manage.py in a fresh process with exactly the settings variables a test gives."""

import os
import subprocess
import sys

from django.conf import settings

SECRET = "x" * 20 + "-a-long-random-production-secret-for-the-test-" + "y" * 10


def run_django(env: dict, *args: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with exactly these settings variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "EMAIL_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={"EMAIL_BACKEND": "file", **clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
