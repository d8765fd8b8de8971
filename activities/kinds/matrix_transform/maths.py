"""A 2×2 matrix acting on the plane: determinant, trace, eigenvalues, eigenvectors, image of the unit square.

The matrix [[a, b], [c, d]] acts on column vectors, so (1, 0) ↦ (a, c) and (0, 1) ↦ (b, d).
Entries are bounded by the parameter declarations (|entry| ≤ 10), so nothing here can overflow.
"""

import math
from dataclasses import dataclass

from activities.engine.script import exported

# Below this |det| the image of the square is drawn and described as collapsed onto a line or point.
COLLAPSE_TOL = 1e-9
# Relative tolerance on the discriminant tr² − 4 det for a repeated eigenvalue: the inputs carry
# six significant digits, and float rounding must not turn a repeated root into a complex pair.
REPEATED_TOL = 1e-12

UNIT_SQUARE = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))


@dataclass(frozen=True)
class MatrixResult:
    """Everything the figure and the text say about one matrix."""

    matrix: tuple[tuple[float, float], tuple[float, float]]
    determinant: float
    trace: float
    eigenvalues: tuple[tuple[float, float], ...]  # (re, im) pairs
    # Unit eigenvector directions for real eigenvalues (one per distinct direction); empty when complex.
    eigenvectors: tuple[tuple[float, float], ...]
    every_direction: bool  # A = λI: every nonzero vector is an eigenvector
    # Whether A has real eigenvectors at all: exactly when its eigenvalues are real. A complex pair
    # (a rotation, say) turns every real direction, and the legend must not name eigenvectors.
    real_eigenvectors: bool
    square_image: tuple[tuple[float, float], ...]
    orientation: str  # "preserved", "reversed" or "collapsed"


@exported
def apply(matrix: tuple[tuple[float, float], tuple[float, float]], x: float, y: float) -> tuple[float, float]:
    """The image of the column vector (x, y)."""
    (a, b), (c, d) = matrix
    return a * x + b * y, c * x + d * y


@exported
def eigenvalues(a: float, b: float, c: float, d: float) -> tuple[tuple[float, float], ...]:
    """Roots of λ² − tr λ + det = 0 as (re, im), larger real part first, without cancellation."""
    tr = a + d
    det = a * d - b * c
    # (a − d)² + 4bc equals tr² − 4 det but without cancelling two large numbers.
    disc = (a - d) ** 2 + 4 * b * c
    if abs(disc) <= REPEATED_TOL * max(1.0, tr * tr, abs(det)):
        disc = 0.0
    if disc >= 0:
        root = math.sqrt(disc)
        big = (tr + math.copysign(root, tr)) / 2 if tr != 0 else root / 2
        small = det / big if big != 0 else (tr - root) / 2 if tr != 0 else -root / 2
        pair = sorted((big, small), reverse=True)
        return (pair[0], 0.0), (pair[1], 0.0)
    im = math.sqrt(-disc) / 2
    return (tr / 2, im), (tr / 2, -im)


@exported
def eigenvector(a: float, b: float, c: float, d: float, lam: float) -> tuple[float, float] | None:
    """A unit vector v with (A − λI)v = 0, from whichever row of A − λI is larger; None if A = λI."""
    candidates = ((b, lam - a), (lam - d, c))
    vx, vy = max(candidates, key=lambda v: math.hypot(*v))
    norm = math.hypot(vx, vy)
    if norm < 1e-12:
        return None
    vx, vy = vx / norm, vy / norm
    # A canonical sign, so that the same direction always prints the same way.
    if vx < 0 or (vx == 0 and vy < 0):
        vx, vy = -vx, -vy
    return vx + 0.0, vy + 0.0


@exported
def orientation(det: float) -> str:
    """What the matrix does to the square's orientation: "preserved", "reversed" or "collapsed"."""
    return "collapsed" if abs(det) < COLLAPSE_TOL else "preserved" if det > 0 else "reversed"


@exported
def square_image(matrix: tuple[tuple[float, float], tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """The corners of the unit square's image, in UNIT_SQUARE's order (+ 0.0: no −0.0)."""
    return tuple((x + 0.0, y + 0.0) for x, y in (apply(matrix, x, y) for x, y in UNIT_SQUARE))


def transform(a: float, b: float, c: float, d: float) -> MatrixResult:
    """All the numbers for the matrix [[a, b], [c, d]]."""
    matrix = ((a, b), (c, d))
    det = a * d - b * c
    values = eigenvalues(a, b, c, d)
    vectors: list[tuple[float, float]] = []
    every = False
    if values[0][1] == 0:
        for lam, _ in values:
            v = eigenvector(a, b, c, d, lam)
            if v is None:
                every = True
                continue
            # Skip a direction already listed (a repeated eigenvalue of a shear gives one line).
            if all(abs(v[0] * w[1] - v[1] * w[0]) > 1e-9 for w in vectors):
                vectors.append(v)
        if every:
            vectors = []
    return MatrixResult(
        matrix=matrix,
        determinant=det,
        trace=a + d,
        eigenvalues=values,
        eigenvectors=tuple(vectors),
        every_direction=every,
        real_eigenvectors=values[0][1] == 0,
        square_image=square_image(matrix),
        orientation=orientation(det),
    )
