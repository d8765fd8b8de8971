"""The suite's own rules: what runs where in CI, and where shared test code lives."""

import ast
from pathlib import Path

from tests.helpers.markers import PLAYWRIGHT_FIXTURES, SERVED

TESTS = Path(__file__).parent


def test_every_test_that_drives_chromium_is_a_browser_test(request):
    """`make test-postgres` leaves out `-m browser`: a Chromium test without the mark would run twice."""
    unmarked = [
        item.nodeid
        for item in request.session.items
        if PLAYWRIGHT_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("browser")
    ]
    assert unmarked == []


def test_every_test_of_the_served_site_is_marked_served(request):
    """The served site runs on its own SQLite file whatever DATABASE_URL says: `make test` runs it once. A test
    there that uses the test database (the backup drill) is database-sensitive: it runs on both."""
    wrong = [
        item.nodeid
        for item in request.session.items
        if item.path.is_relative_to(SERVED)
        and (item.get_closest_marker("django_db") is None) != bool(item.get_closest_marker("served"))
    ]
    assert wrong == []


def imported_modules(path: Path) -> set[str]:
    """The modules `path` imports from, relative imports spelled from the tests package."""
    package = ".".join(path.relative_to(TESTS.parent).parent.parts)
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            names.add(".".join(filter(None, [base, node.module or ""])))
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_test_module_imports_another_test_module_or_a_conftest():
    """Shared test code lives in tests/helpers (or a conftest's fixtures), never in a test module."""
    found = []
    # tests/activities is being reorganised on its own branch; it joins this rule when that lands.
    for path in sorted(TESTS.rglob("*.py")):
        if path.is_relative_to(TESTS / "activities"):
            continue
        for name in imported_modules(path):
            last = name.rsplit(".", 1)[-1]
            if name.startswith("tests") and (last.startswith("test_") or last == "conftest"):
                found.append(f"{path.relative_to(TESTS)} imports {name}")
    assert found == []
