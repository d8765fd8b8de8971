"""Every number input carries the server's own bounds and steps in its state (issue 11, point 8).

For each kind, in its default state and in each preset, each visible number field's rendered min and
max are accepted, a little beyond them is refused, and its step is "1" exactly where the server
refuses a half.
"""

import math
from urllib.parse import urlencode

import pytest

from activities.kinds import REGISTRY

from .panel_html import Panel

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def states(slug: str) -> list[dict]:
    """The kind's default state and each of its presets."""
    return [{}] + [dict(preset.values) for preset in REGISTRY[slug].presets]


def text(value: float) -> str:
    return f"{value:.12g}"


def status(client, slug: str, form: dict, name: str, value: str) -> int:
    return client.get(f"/activities/{slug}/?{urlencode({**form, name: value})}", **HTMX).status_code


def panel_for(client, slug: str, state: dict) -> Panel:
    kind = REGISTRY[slug]
    query = urlencode({spec.name: _encoded(spec, state[spec.name]) for spec in kind.params if spec.name in state})
    response = client.get(f"/activities/{slug}/?{query}", **HTMX)
    assert response.status_code == 200
    return Panel(response.content.decode())


def _encoded(spec, value):
    text = spec.encode(value)
    return "" if text is None else text


def number_fields(panel: Panel) -> list[dict]:
    return [c for c in panel.controls.values() if c.get("type") == "number"]


def checkable(panel: Panel, control: dict) -> bool:
    """A field of a pair is checked only when its partner is filled (half a pair is refused for that)."""
    pair = control.get("data-pair")
    return not pair or all(c["shown"] for c in panel.controls.values() if c.get("data-pair") == pair)


CASES = [(slug, index) for slug in REGISTRY for index in range(len(states(slug)))]


@pytest.mark.parametrize("slug, index", CASES)
def test_every_number_field_carries_what_the_server_accepts(client, catalogue, slug, index):
    panel = panel_for(client, slug, states(slug)[index])
    form = {name: c["shown"] for name, c in panel.controls.items() if name != "good"}
    checked = 0
    for control in number_fields(panel):
        if not checkable(panel, control):
            continue
        name, low, high = control["name"], float(control["min"]), float(control["max"])
        assert status(client, slug, form, name, control["min"]) == 200, (name, control["min"])
        assert status(client, slug, form, name, control["max"]) == 200, (name, control["max"])
        assert status(client, slug, form, name, text(low - 0.01 * max(1, abs(low)))) == 400, (name, "below")
        assert status(client, slug, form, name, text(high + 0.01 * max(1, abs(high)))) == 400, (name, "above")
        whole = control["step"] == "1"
        assert control["inputmode"] == ("numeric" if whole else "decimal")
        if whole:
            assert status(client, slug, form, name, text(low + 0.5)) == 400, (name, "a half")
        else:
            assert control["step"] == "any"  # the server keeps any real number (to 6 significant digits)
            assert status(client, slug, form, name, text(low + (high - low) / 3)) == 200, (name, "a third")
        checked += 1
    assert checked > 0 or all(c.get("data-pair") for c in number_fields(panel))  # a field with no particle


def test_sigma_is_bounded_by_100_and_binomial_n_is_whole(client, catalogue):
    normal = panel_for(client, "distributions", {"dist": "normal"})
    binomial = panel_for(client, "distributions", {"dist": "binomial", "p1": 10.0, "p2": 0.5})

    assert (normal.controls["p2"]["min"], normal.controls["p2"]["max"]) == ("0.01", "100")
    assert (binomial.controls["p1"]["min"], binomial.controls["p1"]["max"]) == ("1", "200")
    assert binomial.controls["p1"]["step"] == "1" and binomial.controls["p1"]["inputmode"] == "numeric"


def test_the_learning_rate_slider_is_logarithmic(client, catalogue):
    panel = panel_for(client, "gradient-descent", {"lr": 0.05})
    number = panel.controls["lr"]
    slider = panel.by_id[number["id"] + "-slider"]

    assert "data-slider-log" in slider
    assert float(slider["min"]) == pytest.approx(math.log10(float(number["min"])), abs=1e-6)
    assert float(slider["max"]) == pytest.approx(math.log10(float(number["max"])), abs=1e-6)
    assert float(slider["value"]) == pytest.approx(math.log10(0.05), abs=1e-5)
    assert number["value"] == "0.05"


def test_a_refused_state_bounds_follow_what_was_typed(client, catalogue):
    """Typed n = 1000 beside draws = 50,000 (refused): draws is then bounded by 10⁷ / 1000."""
    response = client.get("/activities/clt/", {"n": "1000", "draws": "50000"}, **HTMX)
    panel = Panel(response.content.decode())

    assert response.status_code == 400
    assert panel.controls["draws"]["max"] == "10000"
    assert panel.controls["n"]["max"] == "200"
