"""The central limit theorem: histograms of many sample means next to the normal curve N(μ, σ²/n).

Nothing is stored between requests. The sample means are generated in blocks; block ``j`` uses its own
random stream seeded from ``(seed, j)`` with numpy's ``SeedSequence``, and each block always draws all
of its samples, so the first k means never depend on how many are asked for: 10 more and then 10 more
gives exactly the histogram of 20. Only running sums and bin counts are kept: memory stays bounded
whatever the number of draws.

Where the sum of n values has a distribution numpy can sample directly, a mean costs one draw instead
of n, with exactly the same distribution: Exponential(1) sums are Gamma(n, 1), Bernoulli(p) sums are
Binomial(n, p), and the bimodal mixture's sum is 2(2K − n) + 0.5√n·Z with K ~ Binomial(n, ½) values
from the right-hand component and Z standard normal. The uniform and the die draw their n values.
"""

import math
from dataclasses import dataclass

import numpy as np

from activities.engine.params import ParamError
from activities.engine.script import exported

MAX_N = 1000
MAX_DRAWS = 100_000
MAX_VALUES = 10_000_000  # draws × n: bounds the time (≤ ~50 ms, `make bench`) of the largest request
# Random values per block: a block holds BLOCK_VALUES // n sample means (at least one), ~2 MB of floats.
BLOCK_VALUES = 1 << 18
# Sources whose means are drawn directly (one draw per mean, see above): a block holds this many means.
BLOCK_MEANS = 1 << 16
DIRECT = frozenset({"exponential", "bernoulli", "bimodal"})
BINS = 40


@dataclass(frozen=True)
class Source:
    """A population to sample from, with its exact mean, variance and excess kurtosis."""

    slug: str
    label: str
    mean: float
    variance: float
    excess_kurtosis: float
    lattice: float | None  # spacing of the values of a discrete source, None if continuous
    support: tuple[float, float]


BERNOULLI_P = 0.3  # Bernoulli success probability
BIMODAL_MU, BIMODAL_SD = 2.0, 0.5  # bimodal: equal mixture of N(−2, 0.5²) and N(2, 0.5²)
BIMODAL_VAR = BIMODAL_SD**2 + BIMODAL_MU**2
# Fourth central moment of the mixture: E(X⁴) = μ⁴ + 6μ²s² + 3s⁴ (odd terms cancel by symmetry).
BIMODAL_M4 = BIMODAL_MU**4 + 6 * BIMODAL_MU**2 * BIMODAL_SD**2 + 3 * BIMODAL_SD**4

SOURCES = {
    source.slug: source
    for source in (
        Source("uniform", "Uniform on [0, 1]", 0.5, 1 / 12, -6 / 5, None, (0.0, 1.0)),
        Source("exponential", "Exponential, λ = 1", 1.0, 1.0, 6.0, None, (0.0, math.inf)),
        Source(
            "bernoulli",
            "Bernoulli, p = 0.3",
            BERNOULLI_P,
            BERNOULLI_P * (1 - BERNOULLI_P),
            (1 - 6 * BERNOULLI_P * (1 - BERNOULLI_P)) / (BERNOULLI_P * (1 - BERNOULLI_P)),
            1.0,
            (0.0, 1.0),
        ),
        Source(
            "bimodal",
            "Bimodal: ½ N(−2, 0.5²) + ½ N(2, 0.5²)",
            0.0,
            BIMODAL_VAR,
            BIMODAL_M4 / BIMODAL_VAR**2 - 3,
            None,
            (-math.inf, math.inf),
        ),
        Source("die", "Fair six-sided die", 3.5, 35 / 12, -222 / 175, 1.0, (1.0, 6.0)),
    )
}


@dataclass(frozen=True)
class Result:
    """Histogram and moments of ``total`` sample means of size n."""

    source: str
    n: int
    seed: int
    total: int
    edges: np.ndarray
    counts: np.ndarray
    below: int  # means smaller than the first edge
    above: int  # means larger than the last edge
    mean_of_means: float | None
    var_of_means: float | None  # sample variance (divisor total − 1); None with fewer than 2
    theory_mean: float
    theory_var: float


