"""Activity: gradient descent (plain, momentum, Nesterov, Adam) on a loss surface, animated step by step."""

import math
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from matplotlib.figure import Figure

from activities.engine.layout import DESK, Size
from activities.engine.notation import bold, count, number, paren, row, signed, table
from activities.engine.params import Choice, Float, Int, ParamError
from activities.kinds.base import SCRIPT, SOUND, SVG, Kind, Preset, Sound, Summary, clamp_click
from activities.kinds.gradient_descent import plot, sound, svg
from activities.kinds.gradient_descent.maths import LOSSES, MAX_STEPS, Loss, Run, run
from activities.kinds.gradient_field.named_surface import StartInWindow

OPTIMIZER_LABELS = {
    "gd": "Gradient descent",
    "momentum": "Momentum",
    "nesterov": "Nesterov momentum",
    "adam": "Adam",
}

num = partial(number, decimals=3, scientific=True)

PARAMS = (
    Choice(
        "loss", "Loss surface", "bowl", tuple((slug, f"{loss.label}: {loss.text}") for slug, loss in LOSSES.items())
    ),
    # The widest window (himmelblau's) bounds the start; each loss then checks its own window.
    Float("x", "Start x", -1.5, -6.75, 6.75, 0.01),
    Float("y", "Start y", 1.5, -5.0, 5.0, 0.01),
    Float("lr", "Learning rate \u03b7", 0.1, 0.0001, 2.0, 0.001, help="Step size: between 0.0001 and 2.", log=True),
    Int("steps", "Steps", 50, 1, MAX_STEPS, 1),
    Choice("optimizer", "Optimiser", "gd", tuple(OPTIMIZER_LABELS.items())),
    Float("momentum", "Momentum \u03b2", 0.9, 0.0, 0.999, 0.01, help="Used by momentum and Nesterov."),
    Float("beta1", "Adam \u03b2\u2081", 0.9, 0.0, 0.999, 0.01),
    Float("beta2", "Adam \u03b2\u2082", 0.999, 0.0, 0.9999, 0.001),
    Float("eps", "Adam \u03b5", 1e-8, 1e-12, 1e-2, 1e-8),
)

_DEFAULTS = {spec.name: spec.default for spec in PARAMS}


def _preset(slug: str, label: str, **values) -> Preset:
    return Preset(slug, label, {**_DEFAULTS, **values})


PRESETS = (
    _preset("bowl", "Bowl, η = 0.1"),
    _preset("zigzag", "Elongated bowl: zig-zag", loss="elongated", x=-2.0, y=1.0, lr=0.09),
    _preset("momentum", "Elongated bowl with momentum", loss="elongated", x=-2.0, y=1.0, lr=0.02, optimizer="momentum"),
    _preset("too-large", "Step too large: divergence", loss="elongated", x=-2.0, y=1.0, lr=0.2),
    _preset(
        "rosenbrock-adam",
        "Rosenbrock valley with Adam",
        loss="rosenbrock",
        x=-1.5,
        y=2.0,
        lr=0.05,
        steps=500,
        optimizer="adam",
    ),
    _preset("himmelblau", "Himmelblau: which minimum?", loss="himmelblau", x=-0.5, y=0.5, lr=0.01, steps=100),
    _preset("saddle", "Saddle: no minimum", loss="saddle", x=-2.0, y=0.01, lr=0.1, steps=100),
)


@dataclass(frozen=True)
class DescentResult:
    loss: Loss
    run: Run


def _window_text(loss: Loss) -> str:
    xmin, xmax, ymin, ymax = loss.window
    return f"x from {num(xmin)} to {num(xmax)}, y from {num(ymin)} to {num(ymax)}"


def _finite(value: float) -> float:
    """A plain float for JSON; maths.descent keeps every value finite, and this guards it."""
    value = float(value)
    if math.isnan(value):
        return 0.0
    return value if math.isfinite(value) else math.copysign(1e308, value)


def _label(params: dict) -> str:
    name = {"gd": "GD", "momentum": "momentum", "nesterov": "Nesterov", "adam": "Adam"}[params["optimizer"]]
    return f"{name}, \u03b7 = {number(params['lr'], 4, scientific=True)}"


