"""What every activity provides, whatever it computes and draws.

An activity kind is plain code: parameter declarations, a computation (numpy in,
numbers out, in ``activities/maths``) and a drawing (numbers in, PNG bytes out,
in ``activities/plots``). The web layer knows only this interface.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


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


def clamp_click(click: tuple[float, float], window: tuple[float, float, float, float]) -> tuple[float, float]:
    """A click's data coordinates rounded to 2 decimals (finer than a pixel) and kept inside the window."""
    xmin, xmax, ymin, ymax = window
    return round(min(max(click[0], xmin), xmax), 2), round(min(max(click[1], ymin), ymax), 2)


@dataclass(frozen=True)
class Kind:
    slug: str
    title: str
    params: tuple  # of activities.params.Float / Int / Choice / custom specs with parse/encode
    # The computation: clean params -> result object (any shape the kind likes).
    compute: Callable[[dict], Any]
    # The numbers behind the figure, JSON-serialisable, with the contract's field names.
    data: Callable[[dict, Any], dict]
    # Key numbers printed as text in the panel.
    summary: Callable[[dict, Any], list[Summary]]
    # The image's alt text: this very state in words and numbers.
    describe: Callable[[dict, Any], str]
    # Server-side MathML (a <math> element) for the formula(s) of this state.
    formula: Callable[[dict], str]
    # PNG bytes of the figure at the given scale (1 or 2).
    render: Callable[[dict, Any, int], bytes]
    # Data limits (xmin, xmax, ymin, ymax) of the clickable axes, or None if clicks mean nothing.
    limits: Callable[[dict], tuple[float, float, float, float] | None] = lambda params: None
    # New params after a click at data coordinates (x, y) and/or an action value; None means unchanged.
    step: Callable[..., dict] = lambda params, *, click=None, action=None: params
    presets: tuple[Preset, ...] = ()
    actions: tuple[Action, ...] = ()
    animated: bool = False
    extra: dict = field(default_factory=dict)
