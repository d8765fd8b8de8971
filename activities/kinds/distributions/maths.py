"""Nine common probability distributions: exact mean and variance, density or mass, and CDF.

Each distribution takes one or two parameters, passed as ``p1`` and ``p2``; ``validate`` checks them
with messages that use their real names (σ, λ, n …). Densities and CDFs come from closed forms with
numpy and SciPy's special functions, called by their bare names so that a script can hold the same
functions with plain-Python stand-ins of the same names (``special.STAND_INS``). The geometric
distribution counts the trials up to and including the first success, so its support is {1, 2, 3, …}
(as in ``scipy.stats.geom``).
"""

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import betainc, erfc, gammainc, gammaincinv, gammaln, stdtrit, xlog1py, xlogy

from activities.engine.params import ParamError, format_number
from activities.engine.script import exported

# Points on the grid of a continuous density; bounds the work and the JSON.
GRID_POINTS = 401
# Ranges of each parameter (bounds that keep every plot readable and every loop short).
MAX_LOCATION = 100.0
MAX_SCALE = 100.0
# Smallest scale, rate or shape: below it the axes would need more than 6 decimals.
MIN_POSITIVE = 0.01
MAX_TRIALS = 200
MIN_GEOMETRIC_P = 0.01  # support shown up to the 99.9% quantile: at most ~690 values


@dataclass(frozen=True)
class Spec:
    """A distribution's name, parameter labels (p2 None if unused) and default parameters."""

    slug: str
    name: str
    p1_label: str
    p2_label: str | None
    p1_default: float
    p2_default: float | None
    discrete: bool = False


SPECS = {
    spec.slug: spec
    for spec in (
        Spec("normal", "Normal", "μ (mean)", "σ (standard deviation)", 0.0, 1.0),
        Spec("uniform", "Uniform", "a (lower end)", "b (upper end)", 0.0, 1.0),
        Spec("exponential", "Exponential", "λ (rate)", None, 1.0, None),
        Spec("gamma", "Gamma", "k (shape)", "θ (scale)", 2.0, 1.0),
        Spec("beta", "Beta", "α", "β", 2.0, 5.0),
        Spec("student-t", "Student's t", "ν (degrees of freedom)", None, 5.0, None),
        Spec("binomial", "Binomial", "n (trials)", "p (success probability)", 10.0, 0.5, True),
        Spec("poisson", "Poisson", "λ (mean rate)", None, 4.0, None, True),
        Spec("geometric", "Geometric", "p (success probability)", None, 0.3, None, True),
    )
}


@dataclass(frozen=True)
class Result:
    """One distribution's numbers: exact moments and its density (or mass) and CDF on an x grid."""

    dist: str
    p1: float
    p2: float | None
    mean: float | None  # None where the mean is undefined
    variance: float | None  # None where the variance is infinite or undefined
    variance_note: str  # "" or why there is no variance ("infinite", "undefined")
    x: np.ndarray
    density: np.ndarray  # pdf or pmf at x; may be inf at a boundary (e.g. gamma with k < 1 at 0)
    cdf: np.ndarray
    xlim: tuple[float, float]
    discrete: bool
    unbounded: bool  # the density grows without bound at an end of the support


def _symbol(label: str) -> str:
    return label.split(" ")[0]


def _positive(label: str, value: float, upper: float, field: str) -> None:
    if not value > 0:
        raise ParamError(f"{_symbol(label)} must be positive.", field=field)
    if value < MIN_POSITIVE:
        raise ParamError(f"{_symbol(label)} must be at least {format_number(MIN_POSITIVE)}.", field=field)
    if value > upper:
        raise ParamError(f"{_symbol(label)} must be at most {format_number(upper)}.", field=field)


def _between(label: str, value: float, lower: float, upper: float, field: str) -> None:
    if not lower <= value <= upper:
        message = f"{_symbol(label)} must be between {format_number(lower)} and {format_number(upper)}."
        raise ParamError(message, field=field)


