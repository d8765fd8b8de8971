"""Activity: nine probability distributions, their density or mass function, CDF, mean and variance.

``p1`` and ``p2`` mean different things for each distribution (μ and σ, a and b, λ …); the form reads
their names from ``labels``, and a newly chosen distribution starts from its defaults (``switched``).
A parameter a distribution does not use is ignored. The geometric distribution counts trials up to
the first success: support {1, 2, …}.
"""

import math
from collections.abc import Mapping

import numpy as np
from matplotlib.figure import Figure

from activities.engine.layout import DESK, Size
from activities.engine.notation import mi, mo, number, row, signed, table
from activities.engine.params import Bounds, Choice, Float
from activities.kinds.base import SCRIPT, SOUND, SVG, Kind, Preset, Sound, Summary
from activities.kinds.distributions import maths, plot, sound, svg
from activities.kinds.distributions.formulas import density_formula, moment_formula
from activities.kinds.distributions.maths import SPECS, Result
from activities.kinds.distributions.ranges import ranges

PARAMS = (
    Choice("dist", "Distribution", "normal", tuple((slug, spec.name) for slug, spec in SPECS.items())),
    # Wide outer bounds; each distribution then checks its own range with a message in its own terms.
    Float("p1", "First parameter", 0.0, -1000.0, 1000.0, step=0.1),
    Float("p2", "Second parameter", 1.0, -1000.0, 1000.0, step=0.1),
    Choice("view", "Show", "pdf", (("pdf", "Density / mass function"), ("cdf", "Cumulative distribution"))),
)


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
    args = ", ".join(f"{name} = {number(value)}" for name, value in _named_params(result).items())
    return f"{SPECS[result.dist].name} distribution ({args})"


def _variance_text(result: Result) -> str:
    if result.variance is not None:
        return number(round(result.variance, 6))
    return "infinite (ν ≤ 2)" if result.variance_note == "infinite" else "undefined (ν ≤ 1)"


def _mean_text(result: Result) -> str:
    return "undefined (ν ≤ 1)" if result.mean is None else number(round(result.mean, 6))


def _note(result: Result) -> str:
    if result.mean is None:
        return "mean and variance undefined (ν ≤ 1)"
    if result.variance is None:
        return "variance infinite (ν ≤ 2)"
    if result.unbounded:
        return "density → ∞ at an end"
    return ""


PRESETS = tuple(
    Preset(slug, spec.name, {"dist": slug, "p1": spec.p1_default, "p2": spec.p2_default, "view": "pdf"})
    for slug, spec in SPECS.items()
)


class Distributions(Kind[Result]):
    """Nine probability distributions, their density or mass function, CDF, mean and variance."""

    title = "Probability distributions"
    capabilities = frozenset({SCRIPT, SOUND, SVG})
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
            rows.append(Summary("Standard deviation", number(round(math.sqrt(result.variance), 6))))
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
        text += f"from {number(round(float(lo), 3))} to {number(round(float(hi), 3))}. "
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
                    f"{number(round(float(result.density[peak]), 4))} at {at} = "
                    f"{number(round(float(result.x[peak]), 3))}. "
                )
        text += f"Mean {_mean_text(result)}; variance {_variance_text(result)}."
        if result.mean is not None:
            text += " A dashed line marks the mean"
            if result.variance:
                sd = math.sqrt(result.variance)
                text += (
                    f" and a shaded band the mean ± one standard deviation "
                    f"({number(round(result.mean - sd, 3))} to {number(round(result.mean + sd, 3))})"
                )
            text += "."
        if result.dist == "geometric":
            text += " X counts the trials up to and including the first success."
        return text

    def labels(self, state: Mapping) -> dict[str, str | None]:
        """p1 and p2 by what they mean for this distribution (μ and σ); None for one it does not use."""
        spec = SPECS.get(str(state.get("dist", "")))
        return {} if spec is None else {"p1": spec.p1_label, "p2": spec.p2_label}

    def bounds(self, state: Mapping) -> dict[str, Bounds]:
        """What ``maths.validate`` accepts for p1 and p2 under the chosen distribution (b > a for a uniform)."""
        return ranges(str(state.get("dist", "")), state)

    def switched(self, params: dict) -> dict:
        """A new distribution starts from its own defaults: μ = 0 for a normal is λ = 0 for an exponential."""
        spec = SPECS[params["dist"]]
        p2 = spec.p2_default if spec.p2_default is not None else params.get("p2")
        return {**params, "p1": spec.p1_default, "p2": p2}

    def render(self, params: dict, result: Result, scale: int = 1, size: Size = DESK) -> bytes:
        return plot.render(result, params["view"], _title(result), _note(result), scale, size)

    def formula(self, params: dict) -> str:
        """The density or mass function, this state's parameters, and the exact mean and variance."""
        try:
            result = maths.compute(params["dist"], params["p1"], params["p2"])
        except ValueError:
            return ""
        named = _named_params(result)
        values = []
        for name, value in named.items():
            values += [mi(name), mo("="), signed(value), mo(",")]
        values[-1:] = []
        mean = moment_formula("E", result.mean, "undefined")
        var = moment_formula("Var", result.variance, result.variance_note)
        rows = (density_formula(result.dist), row(*values), row(mean, mo(","), "<mspace width='1em'></mspace>", var))
        return table(*rows)

    def sound(self, params: dict, result: Result) -> Sound:
        return sound.distribution(result, params["view"])

    def figure(self, params: dict, result: Result) -> Figure:
        return svg.distribution(result, params["view"], _title(result), _note(result))

    # The numbers table and CSV (activities.tabular): headings for data.json's keys, tables grouped.
    number_tables = (("x", "density", "cdf"),)
    number_labels = {
        "dist": "Distribution",
        **{f"params.{symbol}": f"Parameter {symbol}" for symbol in "μσabλkθαβνnp"},
        **{"view": "Shown", "discrete": "Discrete", "mean": "Mean", "variance": "Variance"},
        "variance_note": "No variance because",
        "table x": "Density (or mass) and cumulative distribution at each x (or k)",
        **{"x": "x (or k)", "density": "f(x) or P(X = k)", "cdf": "F(x) = P(X ≤ x)"},
    }


KIND = Distributions()
