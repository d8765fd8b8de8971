"""Activity: nine probability distributions, their density or mass function, CDF, mean and variance.

``p1`` and ``p2`` mean different things for each distribution (μ and σ, a and b, λ …); the form reads
their names from ``labels``, and a newly chosen distribution starts from its defaults (``switched``).
A parameter a distribution does not use is ignored. The geometric distribution counts trials up to
the first success: support {1, 2, …}.
"""

import math
from collections.abc import Mapping

import numpy as np

from activities.kinds.base import Kind, Preset, Summary
from activities.maths import distributions as maths
from activities.maths.distributions import SPECS, Result
from activities.params import Choice, Float, format_number
from activities.plots import distributions as plot

PARAMS = (
    Choice("dist", "Distribution", "normal", tuple((slug, spec.name) for slug, spec in SPECS.items())),
    # Wide outer bounds; each distribution then checks its own range with a message in its own terms.
    Float("p1", "First parameter", 0.0, -1000.0, 1000.0, step=0.1),
    Float("p2", "Second parameter", 1.0, -1000.0, 1000.0, step=0.1),
    Choice("view", "Show", "pdf", (("pdf", "Density / mass function"), ("cdf", "Cumulative distribution"))),
)


def _num(value: float) -> str:
    return format_number(value).replace("-", "−")


def _named_params(result: Result) -> dict:
    """The parameters by their real symbols, such as {"μ": 0.0, "σ": 1.0}."""
    spec = SPECS[result.dist]
    named = {spec.p1_label.split(" ")[0]: result.p1}
    if spec.p2_label is not None:
        named[spec.p2_label.split(" ")[0]] = result.p2
    return named


def _finite(values: np.ndarray) -> list[float | None]:
    return [float(v) if math.isfinite(v) else None for v in values]


def _title(result: Result) -> str:
    args = ", ".join(f"{name} = {_num(value)}" for name, value in _named_params(result).items())
    return f"{SPECS[result.dist].name} distribution ({args})"


def _variance_text(result: Result) -> str:
    if result.variance is not None:
        return _num(round(result.variance, 6))
    return "infinite (ν ≤ 2)" if result.variance_note == "infinite" else "undefined (ν ≤ 1)"


def _mean_text(result: Result) -> str:
    return "undefined (ν ≤ 1)" if result.mean is None else _num(round(result.mean, 6))


def _note(result: Result) -> str:
    if result.mean is None:
        return "mean and variance undefined (ν ≤ 1)"
    if result.variance is None:
        return "variance infinite (ν ≤ 2)"
    if result.unbounded:
        return "density → ∞ at an end"
    return ""


# --- MathML ---------------------------------------------------------------------------------------


def _mi(name: str) -> str:
    return f"<mi>{name}</mi>"


def _mn(value: float | str) -> str:
    return f"<mn>{value if isinstance(value, str) else format_number(value)}</mn>"


def _mo(op: str) -> str:
    return f"<mo>{op}</mo>"


def _row(*parts: str) -> str:
    return "<mrow>" + "".join(parts) + "</mrow>"


def _frac(top: str, bottom: str) -> str:
    return f"<mfrac>{top}{bottom}</mfrac>"


def _sup(base_: str, power: str) -> str:
    return f"<msup>{base_}{power}</msup>"


def _paren(*parts: str) -> str:
    return _row(_mo("("), *parts, _mo(")"))


def _value(value: float) -> str:
    return _row(_mo("−"), _mn(-value)) if value < 0 else _mn(value)


F_X = _row(_mi("f"), _paren(_mi("x")))
P_K = _row(_mi("P"), _paren(_mi("X"), _mo("="), _mi("k")))
GAMMA = '<mi mathvariant="normal">Γ</mi>'
E = '<mi mathvariant="normal">e</mi>'
X_MINUS_1 = _row(_mi("x"), _mo("−"), _mn(1))


