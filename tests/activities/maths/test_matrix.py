"""Whether a 2×2 matrix has real eigenvectors, against numpy and closed forms.

A real 2×2 matrix has a real eigenvector exactly when its characteristic polynomial
λ² − tr λ + det has real roots, i.e. when (a − d)² + 4bc ≥ 0; a rotation by θ ∉ {0, π} has none.
"""

import math

import numpy as np
import pytest

from activities.kinds.matrix_transform.maths import transform


@pytest.mark.parametrize("degrees", (1, 30, 45, 90, 135, 179, 181, 270, 300, 359))
def test_a_rotation_has_no_real_eigenvectors(degrees: int) -> None:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    for scale in (1.0, 0.5, 3.0):
        result = transform(scale * c, -scale * s, scale * s, scale * c)
        assert not result.real_eigenvectors
        assert result.eigenvectors == () and not result.every_direction
        assert all(im != 0 for _, im in result.eigenvalues)


@pytest.mark.parametrize("degrees", (0, 180))
def test_a_half_or_whole_turn_sends_every_direction_to_itself(degrees: int) -> None:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    result = transform(c, -s, s, c)
    assert result.real_eigenvectors and result.every_direction


@pytest.mark.parametrize(
    ("matrix", "lines"),
    [
        ((1, 1, 0, 1), 1),  # shear: one line, the x-axis
        ((1, 0, 0, -1), 2),  # reflection in the x-axis
        ((2, 1, 1, 2), 2),  # symmetric: always real
        ((0, 1, 0, 0), 1),  # nilpotent
        ((0, -1, 1, 0), 0),  # quarter turn
        ((2, -3, 3, 2), 0),  # a turn and a stretch
        ((1, -1, 1, 1), 0),
    ],
)
def test_named_matrices(matrix, lines: int) -> None:
    result = transform(*matrix)
    assert result.real_eigenvectors == (lines > 0)
    assert len(result.eigenvectors) == lines


def test_agrees_with_numpy_on_random_matrices() -> None:
    rng = np.random.default_rng(11)
    checked = 0
    for a, b, c, d in np.round(rng.uniform(-10, 10, size=(2000, 4)), 2):
        disc = (a - d) ** 2 + 4 * b * c
        if abs(disc) < 1e-6:  # a repeated root: rounding decides, and numpy's own answer is not exact
            continue
        A = np.array([[a, b], [c, d]])
        values = np.linalg.eigvals(A)
        real = bool(np.all(np.abs(values.imag) < 1e-12))
        result = transform(float(a), float(b), float(c), float(d))

        assert result.real_eigenvectors == real == (disc > 0)
        if real:
            assert len(result.eigenvectors) == 2
            for v in result.eigenvectors:
                image = A @ np.array(v)
                # A v is parallel to v, with a numpy eigenvalue as the factor.
                assert abs(image[0] * v[1] - image[1] * v[0]) < 1e-9 * max(1.0, np.abs(A).max())
                assert min(abs(image @ np.array(v) - values.real)) < 1e-9 * max(1.0, np.abs(A).max())
        else:
            assert result.eigenvectors == ()
        checked += 1
    assert checked > 1900
