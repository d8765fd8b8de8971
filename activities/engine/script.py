"""A state as a short standalone Python script (numpy and matplotlib only) that recomputes its numbers.

Each kind that declares the SCRIPT capability gives the body (``Kind.script``, from its folder's
``script`` module): the state's parameters
as Python literals (written with ``repr``, never pasted text), only the code this state needs (one
distribution, one loss and optimiser), a ``data`` dict with data.json's keys, printed as JSON, and
the figure drawn with matplotlib and saved as a PNG beside the script's working directory.
"""

from activities.engine import params as param_specs
from activities.kinds.base import Kind

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

FOOTER = """
print(json.dumps(data, ensure_ascii=False, allow_nan=False))
fig.savefig(PNG, dpi=100)
"""


def state_script(kind: Kind, values: dict) -> str:
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
    return header + body + "\n" + FOOTER
