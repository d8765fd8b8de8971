"""The one view of a state's files: every format refuses a bad state alike, and a file the kind lacks says so."""

import pytest

# (file, slug, query, words of the message a visitor reads): every format refuses as every other does.
BAD_STATES = [
    ("audio.wav", "distributions", "dist=normal&p2=-1", "positive"),
    ("audio.wav", "distributions", "p1=abc", "must be a number"),
    ("audio.wav", "gradient-descent", "steps=2.5", "whole number"),
    ("audio.wav", "clt", "n=100000", "between"),
    ("plot.svg", "matrix-transform", "a=11", "between -10 and 10"),
    ("plot.svg", "gradient-descent", "x=99", "between"),
    ("plot.svg", "linear-classifier", "points=1,2,green", "red or blue"),
    ("plot.svg", "distributions", "dist=normal&p2=-1", "positive"),
    ("plot.svg", "clt", "n=1.5", "whole number"),
    ("data.csv", "matrix-transform", "a=abc", "must be a number"),
    ("data.csv", "distributions", "dist=normal&p2=-1", "positive"),
    ("script.py", "gradient-descent", "steps=2.5", "whole number"),
    ("script.py", "distributions", "dist=binomial&p1=1000", "between 1"),
    ("plot.png", "matrix-transform", "a=11", "between -10 and 10"),
    ("plot.png", "clt", "n=10&scale=3", "scale"),
]


@pytest.mark.parametrize(("file", "slug", "query", "words"), BAD_STATES)
def test_a_bad_state_gets_a_readable_400_as_plain_text(client, file, slug, query, words):
    response = client.get(f"/activities/{slug}/{file}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert words in response.content.decode()


def test_data_json_refuses_in_json_that_any_site_may_read(client):
    response = client.get("/activities/clt/data.json?n=1.5")
    assert response.status_code == 400
    assert "whole number" in response.json()["error"]
    assert response["Access-Control-Allow-Origin"] == "*"


# (a figure or sound of a state, the PNG of the same state)
KEPT_LIKE_THE_PNG = [
    ("matrix-transform/plot.svg?a=2&b=1&c=0&d=1", "matrix-transform/plot.png?a=2&b=1&c=0&d=1"),
    ("distributions/audio.wav?dist=gamma&p1=2&p2=1", "distributions/plot.png?dist=gamma&p1=2&p2=1"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("file", "png_file"), KEPT_LIKE_THE_PNG)
def test_a_file_is_cached_like_the_png(client, file, png_file):
    url = f"/activities/{file}"
    first = client.get(url)
    assert first.status_code == 200
    assert "immutable" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"] and not again.content
    png = client.get(f"/activities/{png_file}")
    assert png["ETag"] != first["ETag"]  # a cache never serves the PNG for the figure or the sound


@pytest.mark.parametrize("file", ["plot.png", "plot.svg", "audio.wav", "data.json", "data.csv", "script.py"])
def test_an_unknown_activity_is_not_found(client, file):
    assert client.get(f"/activities/nope/{file}").status_code == 404


@pytest.mark.usefixtures("plain_matrix")
@pytest.mark.parametrize(
    ("file", "words"),
    [
        ("plot.svg", "This figure has no SVG."),
        ("audio.wav", "This figure has no sound."),
        ("script.py", "This activity has no script."),
    ],
)
def test_a_format_the_kind_does_not_declare_is_a_404_saying_so(client, file, words):
    response = client.get(f"/activities/matrix-transform/{file}")
    assert response.status_code == 404
    assert response.content.decode() == words
