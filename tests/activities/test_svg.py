"""The figure as SVG: ``plot.svg`` is XML with an ``<svg>`` root, its text is text, and it says what the PNG says."""

import math
import re
import xml.etree.ElementTree as ET
from html import unescape as html_unescape
from urllib.parse import urlsplit

import pytest

from activities.engine import params as param_specs
from activities.engine.notation import number
from activities.kinds import REGISTRY
from activities.web.state import canonical_query

from .conftest import SLUGS

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
# A click or a button on the page, whose redirect names the state it leads to.
MOVES = {
    "matrix-transform": {"a": "0", "b": "-1", "c": "1", "d": "0"},
    "gradient-field": {"click.x": 200, "click.y": 150},
    "gradient-descent": {"loss": "himmelblau", "click.x": 300, "click.y": 200},
    "linear-classifier": {"do": "fit-perceptron"},
    "distributions": {"dist": "binomial", "p1": "12", "p2": "0.4", "view": "cdf"},
    "clt": {"source": "die", "n": "3", "do": "add-100"},
}


def _states(slug: str) -> list[str]:
    kind = REGISTRY[slug]
    defaults = param_specs.parse(kind.params, {})
    return [canonical_query(kind, {**defaults, **preset.values}) for preset in kind.presets] + [
        canonical_query(kind, defaults)
    ]


def _texts(root: ET.Element) -> list[str]:
    """Every line of text drawn in the figure (outside its title and description)."""
    return ["".join(node.itertext()).strip() for node in root.iter(f"{SVG}text")]


def _value(text: str) -> float:
    return float(text.replace("\u2212", "-").replace(",", ""))


def _expect(slug: str, query: str, data: dict, texts: list[str], root: ET.Element) -> None:
    """The numbers and words the PNG shows for this state, found in the SVG's text."""
    joined = "\n".join(texts)
    numbers = [t for t in texts if re.fullmatch(r"[\u2212-]?\d+(\.\d+)?", t)]
    if slug != "gradient-field":
        assert len(numbers) >= 5, "tick labels, as text"
    if slug == "matrix-transform":
        (a, b), (c, d) = data["matrix"]
        det = next(t for t in texts if t.startswith("det A = "))
        assert _value(det.removeprefix("det A = ").split(":")[0]) == pytest.approx(a * d - b * c, abs=5e-3, rel=5e-3)
    elif slug == "gradient-field":
        assert data["formula"] in texts and "arrows: \u2207f, uphill" in texts
        if data["particle"]:
            assert f"{data['particle']['steps']} steps, {data['particle']['reason']}" in joined
    elif slug == "gradient-descent":
        assert any(t.endswith(f"over {data['steps_taken']} steps") for t in texts)  # the loss inset
        eta = re.search(r"lr=([^&]+)", query).group(1)
        assert any("\u03b7 = " in t and math.isclose(_value(t.split("= ")[1]), float(eta)) for t in texts)
        word = "diverged" if data["diverged"] else "converged" if data["converged"] else "not yet converged"
        assert word in joined
    elif slug == "linear-classifier":
        assert "misclassified (red ring)" in texts
        points = data["counts"]["red"] + data["counts"]["blue"]
        assert len(list(root.iter(f"{SVG}use"))) >= points  # a marker for every point
    elif slug == "distributions":
        label = dict(REGISTRY[slug].params[0].choices)[re.search(r"dist=([^&]+)", query).group(1)]
        assert any(t.startswith(f"{label} distribution (") for t in texts)
        if data["mean"] is not None:
            assert f"mean {number(data['mean'], significant=3)}" in texts
    elif slug == "clt":
        assert f"Total sample means: {data['total']:,}" in texts
        if data["total"]:
            assert any(t.startswith(f"mean {number(data['mean_of_means'], significant=4)}") for t in texts)


def _check(client, slug: str, query: str) -> ET.Element:
    response = client.get(f"/activities/{slug}/plot.svg?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.get("id") == root.get("aria-labelledby")
    assert title.text == REGISTRY[slug].title
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.get("id") == root.get("aria-describedby") and len(desc.text) > 40
    # No CSS at all: the site's CSP (style-src 'self') would drop inline styles where the file is opened.
    assert root.find(f".//{SVG}style") is None
    assert not any(node.get("style") for node in root.iter())
    texts = _texts(root)
    assert texts, "the text is text (svg.fonttype none), not paths"
    _expect(slug, query, client.get(f"/activities/{slug}/data.json?{query}").json(), texts, root)
    return root


@pytest.mark.parametrize(("slug", "query"), [(slug, query) for slug in SLUGS for query in _states(slug)])
def test_every_state_draws_as_svg_with_its_numbers_as_text(client, slug, query):
    _check(client, slug, query)


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("slug", SLUGS)
def test_a_clicked_or_fitted_state_draws_as_svg(client, slug):
    response = client.get(f"/activities/{slug}/", MOVES[slug])
    query = urlsplit(response["Location"]).query if response.status_code == 302 else ""
    if not query:  # a plain change of state is its own URL
        assert response.status_code == 200
        query = canonical_query(REGISTRY[slug], param_specs.parse(REGISTRY[slug].params, MOVES[slug]))
    assert query != _states(slug)[-1], "the move changed the state"
    _check(client, slug, query)


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("slug", SLUGS)
def test_the_page_links_its_figure_as_svg_described_as_the_png_is(client, slug):
    html = client.get(f"/activities/{slug}/").content.decode()
    link = re.search(r'<a href="([^"]+)"[^>]*>Figure as SVG</a>', html)
    assert link is not None
    href = link.group(1).replace("&amp;", "&")
    assert href == f"/activities/{slug}/plot.svg?{_states(slug)[-1]}"
    alt = re.search(r'<img class="activity__plot"[^>]*alt="([^"]*)"', html).group(1)
    root = ET.fromstring(client.get(href).content)
    assert root.find(f"{SVG}desc").text == html_unescape(alt)


def test_the_svg_is_the_same_bytes_again(client):
    """Kept like the PNG: tests/activities/test_files.py (test_a_file_is_cached_like_the_png)."""
    url = "/activities/matrix-transform/plot.svg?a=2&b=1&c=0&d=1"
    first = client.get(url)
    assert client.get(url).content == first.content


def test_no_such_activity_has_no_svg(client):
    assert client.get("/activities/no-such-thing/plot.svg").status_code == 404