_X = f"<msub>{bold('x')}<mi>k</mi></msub>"
_X1 = f"<msub>{bold('x')}<mrow><mi>k</mi><mo>+</mo><mn>1</mn></mrow></msub>"
_V = f"<msub>{bold('v')}<mi>k</mi></msub>"
_V1 = f"<msub>{bold('v')}<mrow><mi>k</mi><mo>+</mo><mn>1</mn></mrow></msub>"
_GRAD = "<mo>\u2207</mo><mi>f</mi>"
_ONE_MINUS = "<mn>1</mn><mo>\u2212</mo>"


class GradientDescent(StartInWindow, Kind[DescentResult]):
    """Gradient descent (plain, momentum, Nesterov, Adam) on a loss surface, animated step by step."""

    title = "Gradient descent"
    surface, surfaces = "loss", LOSSES  # the start lies inside the chosen loss's window
    capabilities = frozenset({SCRIPT, SOUND, SVG})
    params = PARAMS
    drag = ("x", "y")  # a drag on the surface moves the start
    presets = PRESETS
    animated = True
    # Each optimiser's own coefficients mean something only while that optimiser is chosen.
    SHOWN_FOR: ClassVar[dict[str, tuple[str, ...]]] = {
        "momentum": ("momentum", "nesterov"),
        "beta1": ("adam",),
        "beta2": ("adam",),
        "eps": ("adam",),
    }

    def compute(self, params: dict) -> DescentResult:
        loss = LOSSES[params["loss"]]
        x, y = params["x"], params["y"]
        xmin, xmax, ymin, ymax = loss.window
        if not (xmin <= x <= xmax and ymin <= y <= ymax):
            wrong = "x" if not xmin <= x <= xmax else "y"
            raise ParamError(f"The start must lie inside the window: {_window_text(loss)}.", field=wrong)
        return DescentResult(
            loss,
            run(
                loss,
                x,
                y,
                params["lr"],
                params["steps"],
                params["optimizer"],
                momentum=params["momentum"],
                beta1=params["beta1"],
                beta2=params["beta2"],
                eps=params["eps"],
            ),
        )

    def data(self, params: dict, result: DescentResult) -> dict:
        r = result.run
        x, y = r.path[-1]
        return {
            "path": [[_finite(px), _finite(py)] for px, py in r.path],
            "losses": [_finite(v) for v in r.losses],
            "converged": bool(r.converged),
            "diverged": bool(r.diverged),
            "status": r.status,  # converged, diverged, diverging or not yet converged
            "steps_taken": int(r.steps_taken),
            "final": {"x": _finite(x), "y": _finite(y), "loss": _finite(r.losses[-1])},
        }

    def summary(self, params: dict, result: DescentResult) -> list[Summary]:
        r = result.run
        x, y = r.path[-1]
        return [
            Summary("Steps taken", str(r.steps_taken)),
            Summary("Final point", f"({num(x)}, {num(y)})"),
            Summary("Final loss", number(float(r.losses[-1]), 6, scientific=True)),
            Summary("Status", r.status),
        ]

    def describe(self, params: dict, result: DescentResult) -> str:
        loss, r = result.loss, result.run
        x0, y0 = r.path[0]
        x, y = r.path[-1]
        marks = (
            "the saddle point at (0, 0)"
            if loss.saddle
            else ("minimum " if len(loss.minima) == 1 else "minima ")
            + ", ".join(f"({num(a)}, {num(b)})" for a, b in loss.minima)
        )
        return (
            f"Contour map of {loss.text} for {_window_text(loss)}, with {marks} marked. "
            f"{OPTIMIZER_LABELS[params['optimizer']]} with learning rate "
            f"{number(params['lr'], 4, scientific=True)} starts at "
            f"({num(x0)}, {num(y0)}) where the loss is {num(float(r.losses[0]))}; "
            f"after {count(r.steps_taken, 'step')} it is at "
            f"({num(x)}, {num(y)}) with loss {num(float(r.losses[-1]))}: {plot.status(loss, r)}."
        )

    def formula(self, params: dict) -> str:
        eta, beta = signed(params["lr"], 4, scientific=True), signed(params["momentum"], 4, scientific=True)
        opt = params["optimizer"]
        if opt == "gd":
            rows = [row(f"{_X1}<mo>=</mo>{_X}<mo>\u2212</mo>{eta}<mo>\u2062</mo>{_GRAD}{paren(_X)}")]
        elif opt in {"momentum", "nesterov"}:
            at = _X if opt == "momentum" else f"{_X}<mo>+</mo>{beta}<mo>\u2062</mo>{_V}"
            rows = [
                row(f"{_V1}<mo>=</mo>{beta}<mo>\u2062</mo>{_V}<mo>\u2212</mo>{eta}<mo>\u2062</mo>{_GRAD}{paren(at)}"),
                row(f"{_X1}<mo>=</mo>{_X}<mo>+</mo>{_V1}"),
            ]
        else:
            m, s = "<msub><mi>m</mi><mi>k</mi></msub>", "<msub><mi>s</mi><mi>k</mi></msub>"
            b1, b2 = signed(params["beta1"], 4, scientific=True), signed(params["beta2"], 4, scientific=True)
            g = "<msub><mi>g</mi><mi>k</mi></msub>"
            # The bias-corrected moments get their own line and names (m̂ₖ, ŝₖ): no fraction inside a fraction.
            mhat = "<msub><mover accent='true'><mi>m</mi><mo>^</mo></mover><mi>k</mi></msub>"
            shat = "<msub><mover accent='true'><mi>s</mi><mo>^</mo></mover><mi>k</mi></msub>"
            mhat_is = f"{mhat}<mo>=</mo><mfrac>{m}<mrow>{_ONE_MINUS}<msup>{b1}<mi>k</mi></msup></mrow></mfrac>"
            shat_is = f"{shat}<mo>=</mo><mfrac>{s}<mrow>{_ONE_MINUS}<msup>{b2}<mi>k</mi></msup></mrow></mfrac>"
            eps = "<mi>\u03b5</mi>"
            rows = [
                row(f"{g}<mo>=</mo>{_GRAD}{paren(_X)}"),
                row(
                    f"{m}<mo>=</mo>{b1}<mo>\u2062</mo><msub><mi>m</mi><mrow><mi>k</mi><mo>\u2212</mo><mn>1</mn></mrow></msub>"
                    f"<mo>+</mo>{paren(_ONE_MINUS, b1)}{g}"
                ),
                row(
                    f"{s}<mo>=</mo>{b2}<mo>\u2062</mo><msub><mi>s</mi><mrow><mi>k</mi><mo>\u2212</mo><mn>1</mn></mrow></msub>"
                    f"<mo>+</mo>{paren(_ONE_MINUS, b2)}<msubsup><mi>g</mi><mi>k</mi><mn>2</mn></msubsup>"
                ),
                row(f"{mhat_is}<mo>,</mo><mspace width='1em'></mspace>{shat_is}"),
                row(
                    f"{_X1}<mo>=</mo>{_X}<mo>\u2212</mo>{eta}<mo>\u2062</mo><mfrac>{mhat}"
                    f"<mrow><msqrt>{shat}</msqrt><mo>+</mo>{eps}</mrow></mfrac>"
                ),
            ]
        return table(*rows)

    def render(self, params: dict, result: DescentResult, scale: int = 1, size: Size = DESK) -> bytes:
        return plot.render(result.loss, result.run, _label(params), scale, size)

    def hidden(self, params: dict) -> set[str]:
        return {name for name, optimizers in self.SHOWN_FOR.items() if params.get("optimizer") not in optimizers}

    def step(self, params: dict, *, click: tuple[float, float] | None = None, action: str | None = None) -> dict:
        """A click moves the start there (rounded to 2 decimals, kept inside the window)."""
        new = dict(params)
        if click is not None:
            new["x"], new["y"] = clamp_click(click, LOSSES[params["loss"]].window)
        return new

    def sound(self, params: dict, result: DescentResult) -> Sound | None:
        return sound.descent(result.run)

    def figure(self, params: dict, result: DescentResult) -> Figure:
        return svg.descent_figure(result.loss, result.run, _label(params))

    def clicked(self, before: dict, after: dict, result: DescentResult) -> str:
        r = result.run
        x, y = r.path[0]
        return f"Descent starts at ({num(x)}, {num(y)}); loss {num(float(r.losses[0]))}; {plot.status(result.loss, r)}."

    # The numbers table and CSV (activities.tabular): headings for data.json's keys, tables grouped.
    number_tables = (("path", "losses"),)
    number_labels = {
        "converged": "Converged",
        "diverged": "Diverged",
        "steps_taken": "Steps taken",
        "final.x": "Final x",
        "final.y": "Final y",
        "final.loss": "Final loss",
        "table path": "The descent path, one row per step from the start",
        "path.0": "x",
        "path.1": "y",
        "losses": "loss f(x, y)",
    }


KIND = GradientDescent()