def max_draws(n: int) -> int:
    """The largest number of sample means allowed for samples of size n (draws × n ≤ 10⁷)."""
    return min(MAX_DRAWS, MAX_VALUES // n)


def check(source: str, n: int, draws: int) -> Source:
    """The source, after checking the bounds on n and draws; raises ParamError."""
    if source not in SOURCES:
        raise ParamError(f"Unknown source “{str(source)[:40]}”.")
    if not 1 <= n <= MAX_N:
        raise ParamError(f"The sample size n must be between 1 and {MAX_N}.", field="n")
    if not 0 <= draws <= MAX_DRAWS:
        raise ParamError(f"The number of sample means must be between 0 and {MAX_DRAWS}.", field="draws")
    if draws * n > MAX_VALUES:
        raise ParamError(
            f"Too many values: draws × n must be at most 10,000,000; with n = {n} "
            f"that is at most {max_draws(n):,} sample means.",
            field="draws",
        )
    return SOURCES[source]


@exported
def histogram_edges(mean: float, variance: float, support: tuple, lattice: float | None, n: int) -> np.ndarray:
    """Fixed bin edges for the means of samples of size n: μ ± 4σ/√n within the support, BINS bins.

    A discrete source's means lie on a lattice of spacing 1/n; its bins are whole multiples of that
    spacing with edges halfway between lattice points, so every bin holds the same number of values.
    """
    sd = math.sqrt(variance / n)
    lo = max(mean - 4 * sd, support[0])
    hi = min(mean + 4 * sd, support[1])
    if lattice is None:
        return np.linspace(lo, hi, BINS + 1)
    step = lattice / n
    first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)  # lattice indices
    per_bin = max(1, math.ceil((last - first + 1) / BINS))
    count = math.ceil((last - first + 1) / per_bin)
    return (first - 0.5 + per_bin * np.arange(count + 1)) * step


def edges(source: str, n: int) -> np.ndarray:
    """The bin edges of ``source``'s sample means of size n (``histogram_edges``)."""
    src = SOURCES[source]
    return histogram_edges(src.mean, src.variance, src.support, src.lattice, n)


@exported
def block_size(source: str, n: int) -> int:
    """Sample means per block: fixed per (source, n), so the first k means never depend on the total."""
    return BLOCK_MEANS if source in DIRECT else max(1, BLOCK_VALUES // n)


@exported
def block(source: str, n: int, seed: int, index: int) -> np.ndarray:
    """All the sample means of block ``index``: always the full block, from its own stream."""
    size = block_size(source, n)
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(index,))))
    if source == "exponential":
        return rng.standard_gamma(n, size) / n
    if source == "bernoulli":
        return rng.binomial(n, BERNOULLI_P, size) / n
    if source == "bimodal":
        right = rng.binomial(n, 0.5, size)
        return (BIMODAL_MU * (2 * right - n) + BIMODAL_SD * math.sqrt(n) * rng.standard_normal(size)) / n
    shape = (size, n)
    if source == "uniform":
        return rng.random(shape).mean(axis=1)
    # The die: small integers summed exactly (a third of the time of floats).
    return rng.integers(1, 7, shape, dtype=np.int8).sum(axis=1, dtype=np.int32) / n


@exported
def means(source: str, n: int, draws: int, seed: int):
    """Yield the first ``draws`` sample means in chunks (one block at a time: bounded memory)."""
    size = block_size(source, n)
    for index in range(math.ceil(draws / size)):
        yield block(source, n, seed, index)[: draws - index * size]


def sample_means(source: str, n: int, draws: int, seed: int):
    """``means``, after checking the bounds on n and draws (raises ParamError)."""
    check(source, n, draws)
    yield from means(source, n, draws, seed)


@exported
def tally(chunks, bin_edges: np.ndarray) -> tuple:
    """Bin counts (and those below and above the edges), count, mean and sum of squared deviations of
    the sample means, combined chunk by chunk (Chan et al.): only running sums are kept."""
    counts = np.zeros(len(bin_edges) - 1, dtype=np.int64)
    below = above = 0
    total, mean, m2 = 0, 0.0, 0.0
    for chunk in chunks:
        # Bin index by arithmetic: the edges are evenly spaced.
        position = (chunk - bin_edges[0]) / (bin_edges[1] - bin_edges[0])
        index = np.floor(position).astype(np.int64)
        inside = (index >= 0) & (index < len(counts))
        counts += np.bincount(index[inside], minlength=len(counts))
        below += int(np.count_nonzero(index < 0))
        above += int(np.count_nonzero(index >= len(counts)))
        # Merge this chunk's mean and sum of squared deviations into the running ones.
        k, chunk_mean = len(chunk), float(chunk.mean())
        chunk_m2 = float(((chunk - chunk_mean) ** 2).sum())
        delta = chunk_mean - mean
        mean += delta * k / (total + k)
        m2 += chunk_m2 + delta**2 * total * k / (total + k)
        total += k
    return counts, below, above, total, mean, m2


def compute(source: str, n: int, draws: int, seed: int) -> Result:
    """Histogram, mean and variance of the sample means, combined block by block (``tally``)."""
    src = check(source, n, draws)
    bin_edges = edges(source, n)
    counts, below, above, total, mean, m2 = tally(sample_means(source, n, draws, seed), bin_edges)
    return Result(
        source=source,
        n=n,
        seed=seed,
        total=total,
        edges=bin_edges,
        counts=counts,
        below=below,
        above=above,
        mean_of_means=mean if total else None,
        var_of_means=m2 / (total - 1) if total >= 2 else None,
        theory_mean=src.mean,
        theory_var=src.variance / n,
    )
