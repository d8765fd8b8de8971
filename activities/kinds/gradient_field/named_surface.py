"""Named surfaces shown in a window, shared by the gradient-field kind (fields, a particle's start) and the
gradient-descent kind (losses, an optimiser's start): the surface, its table, and a start inside its window."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from activities.engine.layout import Limits
from activities.engine.params import Bounds


@dataclass(frozen=True)
class Surface:
    """A named surface: f and its gradient (on floats or arrays), its plain-text formula and its window."""

    slug: str
    label: str
    text: str  # plain-text formula
    f: Callable
    grad: Callable
    # Visible window (xmin, xmax, ymin, ymax): equal x and y scales at the figure's axes rectangle.
    window: tuple[float, float, float, float]

    def __reduce__(self) -> tuple:
        # Pickled by name, like the functions it holds, so a result can be kept in the plots cache.
        return _named, (type(self), self.slug)


S = TypeVar("S", bound=Surface)
_TABLES: dict[type, dict] = {}  # each class of surface (Field, Loss): its table, where a pickled one is found again


def surface_table(*surfaces: S) -> dict[str, S]:
    """The surfaces by slug (the fields, the losses): the table their class's pickles are found in by name."""
    table = {surface.slug: surface for surface in surfaces}
    for surface in surfaces:
        _TABLES[type(surface)] = table
    return table


def _named(kind: type[Surface], slug: str) -> Surface:
    return _TABLES[kind][slug]


class StartInWindow:
    """For a kind whose figure shows one of ``surfaces`` (chosen by the parameter ``surface``), each with a
    ``window``: the figure's limits are that window, and a start (x, y) lies inside it."""

    surface: ClassVar[str]
    surfaces: ClassVar[Mapping[str, Any]]

    def limits(self, params: dict) -> Limits:
        return self.surfaces[params[self.surface]].window

    def bounds(self, state: Mapping) -> dict[str, Bounds]:
        """The start lies inside the chosen surface's window."""
        chosen = self.surfaces.get(str(state.get(self.surface)))
        if chosen is None:
            return {}
        xmin, xmax, ymin, ymax = chosen.window
        return {"x": Bounds(xmin, xmax), "y": Bounds(ymin, ymax)}
