"""Activity: a 2×2 matrix transforms the plane; see the unit square's image, determinant and eigenvectors."""

import math
from functools import partial

from matplotlib.figure import Figure

from activities.engine.layout import DESK, Size
from activities.engine.notation import factor, matrix, number, signed
from activities.engine.params import Float
from activities.kinds.base import SCRIPT, SVG, Kind, Preset, Summary
from activities.kinds.matrix_transform import plot, svg
from activities.kinds.matrix_transform.maths import MatrixResult, transform

num = partial(number, decimals=3)

PARAMS = (
    Float("a", "a (top left)", 1.0, -10.0, 10.0, 0.1, help="First column is the image of (1, 0): (a, c)."),
    Float("b", "b (top right)", 0.5, -10.0, 10.0, 0.1, help="Second column is the image of (0, 1): (b, d)."),
    Float("c", "c (bottom left)", -0.3, -10.0, 10.0, 0.1),
    Float("d", "d (bottom right)", 1.0, -10.0, 10.0, 0.1),
)

_COS30 = round(math.cos(math.pi / 6), 3)  # 0.866

PRESETS = (
    Preset("identity", "Identity", {"a": 1.0, "b": 0.0, "c": 0.0, "d": 1.0}),
    Preset("rotation-30", "Rotation by 30°", {"a": _COS30, "b": -0.5, "c": 0.5, "d": _COS30}),
    Preset("shear", "Shear", {"a": 1.0, "b": 1.0, "c": 0.0, "d": 1.0}),
    Preset("reflection", "Reflection in the x-axis", {"a": 1.0, "b": 0.0, "c": 0.0, "d": -1.0}),
    Preset("projection", "Projection onto the x-axis (singular)", {"a": 1.0, "b": 0.0, "c": 0.0, "d": 0.0}),
)


def _eigen_text(result: MatrixResult) -> str:
    (l1, i1), (l2, _) = result.eigenvalues
    if i1 != 0:
        # No real direction is kept: the text, like the figure's key, names no eigenvector.
        return f"complex eigenvalues {num(l1)} ± {num(abs(i1))}i, so every direction is turned"
    if l1 == l2:
        return f"repeated eigenvalue {num(l1)}"
    return f"eigenvalues {num(l1)} and {num(l2)}"


class MatrixTransform(Kind[MatrixResult]):
    """A 2×2 matrix transforms the plane; see the unit square's image, determinant and eigenvectors."""

    title = "Matrices as transformations"
    capabilities = frozenset({SCRIPT, SVG})
    params = PARAMS
    presets = PRESETS

    def compute(self, params: dict) -> MatrixResult:
        return transform(params["a"], params["b"], params["c"], params["d"])

    def data(self, params: dict, result: MatrixResult) -> dict:
        return {
            "matrix": [[float(v) for v in row] for row in result.matrix],
            "determinant": float(result.determinant),
            "trace": float(result.trace),
            "eigenvalues": [[float(re), float(im)] for re, im in result.eigenvalues],
            "square_image": [[float(x), float(y)] for x, y in result.square_image],
            "orientation": result.orientation,
        }

    def summary(self, params: dict, result: MatrixResult) -> list[Summary]:
        (l1, i1), (l2, i2) = result.eigenvalues
        values = f"{num(l1)} ± {num(abs(i1))}i" if i1 != 0 else num(l1) if l1 == l2 else f"{num(l1)}, {num(l2)}"
        return [
            Summary("Determinant", num(result.determinant)),
            Summary("Trace", num(result.trace)),
            Summary("Eigenvalues", values),
            Summary("Orientation", result.orientation),
        ]

    def describe(self, params: dict, result: MatrixResult) -> str:
        corners = ", ".join(f"({num(x)}, {num(y)})" for x, y in result.square_image)
        det = num(result.determinant)
        if result.orientation == "collapsed":
            shape = f"The unit square collapses onto a line or point through {corners}; determinant {det}, area 0"
        else:
            shape = (
                f"The unit square maps to a parallelogram with vertices {corners}; determinant {det}, "
                f"so areas are multiplied by {num(abs(result.determinant))} and orientation is {result.orientation}"
            )
        if result.every_direction:
            eig = f"{_eigen_text(result)}: every direction is an eigenvector"
        elif result.eigenvectors:
            lines = " and ".join(f"({num(x)}, {num(y)})" for x, y in result.eigenvectors)
            eig = f"{_eigen_text(result)}, eigenvector lines along {lines}"
        else:
            eig = _eigen_text(result)
        return f"{shape}. Trace {num(result.trace)}; {eig}."

    def formula(self, params: dict) -> str:
        a, b, c, d = params["a"], params["b"], params["c"], params["d"]
        entries = matrix((signed(a, 3), signed(b, 3)), (signed(c, 3), signed(d, 3)))
        return (
            '<math display="block"><mrow>'
            f"<mi>A</mi><mo>=</mo>{entries}<mo>,</mo><mspace width='1em'></mspace>"
            "<mo>det</mo><mi>A</mi><mo>=</mo><mi>a</mi><mi>d</mi><mo>\u2212</mo><mi>b</mi><mi>c</mi><mo>=</mo>"
            f"{factor(a, 3)}<mo>\u00d7</mo>{factor(d, 3)}<mo>\u2212</mo>{factor(b, 3)}<mo>\u00d7</mo>{factor(c, 3)}"
            f"<mo>=</mo>{signed(a * d - b * c, 3)}"
            "</mrow></math>"
        )

    def render(self, params: dict, result: MatrixResult, scale: int = 1, size: Size = DESK) -> bytes:
        return plot.render(result, scale, size)

    def figure(self, params: dict, result: MatrixResult) -> Figure:
        return svg.matrix_figure(result)

    # The numbers table and CSV (activities.tabular): headings for data.json's keys.
    number_labels = {
        "determinant": "Determinant det A",
        "trace": "Trace tr A",
        "orientation": "Orientation",
        "table matrix": "The matrix A, one row per row",
        "matrix.0": "column 1",
        "matrix.1": "column 2",
        "table eigenvalues": "Eigenvalues λ of A",
        "eigenvalues.0": "real part",
        "eigenvalues.1": "imaginary part",
        "table square_image": "Images of the unit square's corners (0, 0), (1, 0), (1, 1), (0, 1)",
        "square_image.0": "x",
        "square_image.1": "y",
    }


KIND = MatrixTransform()
