"""Activity: the central limit theorem. Means of samples of size n pile up into a normal curve.

No state is kept on the server: the histogram is a pure function of (source, n, draws, seed), and the
"add" buttons only increase ``draws`` (clamped silently at the largest allowed value: 100,000 means and
draws × n ≤ 10⁷). Because the means come in seeded blocks, adding 10 then 10 equals drawing 20.
"""

from collections.abc import Mapping
from functools import partial

from matplotlib.figure import Figure

from activities.engine.layout import DESK, Size
from activities.engine.notation import fence, number, signed
from activities.engine.params import Bounds, Choice, Int, ParamError
from activities.kinds.base import SCRIPT, SOUND, SVG, Action, Kind, Preset, Sound, Summary
from activities.kinds.clt import maths, plot, sound, svg
from activities.kinds.clt.maths import SOURCES, Result

num = partial(number, significant=4)  # sample statistics: 4 significant digits

PARAMS = (
    Choice("source", "Population", "uniform", tuple((slug, src.label) for slug, src in SOURCES.items())),
    Int("n", "Sample size n", 10, 1, maths.MAX_N),
    Int("draws", "Total sample means", 0, 0, maths.MAX_DRAWS),
    Int("seed", "Random seed", 1, 0, 2**32 - 1),
)
ADD = {"add-1": 1, "add-10": 10, "add-100": 100, "add-1000": 1000}


SHORT_NAMES = {
    "uniform": "uniform on [0, 1]",
    "exponential": "exponential, λ = 1",
    "bernoulli": "Bernoulli, p = 0.3",
    "bimodal": "bimodal mixture",
    "die": "fair die",
}


def _title(result: Result) -> str:
    return f"Means of n = {result.n} values · {SHORT_NAMES[result.source]}"


def _whole(value: object) -> int | None:
    """A whole number from a clean or a typed value, else None."""
    try:
        number = float(str(value))
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _preset(slug: str, label: str, source: str, n: int, draws: int) -> Preset:
    return Preset(slug, label, {"source": source, "n": n, "draws": draws, "seed": 1})


_OPEN, _CLOSE = fence("("), fence(")")


