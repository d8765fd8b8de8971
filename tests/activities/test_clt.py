"""The CLT activity: theory against closed forms and SciPy, statistics of the means, reproducibility."""

import io
import json
import math

import numpy as np
import pytest
from PIL import Image
from scipy import integrate, stats

from activities.engine import params as P
from activities.engine.notation import number
from activities.engine.params import ParamError
from activities.kinds.clt import kind as kind_module
from activities.kinds.clt import maths as clt

KIND = kind_module.KIND


def _bimodal_moments() -> tuple[float, float, float]:
    """Mean, variance and excess kurtosis of ½N(−2, 0.5²) + ½N(2, 0.5²), by numerical integration."""

    def pdf(x: float) -> float:
        return 0.5 * stats.norm.pdf(x, -2, 0.5) + 0.5 * stats.norm.pdf(x, 2, 0.5)

    def moment(k: int) -> float:
        return integrate.quad(lambda x: x**k * pdf(x), -np.inf, np.inf)[0]

    mean = moment(1)
    variance = moment(2) - mean**2
    return mean, variance, moment(4) / variance**2 - 3


def reference(source: str) -> tuple[float, float, float]:
    """(mean, variance, excess kurtosis) of each source from scipy.stats."""
    if source == "bimodal":
        return _bimodal_moments()
    frozen = {
        "uniform": stats.uniform(0, 1),
        "exponential": stats.expon(),
        "bernoulli": stats.bernoulli(0.3),
        "die": stats.randint(1, 7),
    }[source]
    return tuple(float(v) for v in frozen.stats(moments="mvk"))


@pytest.mark.parametrize("source", list(clt.SOURCES))
def test_source_moments_match_scipy(source: str) -> None:
    mean, variance, kurtosis = reference(source)
    src = clt.SOURCES[source]
    assert src.mean == pytest.approx(mean, abs=1e-12)
    assert src.variance == pytest.approx(variance, rel=1e-9)
    assert src.excess_kurtosis == pytest.approx(kurtosis, rel=1e-9)


@pytest.mark.parametrize("n", [1, 2, 10, 1000])
@pytest.mark.parametrize("source", list(clt.SOURCES))
def test_theory_var_is_sigma_squared_over_n(source: str, n: int) -> None:
    result = clt.compute(source, n, 0, 1)
    mean, variance, _ = reference(source)
    assert result.theory_mean == pytest.approx(mean, abs=1e-12)
    assert result.theory_var == pytest.approx(variance / n, rel=1e-9)
    assert result.total == 0 and result.mean_of_means is None and result.var_of_means is None


@pytest.mark.parametrize("n", [1, 5, 30])
@pytest.mark.parametrize("source", list(clt.SOURCES))
def test_empirical_moments_within_standard_errors(source: str, n: int) -> None:
    draws = 5000
    result = clt.compute(source, n, draws, seed=2024)
    mean, variance, kurtosis = reference(source)
    var_m = variance / n
    # The sample mean of the means: standard error sqrt(σ²/n / N).
    assert abs(result.mean_of_means - mean) < 4 * math.sqrt(var_m / draws)
    # The sample variance: asymptotic SE σ_m² sqrt(2/(N−1) + γ₂/(nN)), γ₂/n being the means' excess kurtosis.
    se_var = var_m * math.sqrt(2 / (draws - 1) + kurtosis / n / draws)
    assert abs(result.var_of_means - var_m) < 5 * se_var


def test_histogram_accounts_for_every_mean() -> None:
    for source in clt.SOURCES:
        result = clt.compute(source, 3, 2000, 5)
        assert int(result.counts.sum()) + result.below + result.above == 2000
        widths = np.diff(result.edges)
        np.testing.assert_allclose(widths, widths[0])


def test_discrete_bins_are_centred_on_the_lattice() -> None:
    # One die: six bins centred on 1…6; two dice: eleven bins centred on 1, 1.5, …, 6.
    np.testing.assert_allclose(clt.edges("die", 1), np.arange(0.5, 7.0))
    np.testing.assert_allclose(clt.edges("die", 2), np.arange(0.75, 6.5, 0.5))
    result = clt.compute("die", 1, 600, 3)
    assert result.below == result.above == 0 and len(result.counts) == 6


