"""The numbers behind a figure as named facts and tables, from exactly the dict ``data.json`` serves.

``numbers(kind, data)`` walks the kind's ``data`` dict: every scalar (a number, text, true/false or
null) is a *fact* named by its path ("params.μ", "final.loss"); every list is a *column* (a list of
pairs or of dicts gives one column per position or key: "path.0", "points.label"). Each list is its
own table unless the kind's ``number_tables`` groups lists of one length into one table (x, density
and CDF); a grouped list of another length gets a table of its own. A list named ``edges`` one
longer than its group's other lists holds bin edges: it becomes each row's left and right edge.
Labels come from the kind's ``number_labels`` (``"table <key>"`` for a table's caption).
The HTML table and ``data.csv`` both use this.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from activities.engine.notation import number
from activities.kinds.base import Kind

EDGES = "edges"
# Rows an HTML table shows in full; a longer one shows every k-th row (the CSV has them all).
MAX_ROWS = 101


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    value: Any

    @property
    def text(self) -> str:
        return cell_text(self.value)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    values: list


@dataclass
class Table:
    key: str
    caption: str = ""
    columns: list[Column] = field(default_factory=list)

    @property
    def length(self) -> int:
        return len(self.columns[0].values) if self.columns else 0

    @property
    def rows(self) -> list[list]:
        return [list(row) for row in zip(*(c.values for c in self.columns), strict=True)]

    @property
    def stride(self) -> int:
        """Every how many rows the HTML table shows one (1 up to MAX_ROWS rows)."""
        return max(1, math.ceil(self.length / MAX_ROWS))

    @property
    def shown_rows(self) -> list[list]:
        """The rows the HTML table shows: all, or every ``stride``-th and always the last."""
        rows, stride = self.rows, self.stride
        shown = rows[::stride]
        if stride > 1 and (len(rows) - 1) % stride:
            shown.append(rows[-1])
        return shown

    @property
    def shown_cells(self) -> list[list[str]]:
        return [[cell_text(value) for value in row] for row in self.shown_rows]


@dataclass
class Numbers:
    facts: list[Fact]
    tables: list[Table]


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, bool | int | float | str)


def _columns(key: str, values: list) -> list[tuple[str, list]]:
    """A list as columns: itself, or one per position of its pairs, or one per key of its dicts."""
    first = values[0] if values else None
    if isinstance(first, list):
        return [(f"{key}.{i}", [v[i] for v in values]) for i in range(len(first))]
    if isinstance(first, dict):
        return [(f"{key}.{name}", [v[name] for v in values]) for name in first]
    return [(key, values)]


def _walk(value: Any, key: str, facts: list, lists: list) -> None:
    if isinstance(value, dict):
        for name, item in value.items():
            _walk(item, f"{key}.{name}" if key else str(name), facts, lists)
    elif isinstance(value, list):
        lists.append((key, value))
    else:
        facts.append((key, value))


def _split_edges(key: str, values: list) -> list[tuple[str, list]]:
    return [(f"{key}.left", values[:-1]), (f"{key}.right", values[1:])]


def numbers(kind: Kind, data: Mapping) -> Numbers:
    """The facts and tables of ``data`` (a kind's ``data.json`` dict), labelled by the kind."""
    labels = kind.number_labels
    groups = kind.number_tables
    raw_facts: list = []
    lists: list = []
    _walk(dict(data), "", raw_facts, lists)
    found = dict(lists)
    tables = []
    grouped = {key for group in groups for key in group}
    pending = [[key for key in group if key in found] for group in groups]
    pending += [[key] for key, _ in lists if key not in grouped]
    while pending:
        group = pending.pop(0)
        if not group:
            continue
        plain = [key for key in group if key.rsplit(".", 1)[-1] != EDGES] or group
        length = len(found[plain[0]])  # the group's rows: its first list that is not bin edges
        table = Table(group[0], labels.get(f"table {group[0]}", ""))
        for key in group:
            values = found[key]
            edges = key.rsplit(".", 1)[-1] == EDGES and len(group) > 1 and len(values) == length + 1
            if len(values) != length and not edges:
                pending.append([key])  # a list of another length than its group's: a table of its own
                continue
            for name, column in _split_edges(key, values) if edges else _columns(key, values):
                table.columns.append(Column(name, labels.get(name, name), column))
        tables.append(table)
    facts = [Fact(key, labels.get(key, key), value) for key, value in raw_facts]
    return Numbers(facts, tables)


def cell_text(value: Any) -> str:
    """A value as the HTML table shows it: numbers by the one formatter (minus sign U+2212)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return number(value)
    if isinstance(value, float):
        return number(value) if math.isfinite(value) else str(value)
    return str(value)
