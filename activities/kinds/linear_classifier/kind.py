"""Activity: a line w₁x + w₂y + b = 0 splits the plane into a blue side and a red side.

Visitors click to add red or blue points, move the line with three sliders, or let the perceptron or
logistic regression place it. The default points are the "separable" preset; ``points=none`` is the
empty set (an absent ``points`` means the default).
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

from matplotlib.figure import Figure

from activities.engine.layout import DESK, Size
from activities.engine.notation import mn, number, signed
from activities.engine.params import MAX_RAW_LENGTH, Choice, Float, ParamError, format_number
from activities.kinds.base import SCRIPT, SVG, Action, Kind, Preset, Summary
from activities.kinds.linear_classifier import maths as classifier
from activities.kinds.linear_classifier import plot, svg

MAX_POINTS = 200
# Longest accepted points string: 200 triples such as "-6.74,-4.99,blue;" need ≤ 3,400 characters.
MAX_POINTS_LENGTH = MAX_RAW_LENGTH
WEIGHT_BOUND = 10.0
EMPTY = "none"
LIMITS = plot.LIMITS  # (xmin, xmax, ymin, ymax): equal scales on screen, y from −5 to 5

Point = tuple[float, float, str]

SEPARABLE = (
    "1.1,3.2,blue;2.5,-2.2,red;-1.8,3,blue;-1.8,-1.8,red;-2.2,-0.4,red;4.5,2.3,blue;1.1,3.9,blue;"
    "-2.6,-2.7,red;1,-3.6,red;-4.2,0.1,red;-0.3,3.3,blue;0,-2,red;-4.4,-2.5,red;1.7,-2.4,red;"
    "-1.2,-4,red;-2.1,3,blue;0.1,2.8,blue;1.3,1.9,blue;0.1,3,blue;4.3,0.7,blue"
)
NOISY = (
    "0.3,1.3,blue;-1.8,-0.8,red;-0.5,0.2,blue;-1.5,0.3,red;2.8,-0.9,blue;-2.3,-0.1,red;-1.6,0.4,blue;"
    "-1.3,0.8,red;2.2,0.5,blue;-1.7,-1.4,red;3.3,0.4,blue;-1.6,-0.5,red;1,0.7,blue;-2.8,-1,red;"
    "0.6,2.6,blue;-0.3,-1,red;2.1,0.5,blue;0.3,-1,red;2,-0.8,blue;-0.7,-3.4,red;-1.6,0.6,blue;"
    "-2.5,-0.8,red;4.3,-0.2,blue;-2.1,-0.7,red;1.9,0.8,blue;-1.5,0,red;1.9,-0.4,blue;-1.3,-1,red"
)
XOR = (
    "1.8,2.7,blue;1.9,3.2,blue;2.6,2.6,blue;2.1,2.4,blue;1.1,1.7,blue;-2.2,-4,blue;-1.9,-3.7,blue;"
    "-2,-3.1,blue;-2,-2.4,blue;-3.6,-1.6,blue;3.5,-2.5,red;2.3,-2.6,red;1.8,-1.7,red;2.1,-2.5,red;"
    "1.9,-2.9,red;-3.4,3.4,red;-2.6,3.2,red;-2.5,2,red;-2.7,2.1,red;-2.5,2.2,red"
)


def parse_points(raw: str) -> tuple[Point, ...]:
    """Points from "x,y,label;…" (label red or blue, at most 200, inside the window), rounded to 2 decimals."""
    raw = raw.strip()
    if len(raw) > MAX_POINTS_LENGTH:
        raise ParamError("The list of points is too long.")
    if raw in {"", EMPTY}:
        return ()
    parts = raw.rstrip(";").split(";")
    if len(parts) > MAX_POINTS:
        raise ParamError(f"At most {MAX_POINTS} points are allowed.")
    xmin, xmax, ymin, ymax = LIMITS
    points = []
    for index, part in enumerate(parts, start=1):
        fields = [field.strip() for field in part.split(",")]
        if len(fields) != 3:
            raise ParamError(f"Point {index} must be written x,y,label (such as 0.5,1.2,blue).")
        try:
            x, y = (float(field.replace("\u2212", "-")) for field in fields[:2])
        except ValueError:
            raise ParamError(f"Point {index} has a coordinate that is not a number.") from None
        if not (math.isfinite(x) and math.isfinite(y)):
            raise ParamError(f"Point {index} must have finite coordinates.")
        if not (xmin <= x <= xmax and ymin <= y <= ymax):
            raise ParamError(
                f"Point {index} is outside the window: x must be between {format_number(xmin)} and "
                f"{format_number(xmax)}, y between {format_number(ymin)} and {format_number(ymax)}."
            )
        label = fields[2].lower()
        if label not in classifier.LABELS:
            raise ParamError(f"Point {index} must be labelled red or blue.")
        points.append((round(x, 2) + 0.0, round(y, 2) + 0.0, label))
    return tuple(points)


def encode_points(points: tuple[Point, ...]) -> str:
    """The canonical text of a points list; "none" for no points."""
    if not points:
        return EMPTY
    return ";".join(f"{format_number(x)},{format_number(y)},{label}" for x, y, label in points)


@dataclass(frozen=True)
class Points:
    """A parameter holding up to 200 labelled points, written x,y,label;x,y,label;…"""

    name: str
    label: str
    default: tuple[Point, ...]
    help: str = ""

    def parse(self, data: Mapping) -> tuple[Point, ...]:
        value = data.get(self.name)
        if isinstance(value, list | tuple):  # already parsed, as in a preset's values
            try:
                value = encode_points(tuple(value))
            except (TypeError, ValueError):
                raise ParamError("Points must be (x, y, label) triples.") from None
        if value is None or not str(value).strip():
            return self.default
        return parse_points(str(value))

    def encode(self, value: tuple[Point, ...] | None) -> str:
        return encode_points(tuple(value or ()))


PARAMS = (
    Points("points", "Points", parse_points(SEPARABLE), help="x,y,label triples joined by “;”."),
    Float("w1", "w₁ (weight of x)", 1.0, -WEIGHT_BOUND, WEIGHT_BOUND),
    Float("w2", "w₂ (weight of y)", 1.0, -WEIGHT_BOUND, WEIGHT_BOUND),
    Float("b", "b (bias)", 0.0, -WEIGHT_BOUND, WEIGHT_BOUND),
    Choice("colour", "Colour of a new point", "blue", (("blue", "Blue"), ("red", "Red"))),
)


def _counts(params: dict, result: classifier.Evaluation) -> dict:
    labels = [label for _, _, label in params["points"]]
    return {
        "red": labels.count("red"),
        "blue": labels.count("blue"),
        "misclassified": len(result.misclassified),
    }


def _percent(fraction: float | None) -> str:
    return "no points yet" if fraction is None else f"{100 * fraction:.0f}%"


def _equation(params: dict) -> str:
    """The line as text, such as "1x − 0.5y + 2 = 0"."""
    text = f"{number(params['w1'])}x"
    for value, var in ((params["w2"], "y"), (params["b"], "")):
        sign = "−" if value < 0 else "+"
        text += f" {sign} {number(abs(value))}{var}"
    return text.replace("-", "−") + " = 0"


def _direction(w1: float, w2: float) -> str:
    """The compass direction of the vector (w1, w2), in words."""
    angle = math.degrees(math.atan2(w2, w1)) % 360
    names = ("right", "upper right", "top", "upper left", "left", "lower left", "bottom", "lower right")
    return names[round(angle / 45) % 8]


def _preset(slug: str, label: str, points: str) -> Preset:
    values = {"points": parse_points(points), "w1": 1.0, "w2": 1.0, "b": 0.0, "colour": "blue"}
    return Preset(slug, label, values)


class LinearClassifier(Kind[classifier.Evaluation]):
    """A line w₁x + w₂y + b = 0 splits the plane into a blue side and a red side."""

    title = "A linear classifier"
    capabilities = frozenset({SCRIPT, SVG})
    params = PARAMS
    presets = (
        _preset("separable", "Separable", SEPARABLE),
        _preset("noisy", "Noisy", NOISY),
        _preset("xor", "XOR (no line can do it)", XOR),
    )
    actions = (
        Action("fit-perceptron", "Fit: perceptron"),
        Action("fit-logistic", "Fit: logistic regression"),
        Action("clear", "Clear points"),
    )

    def compute(self, params: dict) -> classifier.Evaluation:
        return classifier.evaluate(params["points"], params["w1"], params["w2"], params["b"])

    def data(self, params: dict, result: classifier.Evaluation) -> dict:
        return {
            "accuracy": result.accuracy,
            "misclassified": list(result.misclassified),
            "counts": _counts(params, result),
            "points": [{"x": x, "y": y, "label": label} for x, y, label in params["points"]],
            "weights": {"w1": params["w1"], "w2": params["w2"], "b": params["b"]},
        }

    def summary(self, params: dict, result: classifier.Evaluation) -> list[Summary]:
        counts = _counts(params, result)
        return [
            Summary("Line", _equation(params)),
            Summary("Points", f"{counts['blue']} blue, {counts['red']} red"),
            Summary("Misclassified", str(counts["misclassified"])),
            Summary("Accuracy", _percent(result.accuracy)),
        ]

    def describe(self, params: dict, result: classifier.Evaluation) -> str:
        counts = _counts(params, result)
        w1, w2, b = params["w1"], params["w2"], params["b"]
        text = (
            f"Scatter plot of {len(params['points'])} points ({counts['blue']} blue, {counts['red']} red) "
            f"with x from {number(LIMITS[0])} to {number(LIMITS[1])} "
            f"and y from {number(LIMITS[2])} to {number(LIMITS[3])}. "
        )
        if w1 == 0 and w2 == 0:
            side = "blue" if b > 0 else "red" if b < 0 else "neither colour"
            text += f"With w₁ = w₂ = 0 there is no line: the whole plane is predicted {side}. "
        else:
            text += (
                f"The line {_equation(params)} divides the plane; the side towards the "
                f"{_direction(w1, w2)} (where w₁x + w₂y + b > 0) is predicted blue, the other side red. "
            )
        if result.accuracy is not None:
            wrong = counts["misclassified"]
            text += f"{wrong} {'point is' if wrong == 1 else 'points are'} misclassified"
            text += " (ringed in red); " if wrong else "; "
            text += f"accuracy {_percent(result.accuracy)}."
        return text

    def formula(self, params: dict) -> str:
        """The decision line, symbolic and with this state's numbers."""
        w1, w2, b = params["w1"], params["w2"], params["b"]
        numeric = signed(w1) + "<mo>&#x2062;</mo><mi>x</mi>"
        numeric += ("<mo>−</mo>" if w2 < 0 else "<mo>+</mo>") + mn(abs(w2)) + "<mo>&#x2062;</mo><mi>y</mi>"
        numeric += ("<mo>−</mo>" if b < 0 else "<mo>+</mo>") + mn(abs(b)) + "<mo>=</mo><mn>0</mn>"
        symbolic = (
            "<msub><mi>w</mi><mn>1</mn></msub><mo>&#x2062;</mo><mi>x</mi><mo>+</mo>"
            "<msub><mi>w</mi><mn>2</mn></msub><mo>&#x2062;</mo><mi>y</mi><mo>+</mo><mi>b</mi><mo>=</mo><mn>0<"
            "/mn>"
        )
        return (
            '<math display="block"><mtable displaystyle="true">'
            f"<mtr><mtd><mrow>{symbolic}</mrow></mtd></mtr>"
            f"<mtr><mtd><mrow>{numeric}</mrow></mtd></mtr>"
            "</mtable></math>"
        )

    def render(self, params: dict, result: classifier.Evaluation, scale: int = 1, size: Size = DESK) -> bytes:
        return plot.render(
            params["points"], (params["w1"], params["w2"], params["b"]), result.misclassified, scale, size
        )

    def limits(self, params: dict) -> tuple[float, float, float, float]:
        return LIMITS

    def step(self, params: dict, *, click: tuple[float, float] | None = None, action: str | None = None) -> dict:
        """Add a point at a click; clear the points or fit the line for an action. Raises ParamError."""
        params = dict(params)
        points = tuple(params["points"])
        if action == "clear":
            params["points"] = ()
        elif action in {"fit-perceptron", "fit-logistic"}:
            if not points:
                raise ParamError("Add some points before fitting a line.", field="points")
            if action == "fit-perceptron":  # from the line on screen, never ending worse than it
                fitted = classifier.perceptron(points, start=(params["w1"], params["w2"], params["b"]))
            else:
                fitted = classifier.logistic(points)
            weights = classifier.tidy_weights(points, fitted, WEIGHT_BOUND)
            params["w1"], params["w2"], params["b"] = weights
        elif action is not None:
            raise ParamError(f"Unknown action “{str(action)[:40]}”.")
        if click is not None:
            if len(points) >= MAX_POINTS:
                raise ParamError(f"At most {MAX_POINTS} points are allowed: clear some first.")
            x, y = (float(v) for v in click)
            xmin, xmax, ymin, ymax = LIMITS
            if not (math.isfinite(x) and math.isfinite(y) and xmin <= x <= xmax and ymin <= y <= ymax):
                raise ParamError("Click inside the plotting area to add a point.")
            # Round to 2 decimals, staying inside the window.
            x = min(max(round(x, 2), xmin), xmax) + 0.0
            y = min(max(round(y, 2), ymin), ymax) + 0.0
            params["points"] = tuple(params["points"]) + ((x, y, params["colour"]),)
        return params

    def figure(self, params: dict, result: classifier.Evaluation) -> Figure:
        return svg.classifier_figure(params["points"], (params["w1"], params["w2"], params["b"]), result.misclassified)

    def clicked(self, before: dict, after: dict, result: classifier.Evaluation) -> str:
        if len(after["points"]) <= len(before["points"]):
            return ""
        x, y, label = after["points"][-1]
        return f"Point added at ({number(x, 2)}, {number(y, 2)}), {label}; accuracy {_percent(result.accuracy)}."

    # The numbers table and CSV (activities.tabular): headings for data.json's keys.
    number_labels = {
        "accuracy": "Accuracy (fraction classified correctly)",
        "counts.red": "Red points",
        "counts.blue": "Blue points",
        "counts.misclassified": "Misclassified points",
        "weights.w1": "w₁",
        "weights.w2": "w₂",
        "weights.b": "b (bias)",
        "table misclassified": "Misclassified points, by their row in the table of points (from 0)",
        "misclassified": "row of the point",
        "table points": "The points",
        "points.x": "x",
        "points.y": "y",
        "points.label": "colour",
    }


KIND = LinearClassifier()
