"""A distribution as a script: maths.py's own moments, window or support and curves for this distribution."""

from activities.engine.script import maths_source
from activities.kinds.distributions import maths
from activities.kinds.distributions.maths import SPECS, validate
from activities.kinds.distributions.special import STAND_INS

BODY = """
DIST, NAME, VIEW = {dist!r}, {name!r}, {view!r}
DISCRETE = {discrete!r}  # a mass function on whole numbers, not a density
p1, p2 = {p1!r}, {p2!r}  # {labels}
PARAMS = {named!r}

mean, variance, note = moments(DIST, p1, p2)
{curve}


def finite(values):
    return [float(v) if math.isfinite(v) else None for v in values]


data = {{
    "dist": DIST,
    "params": PARAMS,
    "view": VIEW,
    "discrete": DISCRETE,
    "mean": mean,
    "variance": variance,
    "variance_note": note or None,
    "x": finite(x),
    "density": finite(density),  # null where the density is infinite (an end of the support)
    "cdf": finite(cdf),
}}

fig = Figure(figsize=(7, 5.2))
ax = fig.subplots()
y = cdf if VIEW == "cdf" else np.where(np.isfinite(density), density, np.nan)
if DISCRETE and VIEW == "pdf":
    ax.vlines(x, 0, y, color="#0072B2", lw=3)
else:
    ax.plot(x, y, color="#0072B2", lw=2.2, drawstyle="steps-post" if DISCRETE else "default")
if mean is not None:
    ax.axvline(mean, color="#D55E00", ls="--", label=f"mean {{mean:.4g}}")
    if variance:
        ax.axvspan(mean - math.sqrt(variance), mean + math.sqrt(variance), color="#D55E00", alpha=0.1)
    ax.legend(loc="upper right")
ax.set(xlabel="k" if DISCRETE else "x", ylabel="F(x)" if VIEW == "cdf" else "density or probability")
ax.set_title(NAME + " distribution (" + ", ".join(f"{{k}} = {{v:g}}" for k, v in PARAMS.items()) + ")")
"""


def script(values: dict) -> str:
    dist = values["dist"]
    spec = SPECS[dist]
    p1, p2 = validate(dist, values["p1"], values["p2"])
    named = {spec.p1_label.split(" ")[0]: p1}
    if spec.p2_label is not None:
        named[spec.p2_label.split(" ")[0]] = p2
    if spec.discrete:
        support, log_pmf, start = maths.DISCRETE[dist]
        functions = (maths.discrete_points, support, log_pmf)
        curve = f"x, density, cdf = discrete_points({support.__name__}, {log_pmf.__name__}, {start!r}, p1, p2)"
    else:
        window, curves, _ = maths.CONTINUOUS[dist]
        functions = (maths.continuous_points, window, curves)
        ends = maths.support_ends(dist, p1, p2)
        curve = f"xlim, x, density, cdf = continuous_points({window.__name__}, {curves.__name__}, {ends!r}, p1, p2)"
    code = maths_source(maths.moments, *functions, stand_ins=STAND_INS)
    return (
        "\n"
        + code
        + BODY.format(
            dist=dist,
            name=spec.name,
            view=values["view"],
            p1=p1,
            p2=p2,
            labels=f"{spec.p1_label}; {spec.p2_label or 'unused'}",
            named=named,
            curve=curve,
            discrete=spec.discrete,
        )
    )
