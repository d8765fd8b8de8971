"""A state as a short standalone Python script (numpy and matplotlib only) that recomputes its numbers.

Each kind that declares the SCRIPT capability gives the body (``Kind.script``, from its folder's
``script`` module). The maths in it is not restated: it is the source of the maths module's own
functions marked ``@exported`` (``maths_source``, with the constants they read), so a change to the
maths changes the script. A short driver follows: the state's parameters as Python literals
(written with ``repr``, never pasted text), a ``data`` dict with data.json's keys, printed as JSON,
and the figure drawn with matplotlib and saved as a PNG beside the script's working directory.
"""

import ast
import functools
import inspect
import io
import math
import sys
import textwrap
import tokenize
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from activities.engine import params as param_specs

if TYPE_CHECKING:  # the kinds' maths modules import ``exported`` from here: no import back at run time
    from activities.kinds.base import Kind

F = TypeVar("F", bound=Callable)


def exported(function: F) -> F:
    """Mark a maths function whose own source goes into the downloadable scripts (``maths_source``).

    A marked function must run with numpy and the standard library's ``math`` alone: every global
    name it reads is another marked function, a plain constant (number, string, tuple, frozenset,
    None) or the module ``np``/``math``. ``maths_source`` refuses anything else, so a marked
    function that starts to need Django or a dataclass fails the script tests, not a visitor.
    """
    function.__exported__ = True  # type: ignore[attr-defined]
    return function


def is_exported(value: object) -> bool:
    """Whether ``value`` is a function marked ``@exported``."""
    return inspect.isfunction(value) and getattr(value, "__exported__", False)


def function_source(function: Callable) -> str:
    """A marked function's source as it stands in its module, without the ``@exported`` line."""
    lines = inspect.getsource(function).splitlines(keepends=True)
    return "".join(line for line in lines if line.strip() != "@exported")


def literal(value: object) -> str:
    """A constant as Python source with the same value: ``repr``, but infinities as ``math.inf`` and
    a frozenset's members sorted (its ``repr`` order changes with the process's hash seed)."""
    if isinstance(value, float) and math.isinf(value):
        return "math.inf" if value > 0 else "-math.inf"
    if isinstance(value, tuple):
        items = [literal(item) for item in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(value, frozenset):
        return "frozenset({" + ", ".join(literal(item) for item in sorted(value)) + "})"
    if value is None or isinstance(value, bool | int | float | str):
        return repr(value)
    raise TypeError(f"{value!r} is no plain constant a script can hold")


@functools.lru_cache(maxsize=64)
def _trailing_comments(module_name: str) -> dict[str, str]:
    """The comment at the end of each one-line ``NAME = value`` of a module, by name."""
    comments = {}
    for line in inspect.getsource(sys.modules[module_name]).splitlines():
        name = line.split(" = ", 1)[0]
        if not name.isidentifier():
            continue
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(line).readline))
        except (tokenize.TokenError, SyntaxError):
            continue  # the first line of a statement written over several
        comments[name] = next((token.string for token in tokens if token.type == tokenize.COMMENT), "")
    return comments


def _constant(function: Callable, name: str, value: object) -> str:
    """``NAME = value`` as a script holds it, with the comment its module gives it on that line."""
    comment = _trailing_comments(function.__module__).get(name, "")
    return f"{name} = {literal(value)}" + (f"  {comment}" if comment else "")


def _global_names(function: Callable) -> list[str]:
    """The module-level names a function's source reads, in order of first appearance."""
    tree = ast.parse(textwrap.dedent(function_source(function)))
    names = [node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)]
    scope = function.__globals__
    return [name for name in dict.fromkeys(names) if name in scope and name != function.__name__]


def maths_source(*functions: Callable, stand_ins: dict[str, Callable] | None = None) -> str:
    """The source of the marked ``functions`` and of every marked function and constant they read,
    each definition before its first use: the maths part of a script, exactly as the server runs it.

    ``stand_ins`` names marked functions that the script holds in place of a global of the same name
    the maths reads but a script cannot (SciPy's special functions, say).
    """
    stand_ins = stand_ins or {}
    constants: dict[str, str] = {}
    ordered: dict[Callable, None] = {}

    def visit(function: Callable, path: tuple[str, ...]) -> None:
        if not is_exported(function):
            raise TypeError(f"{function.__module__}.{function.__qualname__} is not marked @exported")
        if function in ordered or function.__name__ in path:
            return
        for name in _global_names(function):
            value = stand_ins.get(name, function.__globals__[name])
            if value is np or value is math:
                continue
            if value is np.ndarray:
                constants.setdefault(name, f"{name} = np.ndarray")
            elif callable(value):
                visit(value, (*path, function.__name__))
            else:
                constants.setdefault(name, _constant(function, name, value))
        ordered[function] = None

    for function in functions:
        visit(function, ())
    blocks = ["\n".join(constants.values())] if constants else []
    blocks += [function_source(function).rstrip("\n") for function in ordered]
    return "\n\n\n".join(blocks) + "\n"


HEADER = '''"""{title}: this state's numbers, recomputed, and its figure, redrawn.

State: {query}
Needs Python 3 with numpy and matplotlib. Prints the numbers as JSON (the keys of the activity's
data.json) and saves the figure as {png}.
"""

import json
{math}
import numpy as np
from matplotlib.figure import Figure  # no pyplot: the figure alone, drawn by Agg when saved

PNG = {png!r}
'''

MATHS_NOTE = """
# The functions and constants below are the site's own maths, copied unchanged from its source
# (activities/kinds/); this state's numbers and figure follow them.
"""

FOOTER = """
print(json.dumps(data, ensure_ascii=False, allow_nan=False))
fig.savefig(PNG, dpi=100)
"""


def state_script(kind: "Kind", values: dict) -> str:
    """The whole script for one clean state of ``kind``."""
    query = param_specs.encode(kind.params, values)
    # The query is percent-encoded ASCII (no newline, no quote): safe inside the docstring.
    body = kind.script(values).strip("\n")
    header = HEADER.format(
        math="import math\n" if "math." in body else "",
        title=kind.title,
        query=query[:100] + (" …" if len(query) > 100 else ""),
        png=f"{kind.slug}.png",
    )
    return header + MATHS_NOTE + body + "\n" + FOOTER
