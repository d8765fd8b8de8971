"""The activities' URLs: page and fragment, PNG, JSON, bad input, clicks and actions, embedding."""

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from PIL import Image

from activities.engine.layout import data_to_pixel
from activities.kinds import REGISTRY
from activities.models import Activity, CourseActivity
from courses.models import Course

from .conftest import SLUGS

pytestmark = pytest.mark.django_db

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HTMX = {"HTTP_HX_REQUEST": "true"}
PROGRAMME_URL = "/programmes/msc-machine-learning-mathematics/"

DATA_FIELDS = {
    "matrix-transform": {"matrix", "determinant", "trace", "eigenvalues", "square_image", "orientation"},
    "gradient-field": {"field", "formula", "particle"},
    "gradient-descent": {"path", "losses", "converged", "diverged", "steps_taken", "final", "status"},
    "linear-classifier": {"accuracy", "misclassified", "counts"},
    "distributions": {"mean", "variance", "x", "density"},
    "clt": {"total", "mean_of_means", "var_of_means", "theory_mean", "theory_var", "histogram"},
}

# (slug, query, words of the message a visitor reads)
BAD_INPUT = [
    ("matrix-transform", "a=abc", "must be a number"),
    ("matrix-transform", "b=nan", "finite"),
    ("matrix-transform", "c=inf", "finite"),
    ("matrix-transform", "d=-Infinity", "finite"),
    ("matrix-transform", "a=11", "between -10 and 10"),
    ("gradient-field", "field=banana", "must be one of"),
    ("gradient-descent", "optimizer=sgd-with-vibes", "must be one of"),
    ("gradient-descent", "steps=100000", "between"),
    ("linear-classifier", "points=" + ";".join(["1,1,red"] * 201), "At most 200 points"),
    ("linear-classifier", "points=1,2", "x,y,label"),
    ("linear-classifier", "points=1,2,green", "red or blue"),
    ("distributions", "dist=cauchy", "must be one of"),
    ("clt", "n=1.5", "whole number"),
    ("clt", "n=100000", "between"),
]


def png_size(content: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(content)).size


def test_all_six_kinds_are_registered():
    assert tuple(REGISTRY) == SLUGS


@pytest.mark.parametrize("slug", SLUGS)
def test_page_is_a_full_page_and_its_htmx_twin_is_the_panel(client, catalogue, slug):
    page = client.get(f"/activities/{slug}/")
    fragment = client.get(f"/activities/{slug}/", **HTMX)

    title = escape(Activity.objects.get(slug=slug).title)
    assert page.status_code == fragment.status_code == 200
    html, panel = page.content.decode(), fragment.content.decode()
    assert html.startswith("<!DOCTYPE html>") and "<h1" in html and title in html
    assert panel.lstrip().startswith(f'<section class="activity" id="activity-{slug}"')
    assert "<html" not in panel and title in panel
    assert "HX-Request" in page["Vary"] and "HX-Request" in fragment["Vary"]
    assert fragment["HX-Push-Url"].startswith(f"/activities/{slug}/?")


