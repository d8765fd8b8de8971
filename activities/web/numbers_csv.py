"""A state's numbers as CSV: the facts and tables of ``activities.web.tabular``, at full precision.

Layout (one file per state, what a spreadsheet opens as is): first one ``# name,value`` line per
fact (the parameters, moments, status: a reader such as ``pandas.read_csv(comment="#")`` skips
them), then each table with its header row of column names, tables separated by one blank line.
Floats are written as ``repr`` (the shortest text that reads back as the same float, so every value
equals data.json's), integers as digits, true/false as in JSON, null as an empty cell. Text cells
that a spreadsheet would take for a formula are escaped as in the applicants' export (``csv_safe``).
"""

import csv
import io
from typing import Any

from activities.web.tabular import Numbers
from core.exports import csv_safe

FACT_PREFIX = "# "


def cell(value: Any) -> str:
    """One value as a CSV cell: numbers exact and unescaped, text made safe for spreadsheets."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return csv_safe(value)


def numbers_csv(numbers: Numbers) -> str:
    """The whole CSV text of one state (see the module's docstring for the layout)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for fact in numbers.facts:
        writer.writerow([FACT_PREFIX + fact.key, cell(fact.value)])
    for index, table in enumerate(numbers.tables):
        if index or numbers.facts:
            writer.writerow([])
        writer.writerow([column.key for column in table.columns])
        writer.writerows([cell(value) for value in row] for row in table.rows)
    return out.getvalue()
