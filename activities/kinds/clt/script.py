"""The central limit theorem as a script: maths.py's own seeded blocks, edges and tally, then the histogram."""

from activities.engine.script import literal, maths_source
from activities.kinds.clt import maths

BODY = """
SOURCE, LABEL = {source!r}, {label!r}
n, draws, seed = {n!r}, {draws!r}, {seed!r}  # sample size, number of sample means, seed
MEAN, VARIANCE = {mean!r}, {variance!r}  # the population's exact mean and variance
SUPPORT, LATTICE = {support}, {lattice!r}  # its range, and the spacing of its values (None: continuous)

bin_edges = histogram_edges(MEAN, VARIANCE, SUPPORT, LATTICE, n)
counts, below, above, total, mean, m2 = tally(means(SOURCE, n, draws, seed), bin_edges)
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


def script(values: dict) -> str:
    source = maths.SOURCES[values["source"]]
    code = maths_source(maths.histogram_edges, maths.means, maths.tally)
    return (
        "\n"
        + code
        + BODY.format(
            source=source.slug,
            label=source.label,
            n=int(values["n"]),
            draws=int(values["draws"]),
            seed=int(values["seed"]),
            mean=source.mean,
            variance=source.variance,
            support=literal(tuple(source.support)),
            lattice=source.lattice,
        )
    )
