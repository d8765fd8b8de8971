"""Activity: contours and gradient arrows of a scalar field; a particle follows the gradient from a click."""

from dataclasses import dataclass
from functools import partial

from matplotlib.figure import Figure

from activities.engine.layout import DESK, Size
from activities.engine.notation import bold, count, matrix, number, paren
from activities.engine.params import Choice, Float, ParamError
from activities.kinds.base import SCRIPT, SVG, Action, Kind, Preset, Summary, clamp_click
from activities.kinds.gradient_field import plot, svg
from activities.kinds.gradient_field.maths import FIELDS, MAX_STEPS, Field, Path, flow, inside
from activities.kinds.gradient_field.named_surface import StartInWindow

num = partial(number, decimals=2)

PARAMS = (
    Choice("field", "Field", "bowl", tuple((slug, f"{field.label}: {field.text}") for slug, field in FIELDS.items())),
    # The widest window (himmelblau's) bounds x and y; each field then checks its own window.
    Float("x", "Particle start x", None, -6.75, 6.75, 0.01, help="Leave empty for no particle."),
    Float("y", "Particle start y", None, -5.0, 5.0, 0.01, help="Leave empty for no particle."),
    Choice(
        "direction",
        "Particle moves",
        "ascent",
        (("ascent", "Uphill, along \u2207f (ascent)"), ("descent", "Downhill, against \u2207f (descent)")),
    ),
)

PRESETS = (
    Preset("bowl-ascent", "Bowl: climb out", {"field": "bowl", "x": 0.3, "y": 0.2, "direction": "ascent"}),
    Preset("saddle-descent", "Saddle: slide off", {"field": "saddle", "x": 1.5, "y": 0.05, "direction": "descent"}),
    Preset("hill-ascent", "Hill: climb to the top", {"field": "hill", "x": -1.5, "y": 1.2, "direction": "ascent"}),
    Preset("ripple", "Ripple: find a peak", {"field": "ripple", "x": -0.5, "y": 2.0, "direction": "ascent"}),
    Preset(
        "himmelblau-descent",
        "Himmelblau: roll into a basin",
        {"field": "himmelblau", "x": 0.0, "y": 4.5, "direction": "descent"},
    ),
)

ACTIONS = (Action("clear", "Remove the particle"),)


@dataclass(frozen=True)
class FieldResult:
    field: Field
    path: Path | None


def _window_text(field: Field) -> str:
    xmin, xmax, ymin, ymax = field.window
    return f"x from {num(xmin)} to {num(xmax)}, y from {num(ymin)} to {num(ymax)}"


def _point(p) -> list[float]:
    return [round(float(p[0]), 6), round(float(p[1]), 6)]


# Hand-written MathML for each field: f and its gradient.
_SQ = "<mn>2</mn>"
_X2 = f"<msup><mi>x</mi>{_SQ}</msup>"
_Y2 = f"<msup><mi>y</mi>{_SQ}</msup>"
_EXP = f"<msup><mi>e</mi><mrow><mo>\u2212</mo>{paren(_X2, '<mo>+</mo>', _Y2)}</mrow></msup>"
_U = paren(_X2, "<mo>+</mo><mi>y</mi><mo>\u2212</mo><mn>11</mn>")
_V = paren("<mi>x</mi><mo>+</mo>", _Y2, "<mo>\u2212</mo><mn>7</mn>")
_MATHML = {
    "bowl": (f"{_X2}<mo>+</mo>{_Y2}", "<mn>2</mn><mi>x</mi>", "<mn>2</mn><mi>y</mi>"),
    "saddle": (f"{_X2}<mo>\u2212</mo>{_Y2}", "<mn>2</mn><mi>x</mi>", "<mn>\u22122</mn><mi>y</mi>"),
    "hill": (
        _EXP,
        f"<mn>\u22122</mn><mi>x</mi>{_EXP}",
        f"<mn>\u22122</mn><mi>y</mi>{_EXP}",
    ),
    "ripple": (
        "<mi>sin</mi><mi>x</mi><mo>\u2062</mo><mi>cos</mi><mi>y</mi>",
        "<mi>cos</mi><mi>x</mi><mo>\u2062</mo><mi>cos</mi><mi>y</mi>",
        "<mo>\u2212</mo><mi>sin</mi><mi>x</mi><mo>\u2062</mo><mi>sin</mi><mi>y</mi>",
    ),
    "himmelblau": (
        f"<msup><mrow>{_U}</mrow>{_SQ}</msup><mo>+</mo><msup><mrow>{_V}</mrow>{_SQ}</msup>",
        f"<mn>4</mn><mi>x</mi>{_U}<mo>+</mo><mn>2</mn>{_V}",
        f"<mn>2</mn>{_U}<mo>+</mo><mn>4</mn><mi>y</mi>{_V}",
    ),
}