def validate(dist: str, p1: float | None, p2: float | None) -> tuple[float, float | None]:
    """The parameters this distribution uses, checked; p2 is None where unused. Raises ParamError."""
    spec = SPECS.get(dist)
    if spec is None:
        raise ParamError(f"Unknown distribution “{str(dist)[:40]}”.")
    if p1 is None or not math.isfinite(p1):
        raise ParamError(f"{_symbol(spec.p1_label)} must be a finite number.", field="p1")
    if spec.p2_label is None:
        p2 = None
    elif p2 is None or not math.isfinite(p2):
        raise ParamError(f"{_symbol(spec.p2_label)} must be a finite number.", field="p2")
    if dist == "normal":
        _between(spec.p1_label, p1, -MAX_LOCATION, MAX_LOCATION, "p1")
        _positive(spec.p2_label, p2, MAX_SCALE, "p2")
    elif dist == "uniform":
        _between(spec.p1_label, p1, -MAX_LOCATION, MAX_LOCATION, "p1")
        _between(spec.p2_label, p2, -MAX_LOCATION, MAX_LOCATION, "p2")
        if not p2 > p1:
            raise ParamError("For the uniform distribution b must be greater than a.", field="p2")
    elif dist in {"exponential", "poisson"}:
        _positive(spec.p1_label, p1, MAX_SCALE, "p1")
    elif dist in {"gamma", "beta"}:
        _positive(spec.p1_label, p1, MAX_SCALE, "p1")
        _positive(spec.p2_label, p2, MAX_SCALE, "p2")
    elif dist == "student-t":
        _positive(spec.p1_label, p1, MAX_SCALE, "p1")
    elif dist == "binomial":
        if p1 != int(p1) or not 1 <= p1 <= MAX_TRIALS:
            raise ParamError(f"n must be a whole number between 1 and {MAX_TRIALS}.", field="p1")
        p1 = float(int(p1))
        _between(spec.p2_label, p2, 0.0, 1.0, "p2")
    elif dist == "geometric":
        _between(spec.p1_label, p1, MIN_GEOMETRIC_P, 1.0, "p1")
    return p1, p2


@exported
def moments(dist: str, p1: float, p2: float | None) -> tuple[float | None, float | None, str]:
    """Exact mean and variance from closed forms: (mean, variance, note); None where not finite."""
    if dist == "normal":
        return p1, p2**2, ""
    if dist == "uniform":
        return (p1 + p2) / 2, (p2 - p1) ** 2 / 12, ""
    if dist == "exponential":
        return 1 / p1, 1 / p1**2, ""
    if dist == "gamma":
        return p1 * p2, p1 * p2**2, ""
    if dist == "beta":
        s = p1 + p2
        return p1 / s, p1 * p2 / (s**2 * (s + 1)), ""
    if dist == "student-t":
        if p1 <= 1:
            return None, None, "undefined"
        if p1 <= 2:
            return 0.0, None, "infinite"
        return 0.0, p1 / (p1 - 2), ""
    if dist == "binomial":
        return p1 * p2, p1 * p2 * (1 - p2), ""
    if dist == "poisson":
        return p1, p1, ""
    if dist == "geometric":
        return 1 / p1, (1 - p1) / p1**2, ""
    raise ValueError(f"unknown distribution {dist!r}")  # validate() refuses it first, with words


# Each continuous distribution: a window holding nearly all the probability (from closed-form or
# special-function quantiles), and its pdf and CDF on a grid x, from closed forms.
@exported
def normal_window(p1: float, p2: float | None) -> tuple[float, float]:
    return p1 - 4 * p2, p1 + 4 * p2