def test_reproducible_by_seed() -> None:
    a = clt.compute("exponential", 7, 3000, 42)
    b = clt.compute("exponential", 7, 3000, 42)
    c = clt.compute("exponential", 7, 3000, 43)
    assert np.array_equal(a.counts, b.counts) and a.mean_of_means == b.mean_of_means
    assert not np.array_equal(a.counts, c.counts)


@pytest.mark.parametrize("source, n", [("uniform", 10), ("bimodal", 1000), ("die", 1)])
def test_adding_ten_then_ten_equals_twenty(source: str, n: int) -> None:
    params = P.parse(KIND.params, {"source": source, "n": n, "seed": 9})
    twice = KIND.step(KIND.step(params, action="add-10"), action="add-10")
    assert twice["draws"] == 20
    direct = clt.compute(source, n, 20, 9)
    stepped = KIND.compute(twice)
    assert np.array_equal(direct.counts, stepped.counts)
    first = np.concatenate(list(clt.sample_means(source, n, 10, 9)))
    both = np.concatenate(list(clt.sample_means(source, n, 20, 9)))
    assert np.array_equal(both[:10], first)


def test_prefix_across_block_boundaries() -> None:
    n = 1000  # 262 means per block
    short = np.concatenate(list(clt.sample_means("uniform", n, 300, 1)))
    long = np.concatenate(list(clt.sample_means("uniform", n, 700, 1)))
    assert len(short) == 300 and len(long) == 700
    assert np.array_equal(long[:300], short)


def test_bound_on_draws_times_n() -> None:
    with pytest.raises(ParamError, match="10,000,000"):
        clt.compute("uniform", 1000, 10_001, 1)
    with pytest.raises(ParamError):
        KIND.compute(P.parse(KIND.params, {"n": 500, "draws": 20_001}))
    with pytest.raises(ParamError):
        P.parse(KIND.params, {"draws": 100_001})
    with pytest.raises(ParamError):
        P.parse(KIND.params, {"n": 0})
    with pytest.raises(ParamError):
        P.parse(KIND.params, {"source": "cauchy"})
    assert clt.max_draws(1000) == 10_000 and clt.max_draws(10) == 100_000


def test_actions_clamp_and_reset() -> None:
    params = P.parse(KIND.params, {"n": 1000, "draws": 9_500})
    assert KIND.step(params, action="add-1000")["draws"] == 10_000  # clamped at draws × n = 10⁷
    assert KIND.step(params, action="add-100")["draws"] == 9_600
    assert KIND.step(params, action="reset")["draws"] == 0
    with pytest.raises(ParamError):
        KIND.step(params, action="add-5")


def test_data_fields_are_json() -> None:
    params = P.parse(KIND.params, {"source": "bernoulli", "n": 4, "draws": 1})
    data = KIND.data(params, KIND.compute(params))
    json.dumps(data, allow_nan=False)
    assert data["total"] == 1 and data["var_of_means"] is None
    assert data["theory_var"] == pytest.approx(0.21 / 4)
    assert len(data["histogram"]["edges"]) == len(data["histogram"]["counts"]) + 1


@pytest.mark.parametrize("draws", [0, 1, 500])
def test_render_sizes_and_describe(draws: int) -> None:
    params = P.parse(KIND.params, {"source": "die", "n": 3, "draws": draws})
    result = KIND.compute(params)
    for scale, size in ((1, (560, 420)), (2, (1120, 840))):
        image = Image.open(io.BytesIO(KIND.render(params, result, scale)))
        assert image.format == "PNG" and image.size == size
    text = KIND.describe(params, result)
    assert f"{draws:,} sample means" in text and "n = 3" in text and "0.9722" in text  # (35/12)/3
    if draws >= 2:
        assert number(result.var_of_means, significant=4) in text


def test_formula() -> None:
    formula = KIND.formula({"source": "die", "n": 2, "draws": 0, "seed": 1})
    assert formula.startswith('<math display="block">') and "<mn>3.5</mn>" in formula and "<mn>1.458</mn>" in formula
