"""A refused request loses nothing: the last good figure, numbers, presets and Reset stay, the typed values stay,
and the field at fault says what is wrong (issue 11, point 1)."""

from urllib.parse import urlencode

import pytest

from activities.models import CourseActivity

from .panel_html import Panel

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}

# (slug, a good state, what the student then sends, the field at fault, words of its message)
REFUSALS = [
    ("matrix-transform", {"a": "2", "b": "0.5", "c": "-0.3", "d": "1"}, {"a": "50"}, "a", "between -10 and 10"),
    ("distributions", {"dist": "normal", "p1": "2", "p2": "3"}, {"p2": "-1"}, "p2", "σ must be positive"),
    (
        "distributions",
        {"dist": "binomial", "p1": "10", "p2": "0.5"},
        {"p1": "1000"},
        "p1",
        "n must be a whole number between 1 and 200",
    ),
    ("gradient-descent", {"loss": "elongated", "lr": "0.05", "steps": "20"}, {"steps": "2.5"}, "steps", "whole"),
    ("gradient-descent", {"loss": "bowl", "x": "1", "y": "1"}, {"x": "6.5"}, "x", "inside the window"),
    ("gradient-field", {"field": "saddle", "x": "1", "y": "0.5"}, {"x": "9"}, "x", "between"),
    ("gradient-field", {"field": "bowl", "x": "1", "y": "0.5"}, {"x": "", "y": "2"}, "x", "both x and y"),
    ("linear-classifier", {"points": "1,1,blue;-1,-1,red", "w1": "2"}, {"w2": "eleven"}, "w2", "must be a number"),
    ("clt", {"source": "die", "n": "5", "draws": "100"}, {"n": "0"}, "n", "between 1 and 1000"),
    ("clt", {"source": "die", "n": "5", "draws": "100"}, {"n": "1000", "draws": "50000"}, "draws", "at most 10,000"),
]


def shown(client, slug: str, state: dict) -> Panel:
    """The panel for a good state, as its fragment (what the student sees before typing)."""
    response = client.get(f"/activities/{slug}/?{urlencode(state)}", **HTMX)
    assert response.status_code == 200
    return Panel(response.content.decode())


def submitted(panel: Panel, changes: dict) -> dict:
    """What the form sends after the student changed some fields: every control's value, hidden ones too."""
    data = {name: control["shown"] for name, control in panel.controls.items()}
    return {**data, **changes}


@pytest.mark.parametrize("slug, state, changes, field, message", REFUSALS)
@pytest.mark.parametrize("fragment", [True, False], ids=["htmx", "no-js"])
def test_a_refusal_keeps_the_last_good_state_and_what_was_typed(
    client, catalogue, slug, state, changes, field, message, fragment
):
    before = shown(client, slug, state)
    headers = HTMX if fragment else {}

    response = client.get(f"/activities/{slug}/?{urlencode(submitted(before, changes))}", **headers)

    assert response.status_code == 400
    after = Panel(response.content.decode())
    assert after.plot_src == before.plot_src  # the last good figure
    for name, value in changes.items():
        assert after.controls[name]["shown"] == value  # typed values stay, selects too
    for name, control in before.controls.items():
        if name not in changes and name != "good":
            assert after.controls[name]["shown"] == control["shown"]
    control = after.controls[field]
    assert control.get("aria-invalid") == "true"
    error_id = control["id"] + "-error"
    assert error_id in control["aria-describedby"].split()
    assert message in after.text_of(error_id)
    assert message in after.text_of(after.id + "-error-summary")
    assert f'<a href="#{control["id"]}">' in response.content.decode()  # the summary links to the field
    # Reset, the presets and the numbers of the last good state are still there.
    assert after.element("-reset")["href"] == before.element("-reset")["href"]
    assert after.element("-preset-1")["href"] == before.element("-preset-1")["href"]
    assert before.numbers == after.numbers != []
    if not fragment:
        assert response.content.decode().count("<title>Error: ") == 1