def _density(dist: str) -> str:
    """The density or mass function in symbols, with its support."""
    if dist == "normal":
        exponent = _row(
            _mo("−"), _frac(_sup(_paren(_mi("x"), _mo("−"), _mi("μ")), _mn(2)), _row(_mn(2), _sup(_mi("σ"), _mn(2))))
        )
        front = _frac(_mn(1), _row(_mi("σ"), f"<msqrt>{_mn(2)}{_mi('π')}</msqrt>"))
        return _row(F_X, _mo("="), front, _sup(E, exponent))
    if dist == "uniform":
        return _row(
            F_X,
            _mo("="),
            _frac(_mn(1), _row(_mi("b"), _mo("−"), _mi("a"))),
            _mo(","),
            _mi("a"),
            _mo("≤"),
            _mi("x"),
            _mo("≤"),
            _mi("b"),
        )
    if dist == "exponential":
        return _row(
            F_X, _mo("="), _mi("λ"), _sup(E, _row(_mo("−"), _mi("λ"), _mi("x"))), _mo(","), _mi("x"), _mo("≥"), _mn(0)
        )
    if dist == "gamma":
        top = _row(
            _sup(_mi("x"), _row(_mi("k"), _mo("−"), _mn(1))), _sup(E, _row(_mo("−"), _mi("x"), _mo("/"), _mi("θ")))
        )
        bottom = _row(GAMMA, _paren(_mi("k")), _sup(_mi("θ"), _mi("k")))
        return _row(F_X, _mo("="), _frac(top, bottom), _mo(","), _mi("x"), _mo(">"), _mn(0))
    if dist == "beta":
        top = _row(
            _sup(_mi("x"), _row(_mi("α"), _mo("−"), _mn(1))),
            _sup(_paren(_mn(1), _mo("−"), _mi("x")), _row(_mi("β"), _mo("−"), _mn(1))),
        )
        bottom = _row('<mi mathvariant="normal">B</mi>', _paren(_mi("α"), _mo(","), _mi("β")))
        return _row(F_X, _mo("="), _frac(top, bottom), _mo(","), _mn(0), _mo("<"), _mi("x"), _mo("<"), _mn(1))
    if dist == "student-t":
        half = _frac(_row(_mi("ν"), _mo("+"), _mn(1)), _mn(2))
        top = _row(GAMMA, _paren(half))
        bottom = _row(f"<msqrt>{_mi('ν')}{_mi('π')}</msqrt>", GAMMA, _paren(_frac(_mi("ν"), _mn(2))))
        power = _row(_mo("−"), half)
        return _row(
            F_X,
            _mo("="),
            _frac(top, bottom),
            _sup(_paren(_mn(1), _mo("+"), _frac(_sup(_mi("x"), _mn(2)), _mi("ν"))), power),
        )
    if dist == "binomial":
        choose = _row(_mo("("), '<mfrac linethickness="0">' + _mi("n") + _mi("k") + "</mfrac>", _mo(")"))
        return _row(
            P_K,
            _mo("="),
            choose,
            _sup(_mi("p"), _mi("k")),
            _sup(_paren(_mn(1), _mo("−"), _mi("p")), _row(_mi("n"), _mo("−"), _mi("k"))),
            _mo(","),
            _mi("k"),
            _mo("="),
            _mn(0),
            _mo(","),
            _mo("…"),
            _mo(","),
            _mi("n"),
        )
    if dist == "poisson":
        top = _row(_sup(_mi("λ"), _mi("k")), _sup(E, _row(_mo("−"), _mi("λ"))))
        return _row(
            P_K,
            _mo("="),
            _frac(top, _row(_mi("k"), _mo("!"))),
            _mo(","),
            _mi("k"),
            _mo("="),
            _mn(0),
            _mo(","),
            _mn(1),
            _mo(","),
            _mo("…"),
        )
    return _row(
        P_K,
        _mo("="),
        _sup(_paren(_mn(1), _mo("−"), _mi("p")), _row(_mi("k"), _mo("−"), _mn(1))),
        _mi("p"),
        _mo(","),
        _mi("k"),
        _mo("="),
        _mn(1),
        _mo(","),
        _mn(2),
        _mo(","),
        _mo("…"),
    )


def _moment(name: str, value: float | None, note: str) -> str:
    lhs = _row(_mi(name), _paren(_mi("X")))
    if value is None:
        return _row(lhs, "<mtext>" + f" is {note}" + "</mtext>")
    return _row(lhs, _mo("="), _value(round(value, 6)))


PRESETS = tuple(
    Preset(slug, spec.name, {"dist": slug, "p1": spec.p1_default, "p2": spec.p2_default, "view": "pdf"})
    for slug, spec in SPECS.items()
)


