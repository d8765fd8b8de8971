"""Shared fixtures: the seeded database and a real headless Chromium."""

import os
import shutil

import pytest
from django.core.management import call_command

# live_server runs in a thread while Playwright's sync API owns an event loop in
# the test's thread; Django's async-safety check would refuse ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def seeded(db):
    """The seed content (programme, activities, cohort), loaded as `make run` loads it."""
    call_command("loaddata", "programme", "activities", "enrolment", verbosity=0)
    from programmes.models import Programme

    return Programme.objects.get(slug="msc-machine-learning-mathematics")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright cannot download its own browsers on these machines."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def console_errors(page):
    """Console errors and failed requests seen by `page` during the test."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors
