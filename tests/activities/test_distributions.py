"""Distributions: exact moments, densities and CDFs against scipy.stats; validation; rendering."""

import io
import json
import math

import numpy as np
import pytest
from PIL import Image
from scipy import stats

from activities.engine import params as P
from activities.engine.notation import number
from activities.engine.params import ParamError
from activities.kinds.distributions import kind as kind_module
from activities.kinds.distributions import maths

KIND = kind_module.KIND


def frozen(dist: str, p1: float, p2: float | None):
    """The same distribution in scipy.stats."""
    return {
        "normal": lambda: stats.norm(p1, p2),
        "uniform": lambda: stats.uniform(p1, p2 - p1),
        "exponential": lambda: stats.expon(scale=1 / p1),
        "gamma": lambda: stats.gamma(p1, scale=p2),
        "beta": lambda: stats.beta(p1, p2),
        "student-t": lambda: stats.t(p1),
        "binomial": lambda: stats.binom(int(p1), p2),
        "poisson": lambda: stats.poisson(p1),
        "geometric": lambda: stats.geom(p1),
    }[dist]()


CASES = [
    ("normal", 0, 1),
    ("normal", -3.5, 0.2),
    ("normal", 40, 12),
    ("uniform", 0, 1),
    ("uniform", -7, 2.5),
    ("exponential", 1, None),
    ("exponential", 0.25, None),
    ("exponential", 30, None),
    ("gamma", 2, 1),
    ("gamma", 0.5, 3),
    ("gamma", 9, 0.4),
    ("beta", 2, 5),
    ("beta", 0.5, 0.5),
    ("beta", 1, 1),
    ("beta", 30, 2),
    ("student-t", 5, None),
    ("student-t", 2.5, None),
    ("student-t", 30, None),
    ("binomial", 10, 0.5),
    ("binomial", 200, 0.03),
    ("binomial", 1, 1),
    ("poisson", 4, None),
    ("poisson", 0.3, None),
    ("poisson", 100, None),
    ("geometric", 0.3, None),
    ("geometric", 0.01, None),
    ("geometric", 1, None),
]


