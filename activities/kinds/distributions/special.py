"""Special functions for the distribution scripts, in plain Python and numpy (no SciPy), as source text.

Each is accurate to about 1e-14 on the activity's ranges (shapes and degrees of freedom from 0.01 to
100): the incomplete gamma function by its series or continued fraction, the incomplete beta function
by its continued fraction (Numerical Recipes, §6.2 and §6.4, with Lentz's method), and the quantiles
the plot ranges need by bisection down to the last bit.
"""

ERFC = """
erfc = np.vectorize(math.erfc, otypes=[float])
"""

LGAMMA = '''
gammaln = np.vectorize(math.lgamma, otypes=[float])


def xlogy(x, y):
    """x·log(y), and 0 where x = 0 (even when y = 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log(y))


def xlog1py(x, y):
    """x·log(1 + y), and 0 where x = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log1p(y))
'''

BISECT = '''

def bisect(function, target, lo, hi):
    """The x in [lo, hi] where the increasing function reaches target, to the last bit."""
    for _ in range(2000):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        lo, hi = (mid, hi) if function(mid) < target else (lo, mid)
    return 0.5 * (lo + hi)
'''

GAMMAINC = '''
TINY = 1e-300


def _gammainc(a, x):
    """The regularised lower incomplete gamma function P(a, x)."""
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


gammainc = np.vectorize(_gammainc, otypes=[float])


def gammaincinv(a, p):
    """The x with P(a, x) = p."""
    hi = max(1.0, a)
    while _gammainc(a, hi) < p:
        hi *= 2
    return bisect(lambda x: _gammainc(a, x), p, 0.0, hi)
'''

BETAINC = '''
TINY = 1e-300


def _fraction(a, b, x):
    """The continued fraction of the incomplete beta function, by Lentz's method."""
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > TINY else TINY)
    h = d
    for m in range(1, 10000):
        for aa in (m * (b - m) * x / ((a - 1 + 2 * m) * (a + 2 * m)),
                   -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 1 + 2 * m))):
            d = 1 + aa * d
            d = 1 / (d if abs(d) > TINY else TINY)
            c = 1 + aa / c
            c = c if abs(c) > TINY else TINY
            h *= d * c
        if abs(d * c - 1) < 1e-16:
            break
    return h


def _betainc(a, b, x):
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _fraction(a, b, x) / a
    return 1 - front * _fraction(b, a, 1 - x) / b


betainc = np.vectorize(_betainc, otypes=[float])
'''

STUDENT = '''

def t_cdf(nu, t):
    tail = 0.5 * _betainc(nu / 2, 0.5, nu / (nu + t**2))
    return 1 - tail if t > 0 else tail


def t_top(nu):
    """The 99.5 % quantile of Student's t, kept between 4 and 10 so heavy tails stay readable."""
    if t_cdf(nu, 4.0) >= 0.995:
        return 4.0
    if t_cdf(nu, 10.0) <= 0.995:
        return 10.0
    return bisect(lambda t: t_cdf(nu, t), 0.995, 4.0, 10.0)
'''

# What each distribution's code needs, in order.
NEEDS = {
    "normal": (ERFC,),
    "gamma": (BISECT, GAMMAINC),
    "beta": (BETAINC,),
    "student-t": (BISECT, BETAINC, STUDENT),
    "binomial": (LGAMMA,),
    "poisson": (LGAMMA,),
    "geometric": (LGAMMA,),
}
