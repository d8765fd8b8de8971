"""The central limit theorem as a script: the same seeded random streams, block by block, as the server."""

import math

from activities.kinds.clt import maths

# Each source's block of sample means, as activities.kinds.clt.maths draws it (the same Generator calls).
DRAWS = {
    "uniform": "return rng.random((size, n)).mean(axis=1)",
    "exponential": "return rng.standard_gamma(n, size) / n  # a sum of n Exponential(1) values is Gamma(n, 1)",
    "bernoulli": "return rng.binomial(n, P, size) / n  # a sum of n Bernoulli(p) values is Binomial(n, p)",
    "bimodal": (
        "# K of the n values come from the right-hand component: the sum is 2(2K − n) + 0.5√n·Z.\n"
        "    right = rng.binomial(n, 0.5, size)\n"
        "    return (2.0 * (2 * right - n) + 0.5 * math.sqrt(n) * rng.standard_normal(size)) / n"
    ),
    "die": "return rng.integers(1, 7, (size, n), dtype=np.int8).sum(axis=1, dtype=np.int32) / n",
}

BODY = """
SOURCE, LABEL = {source!r}, {label!r}
n, draws, seed = {n!r}, {draws!r}, {seed!r}  # sample size, number of sample means, seed
MEAN, VARIANCE = {mean!r}, {variance!r}  # the population's exact mean and variance
SUPPORT, LATTICE = {support}, {lattice!r}  # its range, and the spacing of its values (None: continuous)
P = {p!r}  # the Bernoulli source's success probability
BINS = {bins!r}
SIZE = {size!r}  # sample means per block: block j draws all of them from its own stream (seed, j)


def edges():
    \"\"\"Fixed bin edges: μ ± 4σ/√n within the support; a discrete source's bins hold whole lattice steps.\"\"\"
    sd = math.sqrt(VARIANCE / n)
    lo, hi = max(MEAN - 4 * sd, SUPPORT[0]), min(MEAN + 4 * sd, SUPPORT[1])
    if LATTICE is None:
        return np.linspace(lo, hi, BINS + 1)
    step = LATTICE / n
    first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
    per_bin = max(1, math.ceil((last - first + 1) / BINS))
    count = math.ceil((last - first + 1) / per_bin)
    return (first - 0.5 + per_bin * np.arange(count + 1)) * step


def block(index, size=SIZE):
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(index,))))
    {draw}


bin_edges = edges()
counts = np.zeros(len(bin_edges) - 1, dtype=np.int64)
below = above = 0
total, mean, m2 = 0, 0.0, 0.0
for index in range(math.ceil(draws / SIZE)):
    chunk = block(index)[: draws - index * SIZE]
    position = (chunk - bin_edges[0]) / (bin_edges[1] - bin_edges[0])
    bin_index = np.floor(position).astype(np.int64)
    kept = (bin_index >= 0) & (bin_index < len(counts))
    counts += np.bincount(bin_index[kept], minlength=len(counts))
    below += int(np.count_nonzero(bin_index < 0))
    above += int(np.count_nonzero(bin_index >= len(counts)))
    # Merge this chunk's mean and sum of squared deviations into the running ones (Chan et al.).
    k, chunk_mean = len(chunk), float(chunk.mean())
    chunk_m2 = float(((chunk - chunk_mean) ** 2).sum())
    delta = chunk_mean - mean
    mean += delta * k / (total + k)
    m2 += chunk_m2 + delta**2 * total * k / (total + k)
    total += k

data = {{
    "source": SOURCE,
    "n": n,
    "seed": seed,
    "total": total,
    "mean_of_means": mean if total else None,
    "var_of_means": m2 / (total - 1) if total >= 2 else None,
    "theory_mean": MEAN,
    "theory_var": VARIANCE / n,
    "histogram": {{
        "edges": [float(e) for e in bin_edges],
        "counts": [int(c) for c in counts],
        "below": below,
        "above": above,
    }},
}}

fig = Figure(figsize=(7, 5.2))
ax = fig.subplots()
widths = np.diff(bin_edges)
heights = counts / (total * widths) if total else np.zeros(len(widths))
ax.bar(bin_edges[:-1], heights, width=widths, align="edge", color="#9BCDEE", edgecolor="white", label="sample means")
xs = np.linspace(bin_edges[0], bin_edges[-1], 241)
sd = math.sqrt(VARIANCE / n)
curve = np.exp(-0.5 * ((xs - MEAN) / sd) ** 2) / (sd * math.sqrt(2 * math.pi))
ax.plot(xs, curve, color="#D55E00", lw=2.4, label="N(μ, σ²/n)")
ax.set(xlabel="sample mean", ylabel="density", title=f"{{LABEL}}: {{total}} means of n = {{n}}")
ax.legend(loc="upper right")
"""


def _literal(value: float) -> str:
    """A float as Python source: ``repr``, but infinity as ``math.inf`` (repr's "inf" is no literal)."""
    if value in (math.inf, -math.inf):
        return "math.inf" if value > 0 else "-math.inf"
    return repr(float(value))


def script(values: dict) -> str:
    source = maths.SOURCES[values["source"]]
    n = int(values["n"])
    return BODY.format(
        source=source.slug,
        label=source.label,
        n=n,
        draws=int(values["draws"]),
        seed=int(values["seed"]),
        mean=source.mean,
        variance=source.variance,
        support="(" + ", ".join(map(_literal, source.support)) + ")",
        lattice=source.lattice,
        p=maths._P,
        bins=maths.BINS,
        size=maths.block_size(source.slug, n),
        draw=DRAWS[source.slug],
    )