def test_the_live_region_announces_the_refusal(client, catalogue):
    before = shown(client, "matrix-transform", {"a": "2"})
    response = client.get(f"/activities/matrix-transform/?{urlencode(submitted(before, {'a': '50'}))}", **HTMX)
    html = response.content.decode()
    status = html[html.index("data-activity-status") :]
    assert "a (top left) must be between -10 and 10" in status[: status.index("</p>")]


def test_a_refused_action_keeps_the_state_it_was_pressed_in(client, catalogue):
    """ "Fit" with no points: the state itself is good, so its own figure stays, and the points are at fault."""
    before = shown(client, "linear-classifier", {"points": "none", "w1": "1", "w2": "-2", "b": "0.5"})
    data = {**submitted(before, {}), "do": "fit-perceptron"}

    response = client.get(f"/activities/linear-classifier/?{urlencode(data)}", **HTMX)

    assert response.status_code == 400
    after = Panel(response.content.decode())
    assert after.plot_src == before.plot_src
    assert "w2=-2" in after.plot_src
    assert after.controls["points"]["aria-invalid"] == "true"
    assert "Add some points" in after.text_of(after.controls["points"]["id"] + "-error")


def test_a_distribution_refusal_keeps_the_chosen_distribution_and_its_labels(client, catalogue):
    before = shown(client, "distributions", {"dist": "binomial", "p1": "10", "p2": "0.5"})
    response = client.get(f"/activities/distributions/?{urlencode(submitted(before, {'p1': '1000'}))}", **HTMX)
    after = Panel(response.content.decode())

    assert after.controls["dist"]["shown"] == "binomial"  # never back to "Normal"
    assert after.controls["was"]["shown"] == "binomial"
    assert "n (trials)" in response.content.decode()
    assert after.controls["p2"]["shown"] == "0.5"


@pytest.mark.parametrize("good", ["", "a=banana", "a=999", "x" * 5000])
def test_a_missing_or_malformed_good_state_falls_back_to_reset(client, catalogue, good):
    response = client.get("/activities/matrix-transform/", {"a": "50", "good": good}, **HTMX)
    after = Panel(response.content.decode())

    assert response.status_code == 400
    reset = after.element("-reset")["href"]
    assert after.plot_src == reset.replace("/matrix-transform/?", "/matrix-transform/plot.png?")
    assert after.controls["a"]["shown"] == "50"


def test_good_never_reaches_the_address(client, catalogue):
    """Without JavaScript a good submission redirects to the canonical state, without ``good``."""
    response = client.get("/activities/matrix-transform/", {"a": "2", "b": "0.5", "good": "a=1&b=0.5"})
    assert response.status_code == 302
    assert response["Location"] == "/activities/matrix-transform/?a=2&b=0.5&c=-0.3&d=1"

    fragment = client.get("/activities/matrix-transform/", {"a": "2", "good": "a=1"}, **HTMX)
    assert "good" not in fragment["HX-Push-Url"]


def test_an_embedded_refusal_keeps_its_place_and_is_not_cached(client, catalogue):
    query = {"a": "50", "good": "a=3&b=0&c=0&d=1", "embed": "mlm-504", "level": "3"}
    first = client.get("/activities/matrix-transform/", query, **HTMX)
    second = client.get("/activities/matrix-transform/", {**query, "a": "60"}, **HTMX)

    assert first.status_code == second.status_code == 400
    assert first.content.decode().lstrip().startswith('<section class="activity activity--error"')
    assert Panel(first.content.decode()).plot_src == "/activities/matrix-transform/plot.png?a=3&b=0&c=0&d=1"
    assert Panel(second.content.decode()).controls["a"]["shown"] == "60"


def test_a_course_embedding_with_bad_starting_parameters_still_shows_a_figure(client, catalogue):
    CourseActivity.objects.filter(course__slug="mlm-504", activity__slug="matrix-transform").update(params={"a": 50})
    html = client.get("/courses/mlm-504/").content.decode()
    start = html.index('id="activity-mlm-504-matrix-transform"')
    panel = Panel(html[html.rindex("<section", 0, start) : html.index("</section>", start)])

    assert "between -10 and 10" in panel.text_of(panel.id + "-error-summary")
    assert panel.plot_src.startswith("/activities/matrix-transform/plot.png?")
    assert panel.controls["a"]["shown"] == "50"
