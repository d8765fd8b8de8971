"""The import rules of docs/architecture.md, read from the source with `ast`: an app imports another app's
models only by name (``apps.get_model("courses", "Course")``, ``ForeignKey("courses.Course", …)``), no app
imports the project package ``dmath`` (settings are read through ``django.conf.settings``), and ``core``,
which every app may import, imports no app. The one class an app takes from ``core.models`` is the abstract
``Orderable`` base, which cannot be named by a string."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "programmes", "courses", "enrolment", "activities"]
PROJECT = "dmath"
# Abstract bases an app may subclass: core's only models an app imports as classes.
SHARED_BASES = {"core.models.Orderable"}

# Known breaches being removed by other work, as (file, imported module). ONLY activities/ may appear here.
ALLOWED: set[tuple[str, str]] = set()


def modules(app: str):
    """Every Python module of `app`, its migrations left out (they name models as history, not as code)."""
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.relative_to(ROOT).parts:
            yield path


def imported(tree: ast.AST) -> list[tuple[int, str]]:
    """Each (line, module) imported anywhere in the tree, `from a import b` read as both `a` and `a.b`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def breaches(app: str) -> list[str]:
    problems = []
    for path in modules(app):
        name = path.relative_to(ROOT).as_posix()
        for line, module in imported(ast.parse(path.read_text(), filename=name)):
            top, _, rest = module.partition(".")
            if any(name == file and (module + ".").startswith(allowed + ".") for file, allowed in ALLOWED):
                continue
            if top == PROJECT:
                problems.append(f"{name}:{line} imports the project package ({module})")
            elif top in APPS and top != app and app == "core":
                problems.append(f"{name}:{line} imports {module}: core imports no app")
            elif module in SHARED_BASES or (module == "core.models" and app != "core"):
                continue  # "from core.models import X" is also read as "core.models.X", checked on its own
            elif top in APPS and top != app and (rest == "models" or rest.startswith("models.")):
                problems.append(f"{name}:{line} imports another app's models ({module})")
    return problems


def test_no_app_imports_another_apps_models_or_the_project_package():
    problems = [problem for app in APPS for problem in breaches(app)]
    assert problems == [], "\n".join(problems)


def test_the_allow_list_names_only_activities_and_only_imports_still_there():
    for name, module in ALLOWED:
        assert name.startswith("activities/"), name
        tree = ast.parse((ROOT / name).read_text())
        assert module in {found for _line, found in imported(tree)}, f"{name} no longer imports {module}: drop it"


def test_the_check_sees_a_breach(tmp_path):
    source = "from courses.models import Course\nimport dmath.settings\nfrom dmath import cache\n"
    found = [module for _line, module in imported(ast.parse(source))]
    assert "courses.models" in found and "dmath.settings" in found and "dmath.cache" in found
