"""A bounded cost for every valid state: computed once, cached under its canonical query, URLs that fit.

Timing lives in ``bench/worst.py``; these tests count work and check sizes.
"""

import math
import os
import urllib.request
from pathlib import Path

import pytest

from activities.engine import params as P
from activities.kinds import REGISTRY
from activities.kinds.linear_classifier import kind as lc
from activities.web.panel import Panel
from activities.web.state import Place

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HTMX = {"HTTP_HX_REQUEST": "true"}
# The agreed bound on any URL an activity produces; gunicorn.conf.py and nginx accept more.
MAX_URL = 6000


@pytest.mark.parametrize(
    "slug, query",
    [
        ("clt", "source=bimodal&n=100&draws=100000&seed=1"),
        ("gradient-descent", "loss=rosenbrock&optimizer=adam&lr=0.05&steps=500"),
        ("gradient-field", "field=himmelblau&x=0.01&y=0.01"),
        ("linear-classifier", ""),
        ("distributions", "dist=binomial&p1=200&p2=0.5"),
        ("matrix-transform", "a=2&b=1&c=1&d=2"),
    ],
)
def test_a_state_is_computed_once_for_page_fragment_data_and_png(client, catalogue, counted, slug, query):
    calls = counted(slug)
    base = f"/activities/{slug}/"
    for _ in range(2):  # the second round is served entirely from the plots cache
        page = client.get(f"{base}?{query}")
        fragment = client.get(f"{base}?{query}", **HTMX)
        data = client.get(f"{base}data.json?{query}")
        png = client.get(f"{base}plot.png?{query}")
        png2 = client.get(f"{base}plot.png?{query}&scale=2")
        assert [r.status_code for r in (page, fragment, data, png, png2)] == [200] * 5
    assert calls == {"compute": 1, "render": 2, "step": 0}  # one result; one PNG per scale


@pytest.mark.parametrize("action", ["fit-perceptron", "fit-logistic"])
def test_a_repeated_action_is_done_once(client, catalogue, counted, action):
    calls = counted("linear-classifier")
    state = "/activities/linear-classifier/?points=1,1,blue;-1,-1,red;2,0.5,blue;-2,0.4,red&w1=0&w2=1&b=3"
    answers = [client.get(f"{state}&do={action}", **HTMX) for _ in range(3)]
    assert {a.status_code for a in answers} == {200}
    assert len({a["HX-Push-Url"] for a in answers}) == 1 and "w1=0&" not in answers[0]["HX-Push-Url"]
    assert calls["step"] == 1 and calls["compute"] == 1  # the fitted state is computed once too


def test_a_state_spelled_differently_is_the_same_cached_result(client, catalogue, counted):
    calls = counted("clt")
    client.get("/activities/clt/data.json?source=die&n=5&draws=300")
    client.get("/activities/clt/data.json?draws=300.0&n=5&source=die&seed=1&unknown=x")
    assert calls["compute"] == 1


def test_bad_states_are_refused_and_never_cached(client, catalogue, counted):
    calls = counted("clt")
    for _ in range(2):
        response = client.get("/activities/clt/data.json?n=1000&draws=10001")
        assert response.status_code == 400 and "10,000,000" in response.json()["error"]
    assert calls["compute"] == 2  # a refused state is checked again, not served from a cache


def _longest_number(spec) -> float:
    """A value within the spec's bounds whose canonical text is as long as any (6 significant digits)."""
    candidates = [-1.23457e-05, -0.000123457, spec.min + 0.123457, spec.max - 0.123457]
    valid = [v for v in candidates if spec.min <= v <= spec.max]
    return max(valid, key=lambda v: len(spec.encode(float(P.format_number(v)))))


def _longest_coordinate(low: float) -> float:
    """A click's coordinate (two decimals) near the window's negative edge, with the longest text."""
    first = math.ceil(low * 100 - 1e-9) / 100
    candidates = [round(first + k / 100, 2) for k in range(3)]
    return max((c for c in candidates if c >= low), key=lambda c: len(P.format_number(c)))


def longest_classifier_state() -> dict:
    """The classifier state with the longest URL: the most points, each with the longest coordinates."""
    xmin, _, ymin, _ = lc.LIMITS
    x, y = _longest_coordinate(xmin), _longest_coordinate(ymin)
    assert len(P.format_number(x)) == len(P.format_number(y)) == 5  # such as "-6.74" and "-4.99"
    points = tuple((x, y, "blue") for _ in range(lc.MAX_POINTS))
    weights = {name: _longest_number(spec) for spec in lc.PARAMS if (name := spec.name) in {"w1", "w2", "b"}}
    return P.parse(lc.KIND.params, {"points": lc.encode_points(points), **weights, "colour": "blue"})


def longest_classifier_urls() -> list[str]:
    """Every kind of URL the classifier's panel produces for its longest state, the longest variant of each."""
    kind = REGISTRY["linear-classifier"]
    values = longest_classifier_state()
    panel = Panel.build(kind, values=values, place=Place(course="a" * 40, level=5))
    # What the embedded panel's form sends: the state, its place, then a click or an action button.
    form = f"{panel.urls.base}?{panel.query}&embed={'a' * 40}&level=5"
    click = f"{form}&click.x=300&click.y=200"  # an <input type="image"> adds click.x and click.y
    action = f"{form}&do=fit-perceptron"
    return [panel.urls.permalink, panel.urls.plot_2x, panel.urls.data, click, action]


def test_the_longest_classifier_url_fits_the_agreed_bound(client, catalogue):
    urls = longest_classifier_urls()
    assert len(longest_classifier_state()["points"]) == lc.MAX_POINTS
    longest = max(urls, key=len)
    assert 4000 < len(longest) <= MAX_URL  # it is the 200-point state, and it fits
    for url in urls:
        headers = HTMX if "click.x" in url or "do=" in url else {}
        response = client.get(url, **headers)
        # The full state is refused a 201st point (a click), and is otherwise answered.
        if "click.x" in url:
            assert response.status_code == 400 and "At most 200 points" in response.content.decode()
        else:
            assert response.status_code == 200, url


def test_gunicorn_accepts_the_longest_url():
    """The production server (gunicorn.conf.py) answers the longest plot URL instead of a bare 414."""
    from bench.serve import free_port, production_env, start_gunicorn, stop_gunicorn

    if not (ROOT / ".venv" / "bin" / "gunicorn").exists():
        pytest.skip("gunicorn is not installed in .venv")
    url = max((u for u in longest_classifier_urls() if "plot.png" in u), key=len)
    port = int(os.environ.get("DMATH_TEST_PORT") or free_port())
    server = start_gunicorn(production_env(port, WEB_CONCURRENCY="1", GUNICORN_WARM_FIGURES="0"))
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=30) as response:
            assert response.status == 200
            assert response.read(8) == b"\x89PNG\r\n\x1a\n"
    finally:
        stop_gunicorn(server)


def test_a_cached_panel_shows_an_edited_activity_text_at_once(client, catalogue):
    from activities.models import Activity

    url = "/activities/clt/?source=die&n=2&draws=10"
    first = client.get(url, **HTMX).content.decode()
    Activity.objects.filter(slug="clt").update(title="Means, piled up")
    again = client.get(url, **HTMX).content.decode()
    assert "Means, piled up" in again and "Means, piled up" not in first