class GradientField(StartInWindow, Kind[FieldResult]):
    """Contours and gradient arrows of a scalar field; a particle follows the gradient from a click."""

    title = "Gradient fields"
    surface, surfaces = "field", FIELDS  # the particle starts inside the chosen field's window
    capabilities = frozenset({SCRIPT, SVG})
    params = PARAMS
    presets = PRESETS
    actions = ACTIONS
    animated = True
    pairs = (("x", "y"),)
    drag = ("x", "y")

    def offers(self, action: str, params: dict) -> bool:
        """Offer "Remove the particle" only when there is a particle to remove."""
        if action == "clear":
            return params.get("x") is not None or params.get("y") is not None
        return True

    def compute(self, params: dict) -> FieldResult:
        field = FIELDS[params["field"]]
        x, y = params.get("x"), params.get("y")
        if x is None and y is None:
            return FieldResult(field, None)
        if x is None or y is None:
            raise ParamError("Give both x and y for the particle's start, or neither.", field="y" if y is None else "x")
        if not inside(field.window, x, y):
            wrong = "x" if not field.window[0] <= x <= field.window[1] else "y"
            raise ParamError(f"The particle must start inside the window: {_window_text(field)}.", field=wrong)
        return FieldResult(field, flow(field, x, y, params["direction"]))

    def data(self, params: dict, result: FieldResult) -> dict:
        particle = None
        if result.path is not None:
            points = result.path.points
            particle = {
                "start": _point(points[0]),
                "path": [_point(p) for p in points],
                "end": _point(points[-1]),
                "steps": result.path.steps,
                "reason": result.path.reason,
            }
        return {"field": result.field.slug, "formula": result.field.text, "particle": particle}

    def summary(self, params: dict, result: FieldResult) -> list[Summary]:
        items = [Summary("Field", result.field.text)]
        if result.path is not None:
            start, end = result.path.points[0], result.path.points[-1]
            f = result.field.f
            items += [
                Summary("Start", f"({num(start[0])}, {num(start[1])}), f = {number(float(f(*start)), 3)}"),
                Summary("End", f"({num(end[0])}, {num(end[1])}), f = {number(float(f(*end)), 3)}"),
                Summary("Steps", f"{result.path.steps} ({result.path.reason})"),
            ]
        return items

    def describe(self, params: dict, result: FieldResult) -> str:
        field = result.field
        text = (
            f"Contour map of {field.text} for {_window_text(field)}, with arrows pointing along the gradient, "
            "the direction of steepest ascent."
        )
        path = result.path
        if path is None:
            return text + " Click the map to place a particle."
        start, end = path.points[0], path.points[-1]
        way = "uphill along" if path.direction == "ascent" else "downhill against"
        fate = {
            "stalled": "comes to rest where the gradient vanishes",
            "left the window": "leaves the window",
            "step limit": f"is still moving when the {MAX_STEPS}-step limit is reached",
        }[path.reason]
        return (
            f"{text} A particle starts at ({num(start[0])}, {num(start[1])}) "
            f"where f = {number(float(field.f(*start)), 3)}, "
            f"moves {way} the gradient, and after {count(path.steps, 'step')} {fate} at ({num(end[0])}, {num(end[1])}) "
            f"where f = {number(float(field.f(*end)), 3)}."
        )

    def formula(self, params: dict) -> str:
        f, fx, fy = _MATHML[params["field"]]
        sign = "" if params.get("direction", "ascent") == "ascent" else "<mo>\u2212</mo>"
        xy = paren("<mi>x</mi><mo>,</mo><mi>y</mi>")
        gradient = matrix((f"<mrow>{fx}</mrow>",), (f"<mrow>{fy}</mrow>",), brackets="()")
        x = bold("x")
        return (
            '<math display="block"><mtable displaystyle="true">'
            f"<mtr><mtd><mrow><mi>f</mi>{xy}<mo>=</mo>{f}</mrow></mtd></mtr>"
            f"<mtr><mtd><mrow><mo>\u2207</mo><mi>f</mi>{xy}<mo>=</mo>{gradient}</mrow></mtd></mtr>"
            f"<mtr><mtd><mrow><mfrac><mrow><mi>d</mi>{x}</mrow>"
            "<mrow><mi>d</mi><mi>t</mi></mrow></mfrac>"
            f"<mo>=</mo>{sign}<mo>\u2207</mo><mi>f</mi>{paren(x)}</mrow></mtd></mtr>"
            "</mtable></math>"
        )

    def render(self, params: dict, result: FieldResult, scale: int = 1, size: Size = DESK) -> bytes:
        return plot.render(result.field, result.path, scale, size)

    def step(self, params: dict, *, click: tuple[float, float] | None = None, action: str | None = None) -> dict:
        """A click places the particle there (rounded to 2 decimals, kept in the window); "clear" removes it."""
        new = dict(params)
        if action == "clear":
            new["x"] = new["y"] = None
        if click is not None:
            new["x"], new["y"] = clamp_click(click, FIELDS[params["field"]].window)
        return new

    def figure(self, params: dict, result: FieldResult) -> Figure:
        return svg.field_figure(result.field, result.path)

    def animates(self, params: dict) -> bool:
        return params.get("x") is not None and params.get("y") is not None

    def clicked(self, before: dict, after: dict, result: FieldResult) -> str:
        path = result.path
        if path is None:
            return ""
        (x, y), end = path.points[0], path.points[-1]
        return (
            f"Particle dropped at ({num(x)}, {num(y)}); after {count(path.steps, 'step')} ({path.reason}) "
            f"it is at ({num(end[0])}, {num(end[1])}), f = {number(float(result.field.f(*end)), 3)}."
        )

    # The numbers table and CSV (activities.tabular): headings for data.json's keys, tables grouped.
    number_tables = (("particle.start", "particle.end"),)
    number_labels = {
        "field": "Field",
        "formula": "Function",
        "particle": "Particle (none placed)",
        "particle.steps": "Particle's steps",
        "particle.reason": "Why it stopped",
        "table particle.start": "Particle's start and end: first row x, second row y",
        "particle.start": "start",
        "particle.end": "end",
        "table particle.path": "The particle's path, one row per step",
        "particle.path.0": "x",
        "particle.path.1": "y",
    }


KIND = GradientField()