class CentralLimit(Kind[Result]):
    """The central limit theorem. Means of samples of size n pile up into a normal curve."""

    title = "The central limit theorem"
    capabilities = frozenset({SCRIPT, SOUND, SVG})
    params = PARAMS
    presets = (
        _preset("one-die", "One die (n = 1)", "die", 1, 1000),
        _preset("two-dice", "Two dice (n = 2)", "die", 2, 1000),
        _preset("exponential-30", "Skewed source, n = 30", "exponential", 30, 2000),
        _preset("bimodal-1", "Bimodal, n = 1", "bimodal", 1, 2000),
        _preset("bimodal-20", "Bimodal, n = 20", "bimodal", 20, 2000),
    )
    actions = (
        Action("add-1", "Add 1"),
        Action("add-10", "Add 10"),
        Action("add-100", "Add 100"),
        Action("add-1000", "Add 1000"),
        Action("reset", "Clear the means"),
    )

    def compute(self, params: dict) -> Result:
        return maths.compute(params["source"], params["n"], params["draws"], params["seed"])

    def data(self, params: dict, result: Result) -> dict:
        return {
            "source": result.source,
            "n": result.n,
            "seed": result.seed,
            "total": result.total,
            "mean_of_means": result.mean_of_means,
            "var_of_means": result.var_of_means,
            "theory_mean": result.theory_mean,
            "theory_var": result.theory_var,
            "histogram": {
                "edges": [float(e) for e in result.edges],
                "counts": [int(c) for c in result.counts],
                "below": result.below,
                "above": result.above,
            },
        }

    def summary(self, params: dict, result: Result) -> list[Summary]:
        def empirical(value: float | None) -> str:
            return "—" if value is None else num(value)

        return [
            Summary("Total sample means", f"{result.total:,}"),
            Summary("Mean of the means", f"{empirical(result.mean_of_means)} (theory μ = {num(result.theory_mean)})"),
            Summary(
                "Variance of the means", f"{empirical(result.var_of_means)} (theory σ²/n = {num(result.theory_var)})"
            ),
        ]

    def describe(self, params: dict, result: Result) -> str:
        src = SOURCES[result.source]
        text = (
            f"Histogram of {result.total:,} sample means, each the mean of n = {result.n} values drawn from "
            f"this population: {src.label} (mean {num(src.mean)}, variance {num(src.variance)}). "
            f"Over it is the normal curve N({num(result.theory_mean)}, {num(result.theory_var)}) that the "
            f"central limit theorem predicts, on x from {num(result.edges[0])} to {num(result.edges[-1])}. "
        )
        if result.total == 0:
            return text + "No sample means have been drawn yet, so the histogram is empty."
        text += f"The mean of the means is {num(result.mean_of_means)} (theory {num(result.theory_mean)})"
        if result.var_of_means is not None:
            text += f"; their variance is {num(result.var_of_means)} (theory {num(result.theory_var)})"
        return text + "."

    def formula(self, params: dict) -> str:
        """X̄ₙ ≈ N(μ, σ²/n), in symbols and with this state's numbers."""
        src = SOURCES.get(params.get("source"))
        n = params.get("n")
        if src is None or not isinstance(n, int) or n < 1:
            return ""
        xbar = "<msub><mover><mi>X</mi><mo>‾</mo></mover><mi>n</mi></msub>"
        normal = "<mi>𝒩</mi>"
        symbolic = (
            f"{xbar}<mo>≈</mo>{normal}<mrow>{_OPEN}<mi>μ</mi><mo>,</mo>"
            f"<mfrac><msup><mi>σ</mi><mn>2</mn></msup><mi>n</mi></mfrac>{_CLOSE}</mrow>"
        )
        mean, variance = signed(src.mean, significant=4), signed(src.variance, significant=4)
        per_n = signed(src.variance / n, significant=4)
        numeric = (
            f"<mo>=</mo>{normal}<mrow>{_OPEN}{mean}<mo>,</mo>"
            f"<mfrac>{variance}<mn>{n}</mn></mfrac>{_CLOSE}</mrow>"
            f"<mo>=</mo>{normal}<mrow>{_OPEN}{mean}<mo>,</mo>{per_n}{_CLOSE}</mrow>"
        )
        return f'<math display="block"><mrow>{symbolic}{numeric}</mrow></math>'

    def render(self, params: dict, result: Result, scale: int = 1, size: Size = DESK) -> bytes:
        return plot.render(result, _title(result), scale, size)

    def bounds(self, state: Mapping) -> dict[str, Bounds]:
        """draws × n ≤ 10⁷: each of n and draws is bounded by the other."""
        n, draws = _whole(state.get("n")), _whole(state.get("draws"))
        bounds = {}
        if n is not None and n >= 1:
            bounds["draws"] = Bounds(0, maths.max_draws(min(n, maths.MAX_N)), integer=True)
        if draws is not None and draws >= 1:
            bounds["n"] = Bounds(1, min(maths.MAX_N, maths.MAX_VALUES // draws), integer=True)
        return bounds

    def step(self, params: dict, *, click: tuple[float, float] | None = None, action: str | None = None) -> dict:
        """Add sample means (clamped at the bound for this n) or reset to none; clicks mean nothing."""
        params = dict(params)
        if action in ADD:
            params["draws"] = min(params["draws"] + ADD[action], maths.max_draws(params["n"]))
        elif action == "reset":
            params["draws"] = 0
        elif action is not None:
            raise ParamError(f"Unknown action “{str(action)[:40]}”.")
        return params

    def sound(self, params: dict, result: Result) -> Sound:
        return sound.clt(result)

    def figure(self, params: dict, result: Result) -> Figure:
        return svg.histogram(result, _title(result))

    # The numbers table and CSV (activities.tabular): headings for data.json's keys, tables grouped.
    number_tables = (("histogram.edges", "histogram.counts"),)
    number_labels = {
        "source": "Population",
        "n": "Sample size n",
        "seed": "Seed",
        "total": "Sample means drawn",
        "mean_of_means": "Mean of the means",
        "var_of_means": "Variance of the means",
        "theory_mean": "Theory: μ",
        "theory_var": "Theory: σ²/n",
        "histogram.below": "Means below the first bin",
        "histogram.above": "Means above the last bin",
        "table histogram.edges": "Histogram of the sample means, one row per bin",
        "histogram.edges.left": "bin from",
        "histogram.edges.right": "bin to",
        "histogram.counts": "sample means in the bin",
    }


KIND = CentralLimit()