class Distributions(Kind[Result]):
    """Nine probability distributions, their density or mass function, CDF, mean and variance."""

    slug = "distributions"
    title = "Probability distributions"
    params = PARAMS
    presets = PRESETS
    main_choice = "dist"

    def compute(self, params: dict) -> Result:
        return maths.compute(params["dist"], params["p1"], params["p2"])

    def data(self, params: dict, result: Result) -> dict:
        return {
            "dist": result.dist,
            "params": _named_params(result),
            "view": params["view"],
            "discrete": result.discrete,
            "mean": result.mean,
            "variance": result.variance,
            "variance_note": result.variance_note or None,
            "x": _finite(result.x),
            "density": _finite(result.density),  # null where the density is infinite (an end of the support)
            "cdf": _finite(result.cdf),
        }

    def summary(self, params: dict, result: Result) -> list[Summary]:
        rows = [Summary("Mean", _mean_text(result)), Summary("Variance", _variance_text(result))]
        if result.variance:
            rows.append(Summary("Standard deviation", _num(round(math.sqrt(result.variance), 6))))
        if result.dist == "geometric":
            rows.append(Summary("Support", "1, 2, 3, … (trials up to the first success)"))
        return rows

    def describe(self, params: dict, result: Result) -> str:
        spec = SPECS[result.dist]
        what = (
            "Cumulative distribution function"
            if params["view"] == "cdf"
            else ("Probability mass function" if spec.discrete else "Probability density function")
        )
        lo, hi = result.x[0], result.x[-1]
        text = f"{what} of the {_title(result)[0].lower()}{_title(result)[1:]}, for {'k' if spec.discrete else 'x'} "
        text += f"from {_num(round(float(lo), 3))} to {_num(round(float(hi), 3))}. "
        if params["view"] == "cdf":
            text += "It rises from 0 to 1. "
        else:
            finite = np.isfinite(result.density)
            peak = int(np.argmax(np.where(finite, result.density, -1)))
            if result.unbounded:
                text += "The density grows without bound at an end of its support. "
            else:
                at = "k" if spec.discrete else "x"
                text += (
                    f"The highest {'probability' if spec.discrete else 'density'} is "
                    f"{_num(round(float(result.density[peak]), 4))} at {at} = {_num(round(float(result.x[peak]), 3))}. "
                )
        text += f"Mean {_mean_text(result)}; variance {_variance_text(result)}."
        if result.mean is not None:
            text += " A dashed line marks the mean"
            if result.variance:
                sd = math.sqrt(result.variance)
                text += (
                    f" and a shaded band the mean ± one standard deviation "
                    f"({_num(round(result.mean - sd, 3))} to {_num(round(result.mean + sd, 3))})"
                )
            text += "."
        if result.dist == "geometric":
            text += " X counts the trials up to and including the first success."
        return text

    def labels(self, state: Mapping) -> dict[str, str | None]:
        """p1 and p2 by what they mean for this distribution (μ and σ); None for one it does not use."""
        spec = SPECS.get(str(state.get("dist", "")))
        return {} if spec is None else {"p1": spec.p1_label, "p2": spec.p2_label}

    def switched(self, params: dict) -> dict:
        """A new distribution starts from its own defaults: μ = 0 for a normal is λ = 0 for an exponential."""
        spec = SPECS[params["dist"]]
        p2 = spec.p2_default if spec.p2_default is not None else params.get("p2")
        return {**params, "p1": spec.p1_default, "p2": p2}

    def render(self, params: dict, result: Result, scale: int = 1) -> bytes:
        return plot.render(result, params["view"], _title(result), _note(result), scale)

    def formula(self, params: dict) -> str:
        """The density or mass function, this state's parameters, and the exact mean and variance."""
        try:
            result = maths.compute(params["dist"], params["p1"], params["p2"])
        except ValueError:
            return ""
        named = _named_params(result)
        values = []
        for name, value in named.items():
            values += [_mi(name), _mo("="), _value(value), _mo(",")]
        values[-1:] = []
        mean = _moment("E", result.mean, "undefined")
        var = _moment("Var", result.variance, result.variance_note)
        rows = (_density(result.dist), _row(*values), _row(mean, _mo(","), "<mspace width='1em'></mspace>", var))
        return (
            '<math display="block"><mtable>' + "".join(f"<mtr><mtd>{r}</mtd></mtr>" for r in rows) + "</mtable></math>"
        )


KIND = Distributions()
