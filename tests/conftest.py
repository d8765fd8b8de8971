"""Shared fixtures: the seeded database, staff accounts and a real headless Chromium."""

import os
import shutil

import pytest
from django.core.management import call_command
from hypothesis import settings

from tests.helpers.markers import PLAYWRIGHT_FIXTURES, SERVED
from tests.helpers.users import make_staff

# live_server runs in a thread while Playwright's sync API owns an event loop in
# the test's thread; Django's async-safety check would refuse ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# No timing in tests: Hypothesis's per-example deadline (200 ms) failed test_matrix's numpy comparison on a loaded
# machine; speed is measured in bench/, not asserted here.
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    """Mark every test that drives Chromium `browser` and every test of the served site `served`, whether
    or not its module says so: `make test-postgres` leaves both out, and `make test` runs them once. The
    served site runs on SQLite files of its own; a test in tests/deploy that uses the test database
    (the backup drill, concurrent writes) is database-sensitive and runs on both."""
    for item in items:
        if PLAYWRIGHT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
        if item.path.is_relative_to(SERVED) and item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.served)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`make test` runs on two pytest-xdist workers (-n 2): every test goes to whichever worker is free,
    except tests/deploy, which one worker runs whole and in order, so the package's served site (nginx
    and gunicorn on their own SQLite file, package-scoped) starts once and no two sites share a moment's
    rate limits or CPU. (xdist's own --dist loadgroup cannot do this under pytest 9: it renames node ids.)"""
    if config.getoption("dist") != "load":
        return None  # an explicit --dist choice stands
    from xdist.scheduler import LoadScopeScheduling

    deploy = f"{SERVED.relative_to(config.rootpath).as_posix()}/"

    class DeployTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return deploy if nodeid.startswith(deploy) else nodeid

    return DeployTogether(config, log)


@pytest.fixture
def seeded(db):
    """The seed content (programme, activities, cohort), loaded as `make run` loads it."""
    call_command("loaddata", "programme", "activities", "enrolment", verbosity=0)
    from programmes.models import Programme

    return Programme.objects.get(slug="msc-machine-learning-mathematics")


@pytest.fixture
def site(transactional_db, live_server, seeded) -> str:
    """The live site's base URL, with the seed loaded (tests/deploy's `site` is the served site instead)."""
    return live_server.url


@pytest.fixture
def history_baseline(seeded):
    """The seed as load_seed leaves it: each row with a first version in its history."""
    from programmes.management.commands.load_seed import history_baseline

    history_baseline()
    return seeded


@pytest.fixture
def staff(request, db):
    """A superuser named "editor" (password: tests.helpers.users.PASSWORD). A test that needs narrower
    staff parametrises it with make_staff's arguments:
    `@pytest.mark.parametrize("staff", [{"username": "viewer", "codenames": ("view_course",)}], indirect=True)`."""
    return make_staff(**getattr(request, "param", {"superuser": True}))


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