@pytest.mark.parametrize("dist, p1, p2", CASES)
def test_moments_match_scipy(dist: str, p1: float, p2: float | None) -> None:
    result = maths.compute(dist, p1, p2)
    mean, variance = frozen(dist, p1, p2).stats(moments="mv")
    assert result.mean == pytest.approx(float(mean), rel=1e-12, abs=1e-12)
    assert result.variance == pytest.approx(float(variance), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("dist, p1, p2", CASES)
def test_density_and_cdf_match_scipy(dist: str, p1: float, p2: float | None) -> None:
    result = maths.compute(dist, p1, p2)
    reference = frozen(dist, p1, p2)
    expected = reference.pmf(result.x) if result.discrete else reference.pdf(result.x)
    finite = np.isfinite(result.density)
    # Only the boundary point of an unbounded density may be infinite, and scipy agrees there.
    assert np.all(np.isinf(expected[~finite]))
    np.testing.assert_allclose(result.density[finite], expected[finite], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(result.cdf, reference.cdf(result.x), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("dist, p1, p2", CASES)
def test_range_holds_nearly_all_the_probability(dist: str, p1: float, p2: float | None) -> None:
    result = maths.compute(dist, p1, p2)
    reference = frozen(dist, p1, p2)
    lo, hi = result.x[0], result.x[-1]
    below = reference.cdf(lo - 1) if result.discrete else reference.cdf(lo)
    covered = reference.cdf(hi) - below
    assert covered >= (0.98 if dist == "student-t" else 0.998)


def test_student_t_moments_in_words_and_json() -> None:
    for nu, mean, variance, note in [(0.8, None, None, "undefined"), (1.5, 0.0, None, "infinite"), (3, 0.0, 3.0, "")]:
        params = P.parse(KIND.params, {"dist": "student-t", "p1": nu})
        result = KIND.compute(params)
        data = KIND.data(params, result)
        json.dumps(data, allow_nan=False)
        assert (data["mean"], data["variance"]) == (mean, variance)
        assert result.variance_note == note
        scipy_mean, scipy_var = (float(v) for v in frozen("student-t", nu, None).stats(moments="mv"))
        assert (not math.isfinite(scipy_mean)) if mean is None else scipy_mean == mean
        assert (not math.isfinite(scipy_var)) if variance is None else scipy_var == pytest.approx(variance)
    text = KIND.describe(*(lambda p: (p, KIND.compute(p)))(P.parse(KIND.params, {"dist": "student-t", "p1": 1.5})))
    assert "infinite" in text


def test_geometric_support_starts_at_one() -> None:
    result = maths.compute("geometric", 0.3, None)
    assert result.x[0] == 1
    assert result.density[0] == pytest.approx(0.3)
    assert result.mean == pytest.approx(1 / 0.3)


@pytest.mark.parametrize(
    "dist, p1, p2, message",
    [
        ("normal", 0, 0, "σ must be positive"),
        ("normal", 0, -1, "σ must be positive"),
        ("uniform", 2, 1, "b must be greater than a"),
        ("uniform", 1, 1, "b must be greater than a"),
        ("exponential", 0, 1, "λ must be positive"),
        ("gamma", 2, -1, "θ must be positive"),
        ("beta", 0, 1, "α must be positive"),
        ("student-t", -2, 1, "ν must be positive"),
        ("binomial", 10.5, 0.5, "n must be a whole number between 1 and 200"),
        ("binomial", 201, 0.5, "n must be a whole number between 1 and 200"),
        ("binomial", 10, 1.5, "p must be between 0 and 1"),
        ("poisson", 101, 1, "λ must be at most 100"),
        ("geometric", 0, 1, "p must be between 0.01 and 1"),
    ],
)
def test_invalid_parameters_name_the_parameter(dist: str, p1: float, p2: float, message: str) -> None:
    with pytest.raises(ParamError, match=message):
        KIND.compute(P.parse(KIND.params, {"dist": dist, "p1": p1, "p2": p2}))


@pytest.mark.parametrize(
    "raw", [{"dist": "cauchy"}, {"p1": "nan"}, {"p2": "inf"}, {"p1": "abc"}, {"p1": "1e9"}, {"view": "log"}]
)
def test_bad_raw_input(raw: dict) -> None:
    with pytest.raises(ParamError):
        KIND.compute(P.parse(KIND.params, raw))


def test_unused_second_parameter_is_ignored() -> None:
    a = KIND.compute(P.parse(KIND.params, {"dist": "poisson", "p1": 3, "p2": -999}))
    b = KIND.compute(P.parse(KIND.params, {"dist": "poisson", "p1": 3}))
    assert a.p2 is None and np.array_equal(a.density, b.density)
    assert KIND.data(P.parse(KIND.params, {"dist": "poisson", "p1": 3}), a)["params"] == {"λ": 3.0}


def test_presets_labels_and_switch_give_valid_defaults_for_every_distribution() -> None:
    choices = {value for value, _ in KIND.params[0].choices}
    assert {preset.slug for preset in KIND.presets} == choices
    assert KIND.labels({"dist": "normal"})["p2"].startswith("σ") and KIND.labels({"dist": "exponential"})["p2"] is None
    for preset in KIND.presets:
        params = P.parse(KIND.params, {k: v for k, v in preset.values.items() if v is not None})
        switched = KIND.switched({**P.parse(KIND.params, {}), "dist": preset.slug})
        assert (switched["p1"], switched["p2"] if preset.values["p2"] is not None else None) == (
            params["p1"],
            preset.values["p2"],
        )
        KIND.compute(params)


@pytest.mark.parametrize("view", ["pdf", "cdf"])
@pytest.mark.parametrize("dist", list(maths.SPECS))
def test_render_png_sizes_and_describe(dist: str, view: str) -> None:
    spec = maths.SPECS[dist]
    params = P.parse(KIND.params, {"dist": dist, "p1": spec.p1_default, "p2": spec.p2_default or 1, "view": view})
    result = KIND.compute(params)
    for scale, size in ((1, (560, 420)), (2, (1120, 840))):
        image = Image.open(io.BytesIO(KIND.render(params, result, scale)))
        assert image.format == "PNG" and image.size == size
    text = KIND.describe(params, result)
    assert f"Mean {number(round(result.mean, 6))}" in text
    data = KIND.data(params, result)
    json.dumps(data, allow_nan=False)
    assert len(data["x"]) == len(data["density"])


def test_unbounded_density_is_null_in_json_and_still_renders() -> None:
    params = P.parse(KIND.params, {"dist": "gamma", "p1": 0.5, "p2": 2})
    result = KIND.compute(params)
    data = KIND.data(params, result)
    json.dumps(data, allow_nan=False)
    assert data["density"][data["x"].index(0.0)] is None
    assert KIND.render(params, result, 1).startswith(b"\x89PNG")


def test_formula_is_mathml_with_the_parameters() -> None:
    params = P.parse(KIND.params, {"dist": "normal", "p1": -2, "p2": 3})
    formula = KIND.formula(params)
    assert formula.startswith('<math display="block">') and formula.endswith("</math>")
    assert "<mi>σ</mi>" in formula and "<mn>9</mn>" in formula  # Var(X) = σ² = 9
    for dist, spec in maths.SPECS.items():
        text = KIND.formula({"dist": dist, "p1": spec.p1_default, "p2": spec.p2_default, "view": "pdf"})
        assert text.count("<math") == 1 and '<mtable displaystyle="true">' in text
    assert math.isclose(maths.compute("binomial", 10, 0.5).mean, 5)
