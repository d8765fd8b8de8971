"""A distribution as a script: its exact moments, and its density (or mass) and CDF on the same grid."""

from activities.kinds.distributions.maths import GRID_POINTS, SPECS, validate
from activities.kinds.distributions.special import NEEDS

MOMENTS = {
    "normal": "mean, variance, note = p1, p2**2, ''",
    "uniform": "mean, variance, note = (p1 + p2) / 2, (p2 - p1) ** 2 / 12, ''",
    "exponential": "mean, variance, note = 1 / p1, 1 / p1**2, ''",
    "gamma": "mean, variance, note = p1 * p2, p1 * p2**2, ''",
    "beta": "s = p1 + p2\nmean, variance, note = p1 / s, p1 * p2 / (s**2 * (s + 1)), ''",
    "student-t": (
        "if p1 <= 1:\n    mean, variance, note = None, None, 'undefined'\n"
        "elif p1 <= 2:\n    mean, variance, note = 0.0, None, 'infinite'\n"
        "else:\n    mean, variance, note = 0.0, p1 / (p1 - 2), ''"
    ),
    "binomial": "mean, variance, note = p1 * p2, p1 * p2 * (1 - p2), ''",
    "poisson": "mean, variance, note = p1, p1, ''",
    "geometric": "mean, variance, note = 1 / p1, (1 - p1) / p1**2, ''",
}

# Continuous: the window (lo, hi), extra grid points at the ends of the support, then density and CDF.
GRID = {
    "normal": ("lo, hi = p1 - 4 * p2, p1 + 4 * p2", ""),
    "uniform": ("pad = 0.25 * (p2 - p1)\nlo, hi = p1 - pad, p2 + pad", "[p1, p2]"),
    "exponential": ("top = math.log(1000) / p1  # the 99.9% quantile\nlo, hi = -0.04 * top, top", "[0.0]"),
    "gamma": ("top = gammaincinv(p1, 0.999) * p2  # the 99.9% quantile\nlo, hi = -0.04 * top, top", "[0.0]"),
    "beta": ("lo, hi = -0.04, 1.04", "[0.0, 1.0]"),
    "student-t": ("top = t_top(p1)\nlo, hi = -top, top", ""),
}
CURVES = {
    "normal": """z = (x - p1) / p2
density = np.exp(-0.5 * z**2) / (p2 * math.sqrt(2 * math.pi))
cdf = 0.5 * erfc(-z / math.sqrt(2))""",
    "uniform": """inside = (x >= p1) & (x <= p2)
density, cdf = np.where(inside, 1 / (p2 - p1), 0.0), np.clip((x - p1) / (p2 - p1), 0, 1)""",
    "exponential": """pos = x >= 0
density, cdf = np.where(pos, p1 * np.exp(-p1 * x), 0.0), np.where(pos, -np.expm1(-p1 * x), 0.0)""",
    "gamma": """pos = x > 0
xs = np.where(pos, x, 1.0)
log_pdf = (p1 - 1) * np.log(xs / p2) - xs / p2 - math.lgamma(p1) - math.log(p2)
density = np.where(pos, np.exp(log_pdf), 0.0)
if p1 < 1:
    density = np.where(x == 0, np.inf, density)  # the density is infinite at 0
elif p1 == 1:
    density = np.where(x == 0, 1 / p2, density)
cdf = np.where(pos, gammainc(p1, xs / p2), 0.0)""",
    "beta": """inside = (x > 0) & (x < 1)
xs = np.where(inside, x, 0.5)
log_b = math.lgamma(p1) + math.lgamma(p2) - math.lgamma(p1 + p2)
with np.errstate(divide="ignore"):
    density = np.where(inside, np.exp((p1 - 1) * np.log(xs) + (p2 - 1) * np.log1p(-xs) - log_b), 0.0)
for end, power in ((0.0, p1), (1.0, p2)):  # each end: infinite, finite or zero according to α and β
    value = np.inf if power < 1 else (1 / math.exp(log_b) if power == 1 else 0.0)
    density = np.where(x == end, value, density)
cdf = np.clip(betainc(p1, p2, np.clip(x, 0, 1)), 0, 1)""",
    "student-t": """log_c = math.lgamma((p1 + 1) / 2) - math.lgamma(p1 / 2) - 0.5 * math.log(p1 * math.pi)
density = np.exp(log_c - (p1 + 1) / 2 * np.log1p(x**2 / p1))
tail = 0.5 * betainc(p1 / 2, 0.5, p1 / (p1 + x**2))
cdf = np.where(x > 0, 1 - tail, tail)""",
}

