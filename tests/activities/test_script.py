"""script.py: a standalone Python script that, run as a visitor would, prints data.json's numbers and draws a PNG.

Tolerance: the scripts repeat the server's arithmetic operation for operation, so most numbers come out
bit for bit equal; the distributions' special functions (SciPy's erfc, gammaln, incomplete gamma and
beta and their quantiles on the server, math.erfc, math.lgamma, continued fractions and bisection in
the script) agree to ~1e-13. So each number must be within 1e-9 of data.json's: absolute for values
below 1 (probabilities, densities near zero, where a relative test would fail on rounding alone),
relative above (coordinates and losses up to 1e308).
"""

import ast
import html
import importlib
import inspect
import json
import os
import pkgutil
import re
import subprocess
import sys

import pytest

from activities import kinds
from activities.engine.script import exported, is_exported, maths_source

from .exports import ALL_STATES, state_query

pytestmark = pytest.mark.django_db

TOLERANCE = 1e-9
# What a script may import: the standard library's json and math, numpy and matplotlib; nothing else.
ALLOWED_IMPORTS = {"json", "math", "numpy", "matplotlib"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def assert_close(got, want, where: str = "data") -> None:
    """The same structure, the same text and flags, and every number within TOLERANCE (see the docstring)."""
    if isinstance(want, dict):
        assert isinstance(got, dict) and got.keys() == want.keys(), where
        for key in want:
            assert_close(got[key], want[key], f"{where}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), where
        for index, (g, w) in enumerate(zip(got, want, strict=True)):
            assert_close(g, w, f"{where}[{index}]")
    elif want is None or isinstance(want, bool | str):
        assert got == want and type(got) is type(want), (where, got, want)
    else:
        assert isinstance(got, int | float) and not isinstance(got, bool), (where, got)
        assert abs(got - want) <= TOLERANCE * max(1.0, abs(want)), (where, got, want)


def imports(source: str) -> tuple[set[str], set[str]]:
    """The modules a script imports, and those of the names it binds by importing that it never uses."""
    tree = ast.parse(source)
    modules, bound = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            modules |= {name.split(".")[0] for name in names}
            bound |= {alias.asname or alias.name.split(".")[0] for alias in node.names}
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    return modules, bound - used


def run_script(source: bytes, folder) -> subprocess.CompletedProcess:
    """Run the script as a visitor would, in an empty folder, with a non-interactive matplotlib."""
    (folder / "state.py").write_bytes(source)
    env = {"PATH": os.environ.get("PATH", ""), "MPLBACKEND": "Agg", "MPLCONFIGDIR": str(folder), "HOME": str(folder)}
    # -I: isolated, so neither the project's folder nor PYTHONPATH is importable.
    return subprocess.run(
        [sys.executable, "-I", "state.py"], cwd=folder, env=env, capture_output=True, text=True, timeout=180
    )


@pytest.mark.parametrize(("slug", "name"), ALL_STATES)
def test_the_script_prints_the_numbers_of_data_json_and_draws_a_png(client, catalogue, slug, name, tmp_path):
    query = state_query(client, slug, name)
    response = client.get(f"/activities/{slug}/script.py?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-python; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{slug.replace("-", "_")}.py"'
    assert response["Cache-Control"] == "public, max-age=86400"
    source = response.content.decode()
    modules, unused = imports(source)
    assert modules <= ALLOWED_IMPORTS
    assert not unused, f"imported and never used: {unused}"

    run = run_script(response.content, tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    assert_close(json.loads(run.stdout), client.get(f"/activities/{slug}/data.json?{query}").json())
    png = tmp_path / f"{slug}.png"
    assert png.read_bytes().startswith(PNG_SIGNATURE)


def test_the_script_holds_only_this_states_optimiser(client, catalogue):
    source = client.get("/activities/gradient-descent/script.py?optimizer=nesterov&loss=rosenbrock").content.decode()
    assert "look-ahead" in source and "Adam" not in source and "Heavy ball" not in source
    assert "(1 - x) ** 2 + 100 * (y - x**2) ** 2" in source and "x**2 + 10 * y**2" not in source


def test_the_exports_are_plain_links_that_work_without_javascript(client, catalogue):
    page = client.get("/activities/gradient-descent/?loss=himmelblau&x=-0.5&y=0.5&lr=0.01&steps=100").content.decode()
    exports = re.search(r'<ul class="[^"]*activity__exports[^"]*"[^>]*>(.*?)</ul>', page, re.S)[1]
    for text, file, kind in (
        ("Numbers as CSV", "data.csv", "text/csv"),
        ("Python script", "script.py", "text/x-python"),
    ):
        href = html.unescape(re.search(rf'<a href="([^"]+)"[^>]*>{text}</a>', exports)[1])
        assert href.startswith(f"/activities/gradient-descent/{file}?loss=himmelblau&")
        response = client.get(href)
        assert response.status_code == 200 and response["Content-Type"].startswith(kind)
        assert response["Content-Disposition"].startswith("attachment;")


def marked_functions() -> dict[str, object]:
    """Every function marked ``@exported`` in the activities' folders, by its dotted path."""
    found = {}
    for info in pkgutil.walk_packages(kinds.__path__, f"{kinds.__name__}."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if is_exported(value) and value.__module__ == module.__name__:
                found[f"{module.__name__}.{value.__qualname__}"] = value
    return found


# States beside the presets that hold the rest of the marked functions: every optimiser.
MORE_STATES = [("gradient-descent", f"optimizer={name}") for name in ("gd", "momentum", "nesterov", "adam")]


def test_each_marked_function_is_in_the_scripts_as_its_own_source(client, catalogue):
    scripts = {}
    for slug, name in ALL_STATES:
        query = state_query(client, slug, name)
        scripts[slug, name] = client.get(f"/activities/{slug}/script.py?{query}").content.decode()
    for slug, query in MORE_STATES:
        scripts[slug, query] = client.get(f"/activities/{slug}/script.py?{query}").content.decode()
    marked = marked_functions()
    for path, function in marked.items():
        own = inspect.getsource(function).removeprefix("@exported\n")
        holding = [key for key, source in scripts.items() if f"\ndef {function.__name__}(" in source]
        assert holding, f"{path} is marked for the scripts and no script holds it"
        for key in holding:
            assert own in scripts[key], (path, key)
    # Every activity's script is made from its own folder's maths, not only from shared parts.
    for slug in {slug for slug, _ in ALL_STATES}:
        folder = f"{kinds.__name__}.{slug.replace('-', '_')}."
        names = {function.__name__ for path, function in marked.items() if path.startswith(folder)}
        assert names, f"{slug}'s maths marks nothing for its script"
        for key, source in scripts.items():
            if key[0] == slug:
                assert any(f"\ndef {name}(" in source for name in names), key


def _helper(x):
    return x + 1


@exported
def _uses_an_unmarked_helper(x):
    return _helper(x)


def test_a_marked_function_that_needs_an_unmarked_one_is_refused():
    with pytest.raises(TypeError, match="not marked"):
        maths_source(_uses_an_unmarked_helper)
