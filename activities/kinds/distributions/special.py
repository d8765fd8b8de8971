"""Plain-Python stand-ins (numpy and ``math``, no SciPy) for the SciPy special functions the maths calls.

A script holds these in place of SciPy's functions of the same names (``maths_source(stand_ins=…)``).
Each is accurate to about 1e-14 on the activity's ranges (shapes and degrees of freedom from 0.01 to
100): the incomplete gamma function by its series or continued fraction, the incomplete beta function
by its continued fraction (Numerical Recipes, §6.2 and §6.4, with Lentz's method), and the quantiles
the plot ranges need by bisection down to the last bit.
"""

import math

import numpy as np

from activities.engine.script import exported

TINY = 1e-300  # Lentz's method: what a vanishing denominator is replaced by


@exported
def erfc(x):
    """The complementary error function, elementwise."""
    return np.vectorize(math.erfc, otypes=[float])(x)


@exported
def gammaln(x):
    """log Γ(x), elementwise."""
    return np.vectorize(math.lgamma, otypes=[float])(x)


@exported
def xlogy(x, y):
    """x·log(y), and 0 where x = 0 (even when y = 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log(y))


@exported
def xlog1py(x, y):
    """x·log(1 + y), and 0 where x = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log1p(y))


@exported
def bisect(function, target, lo, hi):
    """The x in [lo, hi] where the increasing function reaches target, to the last bit."""
    for _ in range(2000):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        lo, hi = (mid, hi) if function(mid) < target else (lo, mid)
    return 0.5 * (lo + hi)


@exported
def gamma_p(a, x):
    """The regularised lower incomplete gamma function P(a, x) of one number."""
    if x <= 0:
        return 0.0
    front = math.exp(a * math.log(x) - x - math.lgamma(a))
    if x < a + 1:  # the series Σ xⁿ / (a (a+1) … (a+n))
        term = total = 1.0 / a
        for n in range(1, 10000):
            term *= x / (a + n)
            total += term
            if abs(term) < abs(total) * 1e-17:
                break
        return total * front
    # The continued fraction for Q(a, x) = 1 − P(a, x), by Lentz's method.
    b, c = x + 1 - a, 1 / TINY
    d = 1 / b
    h = d
    for i in range(1, 10000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = 1 / (d if abs(d) > TINY else TINY)
        c = b + an / c
        c = c if abs(c) > TINY else TINY
        h *= d * c
        if abs(d * c - 1) < 1e-16:
            break
    return 1 - front * h


@exported
def gammainc(a, x):
    """P(a, x), elementwise."""
    return np.vectorize(gamma_p, otypes=[float])(a, x)


@exported
def gammaincinv(a, p):
    """The x with P(a, x) = p."""
    hi = max(1.0, a)
    while gamma_p(a, hi) < p and hi < 1e300:
        hi *= 2
    return bisect(lambda x: gamma_p(a, x), p, 0.0, hi)


@exported
def beta_fraction(a, b, x):
    """The continued fraction of the incomplete beta function, by Lentz's method."""
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > TINY else TINY)
    h = d
    for m in range(1, 10000):
        for aa in (
            m * (b - m) * x / ((a - 1 + 2 * m) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 1 + 2 * m)),
        ):
            d = 1 + aa * d
            d = 1 / (d if abs(d) > TINY else TINY)
            c = 1 + aa / c
            c = c if abs(c) > TINY else TINY
            h *= d * c
        if abs(d * c - 1) < 1e-16:
            break
    return h


@exported
def beta_i(a, b, x):
    """The regularised incomplete beta function I_x(a, b) of one number."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * beta_fraction(a, b, x) / a
    return 1 - front * beta_fraction(b, a, 1 - x) / b


@exported
def betainc(a, b, x):
    """I_x(a, b), elementwise."""
    return np.vectorize(beta_i, otypes=[float])(a, b, x)


@exported
def t_cdf(nu, t):
    """The CDF of Student's t with ν degrees of freedom at one number t."""
    tail = 0.5 * beta_i(nu / 2, 0.5, nu / (nu + t**2))
    return 1 - tail if t > 0 else tail


@exported
def stdtrit(nu, p):
    """The p-quantile of Student's t with ν degrees of freedom, for p > ½."""
    hi = 1.0
    while t_cdf(nu, hi) < p and hi < 1e300:
        hi *= 2
    return bisect(lambda t: t_cdf(nu, t), p, 0.0, hi)


# By the names the maths calls them.
STAND_INS = {
    function.__name__: function for function in (erfc, gammaln, xlogy, xlog1py, gammainc, gammaincinv, betainc, stdtrit)
}
