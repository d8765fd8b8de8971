"""The linear classifier: predictions, the points parser, the fits and the rendering."""

import io
import json

import numpy as np
import pytest
from PIL import Image
from scipy import optimize

from activities.engine import params as P
from activities.engine.params import ParamError
from activities.kinds.linear_classifier import kind as lc
from activities.kinds.linear_classifier import maths as classifier

KIND = lc.KIND


def state(**values) -> dict:
    return P.parse(KIND.params, values)


def test_predictions_and_accuracy_by_hand() -> None:
    # Line x + y = 0: blue where x + y > 0, red where < 0; (1, -1) lies exactly on it.
    points = [(1, 1, "blue"), (2, 0.5, "blue"), (-1, -1, "red"), (-2, 0.3, "red"), (1, -1, "red"), (-3, 1, "blue")]
    result = classifier.evaluate(points, 1, 1, 0)
    assert result.predicted == ("blue", "blue", "red", "red", None, "red")
    assert result.misclassified == (4, 5)
    assert result.accuracy == pytest.approx(4 / 6)
    np.testing.assert_allclose(result.scores, [2, 2.5, -2, -1.7, 0, -2])


def test_point_on_the_line_counts_as_misclassified_for_both_labels() -> None:
    for label in ("red", "blue"):
        assert classifier.evaluate([(2, 3, label)], 3, -2, 0).misclassified == (0,)


def test_no_points_gives_null_accuracy() -> None:
    params = state(points="none")
    result = KIND.compute(params)
    data = KIND.data(params, result)
    assert data["accuracy"] is None
    assert data["counts"] == {"red": 0, "blue": 0, "misclassified": 0}


def test_data_fields_and_json() -> None:
    params = state(points="0.5,1.2,blue;-1,-0.3,red;2,-3,blue", w1=0, w2=1, b=0)
    data = KIND.data(params, KIND.compute(params))
    json.dumps(data, allow_nan=False)
    assert data["accuracy"] == pytest.approx(2 / 3)
    assert data["misclassified"] == [2]
    assert data["counts"] == {"red": 1, "blue": 2, "misclassified": 1}
    assert data["weights"] == {"w1": 0.0, "w2": 1.0, "b": 0.0}


def test_points_round_trip_and_default() -> None:
    params = state(points="0.5,1.2,blue; -1,-0.333,RED;")
    assert params["points"] == ((0.5, 1.2, "blue"), (-1.0, -0.33, "red"))
    assert P.encode(KIND.params, params).startswith("points=0.5%2C1.2%2Cblue%3B-1%2C-0.33%2Cred")
    assert state()["points"] == lc.parse_points(lc.SEPARABLE)
    assert state(points="none")["points"] == ()
    assert KIND.params[0].encode(()) == "none"


@pytest.mark.parametrize(
    "raw",
    [
        "1,2",
        "1,2,blue,4",
        "a,2,blue",
        "1,,blue",
        "1,2,green",
        "nan,1,blue",
        "1,inf,red",
        "-inf,1,red",
        "1,2,blue;;3,4,red",
        "9,0,blue",
        "0,5.5,red",
        "1" * 5000,
    ],
)
def test_malformed_points_raise_param_error(raw: str) -> None:
    with pytest.raises(ParamError):
        state(points=raw)


def test_too_many_points() -> None:
    raw = ";".join("1,1,blue" for _ in range(201))
    with pytest.raises(ParamError, match="200"):
        state(points=raw)
    assert len(state(points=";".join("1,1,blue" for _ in range(200)))["points"]) == 200


def test_click_adds_a_rounded_point_of_the_chosen_colour() -> None:
    params = state(points="none", colour="red")
    params = KIND.step(params, click=(1.23456, -2.98765))
    assert params["points"] == ((1.23, -2.99, "red"),)
    with pytest.raises(ParamError):
        KIND.step(params, click=(20.0, 0.0))
    full = state(points=";".join("1,1,blue" for _ in range(200)))
    with pytest.raises(ParamError, match="200"):
        KIND.step(full, click=(0.0, 0.0))


def test_clear_and_unknown_action() -> None:
    assert KIND.step(state(), action="clear")["points"] == ()
    with pytest.raises(ParamError):
        KIND.step(state(), action="explode")
    with pytest.raises(ParamError):
        KIND.step(state(points="none"), action="fit-perceptron")


@pytest.mark.parametrize("action", ["fit-perceptron", "fit-logistic"])
def test_fits_separate_the_separable_preset(action: str) -> None:
    params = KIND.step(state(), action=action)
    assert all(-10 <= params[name] <= 10 for name in ("w1", "w2", "b"))
    assert KIND.compute(params).accuracy == 1.0


def test_logistic_fit_minimises_the_penalised_loss() -> None:
    # Compare with SciPy's BFGS on the same objective: mean of log(1 + e^(−y·s)) plus the L2 term.
    points = lc.parse_points(lc.NOISY)
    xy = np.array([(x, y) for x, y, _ in points])
    target = np.array([1.0 if label == "blue" else -1.0 for *_, label in points])
    design = np.column_stack([xy, np.ones(len(xy))])

    def loss(w: np.ndarray) -> float:
        return float(np.logaddexp(0, -target * (design @ w)).sum() + 0.5 * classifier.LOGISTIC_PENALTY * w @ w)

    reference = optimize.minimize(loss, np.zeros(3), method="BFGS", options={"gtol": 1e-10}).x
    np.testing.assert_allclose(classifier.logistic(points), reference, atol=1e-4)


def test_perceptron_is_bounded_on_xor() -> None:
    params = KIND.step(state(points=lc.XOR), action="fit-perceptron")
    accuracy = KIND.compute(params).accuracy
    assert accuracy is not None and accuracy < 1.0  # no line separates XOR


def test_presets_are_complete_and_valid() -> None:
    assert {p.slug for p in KIND.presets} == {"separable", "noisy", "xor"}
    for preset in KIND.presets:
        assert set(preset.values) == {spec.name for spec in KIND.params}
        assert P.parse(KIND.params, preset.values)["points"] == preset.values["points"]


@pytest.mark.parametrize("scale, size", [(1, (560, 420)), (2, (1120, 840))])
def test_render_png_size(scale: int, size: tuple[int, int]) -> None:
    params = state(points=lc.NOISY, w1=0.5, w2=-1, b=0.3)
    image = Image.open(io.BytesIO(KIND.render(params, KIND.compute(params), scale)))
    assert image.format == "PNG" and image.size == size


def test_render_degenerate_line() -> None:
    for b in (-1.0, 0.0, 1.0):
        params = state(w1=0, w2=0, b=b)
        assert KIND.render(params, KIND.compute(params), 1).startswith(b"\x89PNG")


def test_describe_and_formula_state_the_numbers() -> None:
    params = state(points="1,1,blue;-1,-1,red;2,-3,blue", w1=0.5, w2=-1.5, b=2)
    text = KIND.describe(params, KIND.compute(params))
    assert "0.5x − 1.5y + 2 = 0" in text and "3 points" in text and "67%" in text
    formula = KIND.formula(params)
    assert formula.startswith('<math display="block">') and "<mn>1.5</mn>" in formula
    assert KIND.limits(params) == lc.LIMITS