# Discrete: the whole numbers shown (nearly all the mass, at least 11 values where possible) and log pmf.
SUPPORT = {
    "binomial": """n = int(p1)
centre, sd = n * p2, math.sqrt(n * p2 * (1 - p2))
lo, hi = max(0, math.floor(centre - 4.5 * sd)), min(n, math.ceil(centre + 4.5 * sd))
while hi - lo < 10 and (lo > 0 or hi < n):
    lo, hi = max(0, lo - 1), min(n, hi + 1)
start = 0""",
    "poisson": """sd = math.sqrt(p1)
lo, hi = max(0, math.floor(p1 - 4.5 * sd)), math.ceil(p1 + 4.5 * sd) + 1
hi = max(hi, lo + 10)
start = 0""",
    "geometric": """hi = 1 if p1 >= 1 else math.ceil(math.log(0.001) / math.log1p(-p1))  # the 99.9% quantile
lo, hi = 1, max(hi, 11)
start = 1  # trials up to and including the first success""",
}
LOG_PMF = {
    "binomial": "gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + xlogy(k, p2) + xlog1py(n - k, -p2)",
    "poisson": "k * math.log(p1) - p1 - gammaln(k + 1)",
    "geometric": "xlog1py(k - 1, -p1) + math.log(p1)",
}

BODY = """
DIST, NAME, VIEW = {dist!r}, {name!r}, {view!r}
DISCRETE = {discrete!r}  # a mass function on whole numbers, not a density
p1, p2 = {p1!r}, {p2!r}  # {labels}
PARAMS = {named!r}
GRID_POINTS = {grid_points!r}  # points of a continuous density's grid
{special}

{moments}
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

CONTINUOUS = """{grid}
x = np.linspace(lo, hi, GRID_POINTS)
{ends}with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
{curve}"""

DISCRETE = """{support}
k = np.arange(start, hi + 1, dtype=float)
with np.errstate(divide="ignore", invalid="ignore"):
    pmf = np.exp({log_pmf})
cdf_all = np.minimum(np.cumsum(pmf), 1.0)  # summed from the start of the support
keep = k >= lo
x, density, cdf = k[keep], pmf[keep], cdf_all[keep]"""


def _indent(code: str) -> str:
    return "\n".join("    " + line if line else line for line in code.splitlines())


def script(values: dict) -> str:
    dist = values["dist"]
    spec = SPECS[dist]
    p1, p2 = validate(dist, values["p1"], values["p2"])
    named = {spec.p1_label.split(" ")[0]: p1}
    if spec.p2_label is not None:
        named[spec.p2_label.split(" ")[0]] = p2
    if spec.discrete:
        curve = DISCRETE.format(support=SUPPORT[dist], log_pmf=LOG_PMF[dist])
    else:
        grid, ends = GRID[dist]
        curve = CONTINUOUS.format(
            grid=grid,
            ends=f"x = np.union1d(x, {ends})  # the ends of the support\n" if ends else "",
            curve=_indent(CURVES[dist]),
        )
    return BODY.format(
        dist=dist,
        name=spec.name,
        view=values["view"],
        p1=p1,
        p2=p2,
        labels=f"{spec.p1_label}; {spec.p2_label or 'unused'}",
        named=named,
        grid_points=GRID_POINTS,
        special="".join(NEEDS.get(dist, ())),
        moments=MOMENTS[dist],
        curve=curve,
        discrete=spec.discrete,
    )
