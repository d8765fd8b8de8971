"""A refused embed request (a bad value beside a locked one) keeps the locked values on screen."""

import html as html_lib
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from .helpers import HTMX, MATRIX, embed_code, local

pytestmark = pytest.mark.django_db

CLASSIFIER = "/activities/linear-classifier/"
POINTS = "1,1,blue;-2,-1,red;2,-2,blue"


def shown_states(html: str, path: str) -> list[dict[str, list[str]]]:
    """The state of the figure and of every link back into the embed, as parsed queries."""
    html = html_lib.unescape(html)
    figure = re.search(r'<img class="activity__plot" src="([^"]+)"', html)[1]
    links = re.findall(rf'href="({re.escape(path)}embed/\?[^"]+)"', html)
    assert links  # presets, Reset, motion links
    return [parse_qs(urlsplit(url).query) for url in (figure, *links)]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_refused_embed_shows_the_locked_value(client, catalogue, headers):
    src = local(embed_code(client, "a=7&lock=a"))
    assert "a=7" in src

    response = client.get(src + "&b=zzz", **headers)

    assert response.status_code == 400
    html = response.content.decode()
    assert "must be a number" in html
    assert all(state["a"] == ["7"] for state in shown_states(html, MATRIX))


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_refused_classifier_embed_keeps_its_locked_points(client, catalogue, headers):
    src = local(embed_code(client, f"points={POINTS}&lock=points", CLASSIFIER))

    response = client.get(src + "&w1=zzz", **headers)

    assert response.status_code == 400
    html = response.content.decode()
    for state in shown_states(html, CLASSIFIER):
        assert state["points"] == ["1,1,blue;-2,-1,red;2,-2,blue"]