def test_history_restore_gets_the_full_page(client, catalogue):
    response = client.get("/activities/clt/?draws=10", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert response.content.decode().startswith("<!DOCTYPE html>")
    assert "HX-History-Restore-Request" in response["Vary"]


def test_click_layer_is_a_transparent_gif(client):
    response = client.get("/activities/click-layer.gif")
    assert response["Content-Type"] == "image/gif"
    assert Image.open(io.BytesIO(response.content)).size == (1, 1)


@pytest.mark.parametrize("slug", SLUGS)
def test_panel_has_figure_words_numbers_and_links(client, catalogue, slug):
    html = client.get(f"/activities/{slug}/").content.decode()

    img = re.search(r'<img class="activity__plot"[^>]*>', html).group(0)
    assert f'src="/activities/{slug}/plot.png?' in img
    assert "&amp;scale=2 2x" in img and 'width="560"' in img and 'height="420"' in img
    alt = re.search(r'alt="([^"]*)"', img).group(1)
    assert len(alt) > 40  # this state in words
    assert "<math" in html  # the formula, as MathML
    assert '<dl class="activity__numbers">' in html
    assert f'href="/activities/{slug}/data.json?' in html and "Numbers as JSON" in html
    assert 'aria-live="polite"' in html
    assert re.search(r'<button type="submit" class="button activity__update"[^>]*>Update</button>', html)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_control_has_a_label(client, catalogue, slug):
    html = client.get(f"/activities/{slug}/").content.decode()
    form = html[html.index("<form") : html.index("</form>")]
    for control_id in re.findall(r'<(?:input type="number"|select|textarea) id="([^"]+)"', form):
        assert f'for="{control_id}"' in form


def test_distribution_parameters_carry_their_real_names(client, catalogue):
    html = client.get("/activities/distributions/?dist=gamma&p1=2&p2=1.5").content.decode()
    labels = re.findall(r'<label for="activity-distributions-p[12]">([^<]*)</label>', html)
    assert len(labels) == 2 and all("parameter" not in label.lower() for label in labels)
    assert any("k" in label for label in labels) and any("θ" in label for label in labels)


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("scale, size", [(1, (560, 420)), (2, (1120, 840))])
def test_plot_is_a_png_of_the_right_size_and_cacheable(client, slug, scale, size):
    response = client.get(f"/activities/{slug}/plot.png", {"scale": scale})

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(PNG_SIGNATURE)
    assert png_size(response.content) == size
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 86400
    assert response["ETag"].startswith('"')


@pytest.mark.parametrize("slug", SLUGS)
def test_plot_answers_304_to_its_etag(client, slug):
    first = client.get(f"/activities/{slug}/plot.png")
    again = client.get(f"/activities/{slug}/plot.png", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_plot_etag_is_a_function_of_the_normalised_state(client):
    spelled_out = client.get("/activities/matrix-transform/plot.png?a=1.0&b=0.50&c=-0.3&d=1")
    defaults = client.get("/activities/matrix-transform/plot.png")
    other = client.get("/activities/matrix-transform/plot.png?a=2")
    double = client.get("/activities/matrix-transform/plot.png?scale=2")

    assert spelled_out["ETag"] == defaults["ETag"]
    assert len({defaults["ETag"], other["ETag"], double["ETag"]}) == 3


def test_repeated_plot_is_served_from_the_cache(client, counted):
    calls = counted("gradient-descent")
    url = "/activities/gradient-descent/plot.png?loss=rosenbrock&optimizer=adam&lr=0.05&steps=300"
    first = client.get(url)
    again = client.get(url)

    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert calls == {"compute": 1, "render": 1, "step": 0}  # drawn once, then served from the plots cache


@pytest.mark.parametrize("slug", SLUGS)
def test_data_json_has_the_contract_fields(client, slug):
    query = {"x": 1, "y": 1} if slug == "gradient-field" else {}
    response = client.get(f"/activities/{slug}/data.json", query)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert DATA_FIELDS[slug] <= set(response.json())


def test_data_json_values(client):
    matrix = client.get("/activities/matrix-transform/data.json?a=2&b=0&c=0&d=-1").json()
    field = client.get("/activities/gradient-field/data.json?x=1&y=1&field=bowl").json()
    histogram = client.get("/activities/clt/data.json?draws=100").json()["histogram"]

    assert matrix["determinant"] == -2 and matrix["orientation"] == "reversed"
    assert matrix["square_image"] == [[0, 0], [2, 0], [2, -1], [0, -1]]
    assert {"start", "path", "end", "steps"} <= set(field["particle"])
    assert sum(histogram["counts"]) == 100 and len(histogram["edges"]) == len(histogram["counts"]) + 1


@pytest.mark.parametrize("slug, query, message", BAD_INPUT)
def test_bad_input_is_a_400_with_a_readable_message(client, catalogue, slug, query, message):
    page = client.get(f"/activities/{slug}/?{query}")
    fragment = client.get(f"/activities/{slug}/?{query}", **HTMX)
    data = client.get(f"/activities/{slug}/data.json?{query}")
    plot = client.get(f"/activities/{slug}/plot.png?{query}")

    assert page.status_code == fragment.status_code == data.status_code == plot.status_code == 400
    for response in (page, fragment):
        html = response.content.decode()
        summary = re.search(r'<div class="activity__error"[^>]*>(.*?)</div>', html, re.S).group(1)
        assert message in summary
    assert fragment["HX-Push-Url"] == "false"
    assert message in data.json()["error"]
    assert message in plot.content.decode()


def test_bad_input_keeps_what_was_typed(client, catalogue):
    html = client.get("/activities/matrix-transform/?a=abc&b=2").content.decode()
    assert 'name="a" value="abc"' in html
    assert 'name="b" value="2"' in html


def test_unknown_slug_is_404(client, catalogue):
    for url in ("/activities/nope/", "/activities/nope/plot.png", "/activities/nope/data.json"):
        assert client.get(url).status_code == 404


def test_unknown_action_and_malformed_click_are_400(client, catalogue):
    action = client.get("/activities/clt/?do=add-a-million")
    click = client.get("/activities/gradient-descent/?click.x=abc&click.y=3")

    assert action.status_code == click.status_code == 400
    assert "not something this activity can do" in action.content.decode()
    assert "two numbers" in click.content.decode()


def test_click_on_gradient_descent_starts_there(client, catalogue):
    response = client.get("/activities/gradient-descent/", {"loss": "himmelblau", "click.x": 300, "click.y": 200})

    assert response.status_code == 302
    state = parse_qs(urlsplit(response["Location"]).query)
    assert urlsplit(response["Location"]).path == "/activities/gradient-descent/"
    assert "click.x" not in state and state["loss"] == ["himmelblau"]
    x, y = float(state["x"][0]), float(state["y"][0])
    limits = REGISTRY["gradient-descent"].limits({"loss": "himmelblau"})
    px, py = data_to_pixel(x, y, limits)
    assert px == pytest.approx(300, abs=1.5)  # x, y are rounded to hundredths
    assert py == pytest.approx(200, abs=1.5)


def test_click_outside_the_axes_changes_nothing(client, catalogue):
    response = client.get("/activities/gradient-descent/", {"click.x": 2, "click.y": 2})
    state = parse_qs(urlsplit(response["Location"]).query)
    assert (state["x"], state["y"]) == (["-1.5"], ["1.5"])


def test_click_on_classifier_adds_a_point(client, catalogue):
    response = client.get("/activities/linear-classifier/", {"colour": "red", "click.x": 280, "click.y": 210})

    points = parse_qs(urlsplit(response["Location"]).query)["points"][0].split(";")
    assert len(points) == 21
    assert points[-1].endswith(",red")


def test_htmx_click_on_its_own_page_answers_the_panel_and_pushes_the_state(client, catalogue):
    response = client.get("/activities/linear-classifier/", {"click.x": 280, "click.y": 210}, **HTMX)

    assert response.status_code == 200
    assert "<dd>11 blue, 10 red</dd>" in response.content.decode()
    pushed = parse_qs(urlsplit(response["HX-Push-Url"]).query)
    assert len(pushed["points"][0].split(";")) == 21
    assert "click.x" not in pushed


def test_htmx_request_from_an_embedded_panel_keeps_its_place(client, catalogue):
    response = client.get("/activities/clt/", {"do": "add-100", "embed": "mlm-506", "level": 4}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "HX-Push-Url" not in response
    assert html.lstrip().startswith('<section class="activity" id="activity-mlm-506-clt"')
    assert '<h4 class="activity__title"' in html
    assert re.search(r"Total sample means<span[^>]*>:</span></dt> <dd>100</dd>", html)
    assert "data-hx-vals=" in html and "mlm-506" in html


def test_action_without_javascript_redirects_to_the_new_state(client, catalogue):
    response = client.get("/activities/clt/", {"source": "die", "n": 5, "do": "add-100"})

    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query) == {
        "source": ["die"],
        "n": ["5"],
        "draws": ["100"],
        "seed": ["1"],
    }
    page = client.get(response["Location"])
    assert re.search(r"<dd>100</dd>", page.content.decode())


def test_place_keys_never_reach_the_address(client, catalogue):
    response = client.get("/activities/matrix-transform/", {"a": 2, "embed": "mlm-504", "level": 4})
    assert response.status_code == 302
    assert "embed" not in response["Location"] and "a=2" in response["Location"]


def test_switching_distribution_starts_from_its_defaults(client, catalogue):
    response = client.get(
        "/activities/distributions/", {"dist": "exponential", "p1": 0, "p2": 1, "was": "normal"}, **HTMX
    )
    assert response.status_code == 200
    assert "dist=exponential" in response["HX-Push-Url"]


def test_presets_and_reset_link_to_canonical_states(client, catalogue):
    html = client.get("/activities/matrix-transform/?a=3").content.decode()
    assert 'href="/activities/matrix-transform/?a=1&amp;b=0&amp;c=0&amp;d=1"' in html  # identity
    assert 'href="/activities/matrix-transform/?a=1&amp;b=0.5&amp;c=-0.3&amp;d=1"' in html  # reset


def test_panels_sit_in_the_mlm_504_section_of_the_programme_page(client, catalogue):
    html = client.get(PROGRAMME_URL).content.decode()
    section = html[html.index('id="mlm-504"') : html.index('id="mlm-505"')]

    ids = re.findall(r'<section class="activity" id="([^"]+)"', section)
    assert ids == [f"activity-mlm-504-{slug}" for slug in SLUGS[:4]]
    assert section.count('<h4 class="activity__title"') == 4
    assert "data-hx-push-url" not in section
    assert len(re.findall(r'id="activity-[^"]+"', html)) == len(set(re.findall(r'id="activity-[^"]+"', html)))


def test_panels_on_the_course_page(client, catalogue):
    html = client.get("/courses/mlm-504/").content.decode()

    assert '<h2 class="course-activities__heading">Interactive activities</h2>' in html
    assert html.count('<h3 class="activity__title"') == 4
    assert 'id="activity-mlm-504-gradient-descent"' in html
    assert '"level": "3"' in html.replace("&quot;", '"')


def test_embedded_panel_starts_from_its_starting_parameters(client, catalogue):
    CourseActivity.objects.filter(course__slug="mlm-504", activity__slug="matrix-transform").update(
        params={"a": 2, "b": 0, "c": 0, "d": 3}
    )
    html = client.get("/courses/mlm-504/").content.decode()
    panel = html[html.index('id="activity-mlm-504-matrix-transform"') :]
    panel = panel[: panel.index("</section>")]

    assert "/activities/matrix-transform/plot.png?a=2&amp;b=0&amp;c=0&amp;d=3" in panel
    assert "<dd>6</dd>" in panel  # determinant

    reset = client.get("/activities/matrix-transform/", {"a": 5, "embed": "mlm-504", "level": 3}, **HTMX)
    assert re.search(
        r'href="/activities/matrix-transform/\?a=2&amp;b=0&amp;c=0&amp;d=3"[^>]*>Reset', reset.content.decode()
    )


def test_programme_page_query_count_does_not_grow_with_embeddings(client, catalogue):
    with CaptureQueriesContext(connection) as before:
        client.get(PROGRAMME_URL)
    activity = Activity.objects.get(slug="clt")
    for course in Course.objects.exclude(slug__in=["mlm-506"]):
        CourseActivity.objects.create(course=course, activity=activity, position=9)
    with CaptureQueriesContext(connection) as after:
        response = client.get(PROGRAMME_URL)

    assert response.status_code == 200
    assert len(after) == len(before)


def test_only_the_chosen_optimisers_coefficients_are_shown(client, seeded):
    plain = client.get("/activities/gradient-descent/", {"optimizer": "gd"}).content.decode()
    adam = client.get("/activities/gradient-descent/", {"optimizer": "adam", "beta1": "0.8"}).content.decode()
    assert "Adam β₁</label>" not in plain and 'type="hidden" name="beta1"' in plain
    assert "Adam β₁</label>" in adam and "Momentum β</label>" not in adam
    assert 'value="0.8"' in adam
