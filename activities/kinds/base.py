"""What every activity provides, whatever it computes and draws.

An activity kind is plain code: parameter declarations, a computation (numpy in,
numbers out, in ``activities/maths``) and a drawing (numbers in, PNG bytes out,
in ``activities/plots``). The web layer knows only this interface.
"""

import importlib
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from activities.engine.layout import DESK, Limits, Size
from activities.engine.params import Bounds, ParamSpec

R = TypeVar("R")  # what a kind computes for a state


# Optional capabilities a kind declares (``Kind.capabilities``): the page offers an export only for these.
SOUND = "sound"  # ``sound``: a curve to hear (audio.wav, "Listen")
SVG = "svg"  # ``figure``: the figure as matplotlib artists (plot.svg)
SCRIPT = "script"  # ``script``: a standalone Python script of the state (script.py)


@dataclass(frozen=True)
class Listing:
    """The catalogue row a kind starts with (``Activity``: created when missing), in the seed's words.

    ``position`` is its place in the catalogue (and the seed's primary key): staff edit the row's texts.
    """

    position: int
    title: str
    instructions: str
    hint: str = ""


@dataclass(frozen=True)
class Preset:
    """A named starting state, such as "Rotation by 30°"."""

    slug: str
    label: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class Action:
    """A submit button that changes the state, sent as ``do=<value>`` (such as "add-100")."""

    value: str
    label: str


@dataclass(frozen=True)
class Summary:
    """A key number printed beside the figure: a label and its value as text."""

    label: str
    value: str


@dataclass(frozen=True)
class Sound:
    """A curve to hear ("Listen"): pitch follows y from left to right, a tick at x = ``tick_at``."""

    x: Any  # increasing numbers
    y: Any
    tick_at: float | None
    caption: str  # what is heard, in words, such as "Pitch follows the density …"


def clamp_click(click: tuple[float, float], window: tuple[float, float, float, float]) -> tuple[float, float]:
    """A click's data coordinates rounded to 2 decimals (finer than a pixel) and kept inside the window."""
    xmin, xmax, ymin, ymax = window
    return round(min(max(click[0], xmin), xmax), 2), round(min(max(click[1], ymin), ymax), 2)


class Kind(ABC, Generic[R]):
    """An activity: declared parameters, a computation giving ``R``, its numbers, words, formula and figure.

    A seventh activity is a folder ``activities/kinds/<slug>/`` whose ``kind`` module subclasses this,
    sets the class attributes, implements the abstract methods (and those of the capabilities it
    declares) and names its one instance ``KIND``: ``activities.kinds.REGISTRY`` finds it there.
    ``params`` is the state: its canonical query string is the state's one URL, and every method is a
    pure function of it.
    """

    slug: ClassVar[str]
    title: ClassVar[str]
    listing: ClassVar[Listing]
    capabilities: ClassVar[frozenset[str]] = frozenset()  # of SOUND, SVG, SCRIPT
    params: ClassVar[tuple[ParamSpec, ...]]
    presets: ClassVar[tuple[Preset, ...]] = ()
    actions: ClassVar[tuple[Action, ...]] = ()  # buttons sent as do=<value>, handled by ``step``
    animated: ClassVar[bool] = False  # the figure is an APNG
    # The parameter whose change starts the others from that choice's defaults (``switched``), if any.
    main_choice: ClassVar[str | None] = None
    # Number fields that mean something only together (a particle's x and y): the form waits for both.
    pairs: ClassVar[tuple[tuple[str, str], ...]] = ()
    # The two fields a click places (x, y): with JavaScript a drag on the figure moves them (activity_live.js).
    drag: ClassVar[tuple[str, str] | None] = None

    @abstractmethod
    def compute(self, params: dict) -> R:
        """The computation for clean params; raises ParamError for a state its own ranges refuse."""

    @abstractmethod
    def data(self, params: dict, result: R) -> dict:
        """The numbers behind the figure, JSON-serialisable (``data.json``)."""

    @abstractmethod
    def summary(self, params: dict, result: R) -> list[Summary]:
        """Key numbers printed beside the figure."""

    @abstractmethod
    def describe(self, params: dict, result: R) -> str:
        """The image's alt text: this very state in words and numbers."""

    @abstractmethod
    def formula(self, params: dict) -> str:
        """Server-side MathML (a ``<math>`` element) for this state's formula."""

    @abstractmethod
    def render(self, params: dict, result: R, scale: int = 1, size: Size = DESK) -> bytes:
        """PNG (or APNG) bytes of the figure at scale 1 or 2, on the desk or phone sheet (engine/layout.py)."""

    def limits(self, params: dict) -> Limits | None:
        """Data limits (xmin, xmax, ymin, ymax) of the clickable axes, or None when clicks mean nothing."""
        return None

    def step(self, params: dict, *, click: tuple[float, float] | None = None, action: str | None = None) -> dict | None:
        """The state after a click at data coordinates or an action; None means unchanged."""
        return params

    def labels(self, state: Mapping) -> dict[str, str | None]:
        """Labels that depend on the state (μ and σ for a normal's p1 and p2); None hides an unused one.

        ``state`` is the clean state, or what the visitor sent when it was refused.
        """
        return {}

    def bounds(self, state: Mapping) -> dict[str, Bounds]:
        """Ranges that depend on the state, where the kind's own checks are narrower than the declared ones.

        ``state`` is the clean state, or what the visitor sent when it was refused (strings).
        """
        return {}

    def hidden(self, params: dict) -> set[str]:
        """Parameters that mean nothing in this state, kept as hidden inputs so a switch back keeps them."""
        return set()

    def switched(self, params: dict) -> dict:
        """The state just after ``main_choice`` changed: by default the numbers stay as they were."""
        return params

    # The numbers as tables (activities.tabular): lists of one length grouped into one table, and labels.
    number_tables: ClassVar[tuple[tuple[str, ...], ...]] = ()
    number_labels: ClassVar[Mapping[str, str]] = {}

    # Optional capabilities: each is called only when the kind declares it in ``capabilities``.

    def sound(self, params: dict, result: R) -> Sound | None:
        """SOUND: the curve the "Listen" control plays (``audio.wav``), or None when this state has no sound."""
        raise NotImplementedError

    def figure(self, params: dict, result: R) -> Any:
        """SVG: a fresh matplotlib figure of this state with every part a matplotlib artist (``plot.svg``)."""
        raise NotImplementedError

    def script(self, params: dict) -> str:
        """SCRIPT: the body of a standalone script recomputing this state (``activities.engine.script``).

        By default the ``script(params)`` of the ``script`` module beside the kind's own, in its folder.
        """
        folder = type(self).__module__.rpartition(".")[0]
        return importlib.import_module(f"{folder}.script").script(params)

    def can(self, capability: str) -> bool:
        """Whether this kind declares the capability (SOUND, SVG or SCRIPT)."""
        return capability in self.capabilities

    # The figure (issue 11: motion under control; what a click did, for the live region).

    def animates(self, params: dict) -> bool:
        """Whether this state's figure is an animation (an APNG that plays once)."""
        return self.animated

    def offers(self, action: str, params: dict) -> bool:
        """Whether this state shows the action's button ("Remove the particle" only when there is one)."""
        return True

    def clicked(self, before: dict, after: dict, result: R) -> str:
        """One sentence saying what a click on the figure did (``before`` → ``after``), or ""."""
        return ""
