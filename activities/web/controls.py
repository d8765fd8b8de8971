"""The panel's form controls: one per declared parameter, carrying the bounds the server accepts in this state.

A control shows the state's value, or on a refused request exactly what the visitor typed, with the
message next to the control the error names.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from activities.engine import params as param_specs
from activities.engine.params import Bounds
from activities.kinds.base import Kind

# A slider only where its steps are few enough to drag through (not for ε from 1e-12 to 0.01).
MAX_SLIDER_STEPS = 10_000
LOG_SLIDER_STEP = 0.01  # in log10 units: 1 % of a decade


@dataclass
class Control:
    """One form control generated from a parameter spec."""

    name: str
    id: str
    label: str
    widget: str  # "number", "select", "textarea", "hidden" or "locked" (an embed's lock)
    value: str
    help: str = ""
    min: str = ""
    max: str = ""
    step: str = ""  # the declared step (a slider's, and the admin editor's spin buttons)
    integer: bool = False  # step="1" and a numeric keypad
    required: bool = True
    choices: tuple = ()
    error: str = ""  # the refusal's message, when it names this control
    pair: str = ""  # the fields that mean something only together (a particle's x and y)
    # The slider beside a number: its range, step and value (log10 of the number for a log slider).
    slider: bool = False
    log: bool = False
    slider_min: str = ""
    slider_max: str = ""
    slider_step: str = ""
    slider_value: str = ""

    @property
    def input_step(self) -> str:
        """The number field's step: whole numbers, or any real (the server keeps 6 significant digits)."""
        return "1" if self.integer else "any"

    @property
    def help_id(self) -> str:
        return f"{self.id}-help" if self.help else ""

    @property
    def error_id(self) -> str:
        return f"{self.id}-error" if self.error else ""

    @property
    def described_by(self) -> str:
        return " ".join(i for i in (self.error_id, self.help_id) if i)


def _positive(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def _number_control(control: Control, spec: Any, bounds: Bounds) -> None:
    control.widget = "number"
    control.integer = bounds.integer or isinstance(spec, param_specs.Int)
    # Whole numbers in full (a seed's 4294967295 is not 4.29497e9), others to 6 significant digits.
    show = (lambda v: str(int(v))) if control.integer else param_specs.format_number
    control.min, control.max = show(bounds.min), show(bounds.max)
    step = 1 if control.integer else (bounds.step or spec.step)
    control.step = show(step)
    control.required = spec.default is not None
    if not isinstance(spec, param_specs.Float) or spec.default is None:
        return
    if getattr(spec, "log", False) and bounds.min > 0:
        value = _positive(control.value)
        control.slider = control.log = True
        log = param_specs.format_number
        control.slider_min, control.slider_max = log(math.log10(bounds.min)), log(math.log10(bounds.max))
        control.slider_step = log(LOG_SLIDER_STEP)
        control.slider_value = log(math.log10(value)) if value is not None else ""
        return
    if 0 < (bounds.max - bounds.min) / step <= MAX_SLIDER_STEPS:
        control.slider = True
        control.slider_min, control.slider_max, control.slider_step = control.min, control.max, control.step
        control.slider_value = control.value


def controls_for(
    kind: Kind, *, prefix: str, state: Mapping, values: Mapping[str, str], error: str = "", field: str = ""
) -> list[Control]:
    """The form's controls for a state (clean, or as typed when refused), ``values`` being their texts.

    Parameters that mean nothing in this state (Adam's β₁ for plain gradient descent) are kept as
    hidden inputs, so the state survives a switch back.
    """
    hidden = kind.hidden(state)
    labels = kind.labels(state)
    bounds = kind.bounds(state)
    paired = {name: "-".join(pair) for pair in kind.pairs for name in pair}
    controls = []
    for spec in kind.params:
        label = labels.get(spec.name, spec.label)
        control = Control(
            name=spec.name,
            id=f"{prefix}-{spec.name}",
            label=label or spec.label,
            widget="textarea",
            value=values.get(spec.name, ""),
            help=getattr(spec, "help", ""),
            pair=f"{prefix}-{paired[spec.name]}" if spec.name in paired else "",
        )
        if isinstance(spec, param_specs.Float | param_specs.Int):
            default = Bounds(spec.min, spec.max, isinstance(spec, param_specs.Int))
            _number_control(control, spec, bounds.get(spec.name, default))
        elif isinstance(spec, param_specs.Choice):
            control.widget = "select"
            control.choices = spec.choices
        if spec.name in hidden or (spec.name in labels and label is None):
            control.widget = "hidden"
        elif spec.name == field:
            control.error = error
        controls.append(control)
    return controls
