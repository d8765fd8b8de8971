"""Every format of a state (its page, PNG, SVG, WAV, CSV, data.json, script) accepts and refuses the same states.

A state the kind's own checks refuse (a CLT run of too many values, a descent starting outside its
loss's window) is a 400 with the same readable message in every format: a script that cannot run
must not be offered as a download either.
"""

import html as html_lib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.htmltext import page_text

pytestmark = pytest.mark.django_db

FORMATS = ("", "plot.png", "plot.svg", "audio.wav", "data.csv", "data.json", "script.py")
REFUSED = [
    (
        "clt",
        "source=die&n=1000&draws=100000",
        "Too many values: draws × n must be at most 10,000,000; with n = 1000 that is at most 10,000 sample means.",
    ),
    (
        "gradient-descent",
        "loss=bowl&x=3.5&y=3",
        "The start must lie inside the window: x from −2.7 to 2.7, y from −2 to 2.",
    ),
]


def message(response, form: str) -> str:
    """The readable refusal as the visitor sees it: plain text, JSON's error, or the page's text."""
    body = response.content.decode()
    if form == "data.json":
        return json.loads(body)["error"]
    if form == "":
        return page_text(html_lib.unescape(body))
    assert response["Content-Type"].startswith("text/plain")
    return body


@pytest.mark.parametrize("form", FORMATS)
@pytest.mark.parametrize(("slug", "query", "expected"), REFUSED, ids=["clt-too-many", "descent-outside"])
def test_every_format_refuses_the_same_state_with_the_same_words(client, catalogue, slug, query, expected, form):
    response = client.get(f"/activities/{slug}/{form}?{query}")

    assert response.status_code == 400
    assert expected in message(response, form)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    x=st.sampled_from(["-3", "-2.7", "0", "1.5", "2.7", "2.71", "4"]),
    y=st.sampled_from(["-2.5", "-2", "0", "2", "2.01"]),
)
def test_the_script_and_the_numbers_agree_on_every_start(client, catalogue, x, y):
    """Any start: the script is offered exactly when the numbers are."""
    query = f"loss=bowl&x={x}&y={y}&steps=5"
    statuses = {form: client.get(f"/activities/gradient-descent/{form}?{query}").status_code for form in FORMATS[4:]}
    assert len(set(statuses.values())) == 1, statuses
