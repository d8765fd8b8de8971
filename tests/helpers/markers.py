"""Which tests carry which mark, whether or not their module says so (tests/conftest.py applies it)."""

from pathlib import Path

# Playwright's fixtures: a test that asks for one drives Chromium, so it is a browser test.
PLAYWRIGHT_FIXTURES = {"page", "context", "browser", "new_context"}
# The tests of the served site (nginx and gunicorn on their own SQLite file).
SERVED = Path(__file__).parent.parent / "deploy"