@exported
def normal_curves(p1: float, p2: float | None, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    z = (x - p1) / p2
    return np.exp(-0.5 * z**2) / (p2 * math.sqrt(2 * math.pi)), 0.5 * erfc(-z / math.sqrt(2))


@exported
def uniform_window(p1: float, p2: float | None) -> tuple[float, float]:
    pad = 0.25 * (p2 - p1)
    return p1 - pad, p2 + pad


@exported
def uniform_curves(p1: float, p2: float | None, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    inside = (x >= p1) & (x <= p2)
    return np.where(inside, 1 / (p2 - p1), 0.0), np.clip((x - p1) / (p2 - p1), 0, 1)


@exported
def exponential_window(p1: float, p2: float | None) -> tuple[float, float]:
    top = math.log(1000) / p1  # the 99.9% quantile
    return -0.04 * top, top


@exported
def exponential_curves(p1: float, p2: float | None, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pos = x >= 0
    return np.where(pos, p1 * np.exp(-p1 * x), 0.0), np.where(pos, -np.expm1(-p1 * x), 0.0)


@exported
def gamma_window(p1: float, p2: float | None) -> tuple[float, float]:
    top = float(gammaincinv(p1, 0.999)) * p2  # the 99.9% quantile
    return -0.04 * top, top


@exported
def gamma_curves(p1: float, p2: float | None, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pos = x > 0
    xs = np.where(pos, x, 1.0)
    log_pdf = (p1 - 1) * np.log(xs / p2) - xs / p2 - math.lgamma(p1) - math.log(p2)
    pdf = np.where(pos, np.exp(log_pdf), 0.0)
    if p1 < 1:
        pdf = np.where(x == 0, np.inf, pdf)  # the density is infinite at 0
    elif p1 == 1:
        pdf = np.where(x == 0, 1 / p2, pdf)
    return pdf, np.where(pos, gammainc(p1, xs / p2), 0.0)


@exported
def beta_window(p1: float, p2: float | None) -> tuple[float, float]:
    return -0.04, 1.04


@exported
def beta_curves(p1: float, p2: float | None, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    inside = (x > 0) & (x < 1)
    xs = np.where(inside, x, 0.5)
    log_b = math.lgamma(p1) + math.lgamma(p2) - math.lgamma(p1 + p2)
    pdf = np.where(inside, np.exp((p1 - 1) * np.log(xs) + (p2 - 1) * np.log1p(-xs) - log_b), 0.0)
    # The two ends: infinite, finite or zero according to α and β.
    for end, power in ((0.0, p1), (1.0, p2)):
        value = np.inf if power < 1 else (1 / math.exp(log_b) if power == 1 else 0.0)
        pdf = np.where(x == end, value, pdf)
    return pdf, np.clip(betainc(p1, p2, np.clip(x, 0, 1)), 0, 1)


@exported
def student_t_window(p1: float, p2: float | None) -> tuple[float, float]:
    # The 99.5% quantile, kept between 4 and 10 so heavy tails stay readable.
    top = min(max(float(stdtrit(p1, 0.995)), 4.0), 10.0)
    return -top, top


@exported
def student_t_curves(p1: float, p2: float | None, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Student's t with ν = p1 degrees of freedom.
    log_c = math.lgamma((p1 + 1) / 2) - math.lgamma(p1 / 2) - 0.5 * math.log(p1 * math.pi)
    pdf = np.exp(log_c - (p1 + 1) / 2 * np.log1p(x**2 / p1))
    tail = 0.5 * betainc(p1 / 2, 0.5, p1 / (p1 + x**2))
    return pdf, np.where(x > 0, 1 - tail, tail)


@exported
def continuous_points(window, curves, ends: tuple, p1: float, p2: float | None) -> tuple:
    """The window, a grid of GRID_POINTS over it (with the support's ``ends``), pdf and CDF on it."""
    xlim = window(p1, p2)
    x = np.linspace(xlim[0], xlim[1], GRID_POINTS)
    if ends:
        x = np.union1d(x, ends)  # the ends of the support
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        density, cdf = curves(p1, p2, x)
    return xlim, x, density, cdf


# Each discrete distribution: the first and last whole numbers shown (nearly all the mass, at least
# 11 values where possible), and its log pmf at whole numbers k.
@exported
def binomial_support(p1: float, p2: float | None) -> tuple[int, int]:
    n = int(p1)
    mean, sd = n * p2, math.sqrt(n * p2 * (1 - p2))
    lo, hi = max(0, math.floor(mean - 4.5 * sd)), min(n, math.ceil(mean + 4.5 * sd))
    while hi - lo < 10 and (lo > 0 or hi < n):
        lo, hi = max(0, lo - 1), min(n, hi + 1)
    return lo, hi


@exported
def binomial_log_pmf(p1: float, p2: float | None, k: np.ndarray) -> np.ndarray:
    n = int(p1)
    log_choose = gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
    return log_choose + xlogy(k, p2) + xlog1py(n - k, -p2)


@exported
def poisson_support(p1: float, p2: float | None) -> tuple[int, int]:
    sd = math.sqrt(p1)
    lo, hi = max(0, math.floor(p1 - 4.5 * sd)), math.ceil(p1 + 4.5 * sd) + 1
    return lo, max(hi, lo + 10)


@exported
def poisson_log_pmf(p1: float, p2: float | None, k: np.ndarray) -> np.ndarray:
    return k * math.log(p1) - p1 - gammaln(k + 1)


@exported
def geometric_support(p1: float, p2: float | None) -> tuple[int, int]:
    # Trials up to and including the first success, up to the 99.9% quantile, log(0.001) / log(1 − p).
    hi = 1 if p1 >= 1 else math.ceil(math.log(0.001) / math.log1p(-p1))
    return 1, max(hi, 11)


@exported
def geometric_log_pmf(p1: float, p2: float | None, k: np.ndarray) -> np.ndarray:
    return xlog1py(k - 1, -p1) + math.log(p1)  # on {1, 2, …}


@exported
def discrete_points(support, log_pmf, start: int, p1: float, p2: float | None) -> tuple:
    """Support points, pmf and CDF (summed from ``start``, the support's first value: at most a few
    hundred terms)."""
    lo, hi = support(p1, p2)
    k_all = np.arange(start, hi + 1, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmf_all = np.exp(log_pmf(p1, p2, k_all))
    cdf_all = np.minimum(np.cumsum(pmf_all), 1.0)
    keep = k_all >= lo
    return k_all[keep], pmf_all[keep], cdf_all[keep]


# The functions above by distribution: continuous (window, curves, fixed ends of the support) and
# discrete (support, log pmf, first value of the support).
CONTINUOUS = {
    "normal": (normal_window, normal_curves, ()),
    "uniform": (uniform_window, uniform_curves, None),  # its ends are its parameters (a, b)
    "exponential": (exponential_window, exponential_curves, (0.0,)),
    "gamma": (gamma_window, gamma_curves, (0.0,)),
    "beta": (beta_window, beta_curves, (0.0, 1.0)),
    "student-t": (student_t_window, student_t_curves, ()),
}
DISCRETE = {
    "binomial": (binomial_support, binomial_log_pmf, 0),
    "poisson": (poisson_support, poisson_log_pmf, 0),
    "geometric": (geometric_support, geometric_log_pmf, 1),
}


def support_ends(dist: str, p1: float, p2: float | None) -> tuple[float, ...]:
    """The points a continuous density's grid must hold: the ends of its support."""
    ends = CONTINUOUS[dist][2]
    return (p1, p2) if ends is None else ends


def compute(dist: str, p1: float | None, p2: float | None) -> Result:
    """Validate the parameters, then the exact moments and the density/mass and CDF over a sensible range."""
    p1, p2 = validate(dist, p1, p2)
    spec = SPECS[dist]
    mean, variance, note = moments(dist, p1, p2)
    if spec.discrete:
        x, density, cdf = discrete_points(*DISCRETE[dist], p1, p2)
        xlim = (float(x[0]) - 0.7, float(x[-1]) + 0.7)
        unbounded = False
    else:
        window, curves, _ = CONTINUOUS[dist]
        xlim, x, density, cdf = continuous_points(window, curves, support_ends(dist, p1, p2), p1, p2)
        unbounded = (dist == "gamma" and p1 < 1) or (dist == "beta" and min(p1, p2) < 1)
    return Result(dist, p1, p2, mean, variance, note, x, density, cdf, xlim, spec.discrete, unbounded)
