"""The embed page of an activity's state, who may frame it, its hidden and locked controls, and its code."""

import html as html_lib
import re
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
from django.core import signing
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from tests.htmltext import page_text

from .conftest import SLUGS
from .helpers import HTMX, MATRIX, embed_code, local

pytestmark = pytest.mark.django_db

DESCENT = "/activities/gradient-descent/"


def directives(response) -> dict[str, str]:
    """The response's Content-Security-Policy, directive name -> its sources."""
    policy = response["Content-Security-Policy"]
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip())


def determinant(html: str) -> float:
    """The determinant the panel prints beside the figure."""
    return float(re.search(r"Determinant\s*:?\s*([−\-\d.]+)", page_text(html)).group(1).replace("−", "-"))


def hidden_inputs(html: str) -> dict[str, str]:
    return {
        html_lib.unescape(name): html_lib.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)"\s+value="([^"]*)"', html)
    }


@pytest.mark.parametrize("slug", SLUGS)
def test_embed_page_is_the_panel_alone(client, catalogue, slug):
    response = client.get(f"/activities/{slug}/embed/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in html and "<title>" in html
    assert f'<section class="activity" id="activity-{slug}"' in html
    assert "site-header" not in html and "<nav" not in html and "site-footer" not in html
    assert html.count("<h1") == 1
    assert '<meta name="robots" content="noindex">' in html
    # Every interaction stays in the embed: the form, presets and Reset lead back to it.
    assert f'<form class="activity__form" action="/activities/{slug}/embed/"' in html
    assert f'data-hx-get="/activities/{slug}/embed/"' in html
    assert f'id="activity-{slug}-reset" href="/activities/{slug}/embed/?' in html
    assert "data-hx-push-url" not in html
    assert "Embed this activity" not in html


def test_embed_page_links_leaving_the_activity_open_a_new_tab(client, catalogue):
    html = client.get(f"{MATRIX}embed/?a=2").content.decode()
    assert re.search(r'<a href="/activities/matrix-transform/\?a=2[^"]*"\s+target="_blank">Link to this state', html)
    assert re.search(r'href="/activities/matrix-transform/data.json\?a=2[^"]*" target="_blank">Numbers as JSON', html)


def test_embed_page_may_be_framed_by_any_origin_and_other_pages_by_none(client, catalogue):
    embed = client.get(f"{MATRIX}embed/")
    assert directives(embed)["frame-ancestors"] == "*"
    assert "X-Frame-Options" not in embed
    # The rest of the policy is the site's: no inline script anywhere.
    assert directives(embed)["script-src"] == "'self'"

    for path in (MATRIX, f"{MATRIX}embed/code/", "/activities/", "/programmes/msc-machine-learning-mathematics/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert directives(response)["frame-ancestors"] == "'none'", path
        assert response["X-Frame-Options"] == "DENY", path


def test_the_setting_names_the_sites_that_may_frame(client, catalogue, settings):
    settings.ACTIVITY_EMBED_ORIGINS = ["https://lms.example.edu", "https://*.moodle.example.org"]
    response = client.get(f"{MATRIX}embed/")
    assert directives(response)["frame-ancestors"] == "'self' https://lms.example.edu https://*.moodle.example.org"
    assert "X-Frame-Options" not in response

    settings.ACTIVITY_EMBED_ORIGINS = []
    assert directives(client.get(f"{MATRIX}embed/"))["frame-ancestors"] == "'self'"


def test_a_setting_that_is_not_a_list_of_origins_is_refused(client, catalogue, settings):
    def ours():
        return [error.id for error in run_checks(tags=["security"]) if error.id.startswith("activities.")]

    assert ours() == []
    settings.ACTIVITY_EMBED_ORIGINS = ["https://lms.example.edu; script-src *"]
    assert ours() == ["activities.E001"]  # manage.py check, migrate and runserver refuse to start
    with pytest.raises(ImproperlyConfigured, match="not an origin"):
        client.get(f"{MATRIX}embed/")


def test_embed_page_is_cached_like_an_activity_page(client, catalogue, settings):
    response = client.get(f"{MATRIX}embed/?a=2")
    assert response["Cache-Control"] == settings.PUBLIC_PAGE_CACHE_CONTROL
    assert "HX-Request" in response["Vary"]


def test_htmx_update_in_the_embed_answers_the_panel_without_pushing(client, catalogue):
    response = client.get(f"{MATRIX}embed/?a=2&b=0.5&c=-0.3&d=1", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="activity" id="activity-matrix-transform"')
    assert "<html" not in html and "HX-Push-Url" not in response
    assert determinant(html) == pytest.approx(np.linalg.det([[2, 0.5], [-0.3, 1]]))


def test_an_action_without_javascript_stays_in_the_embed(client, catalogue):
    response = client.get("/activities/linear-classifier/embed/?do=clear&hide=points")
    assert response.status_code == 302
    assert response["Location"].startswith("/activities/linear-classifier/embed/?")
    assert parse_qs(urlsplit(response["Location"]).query)["hide"] == ["points"]


def test_motion_links_in_the_embed_stay_in_the_embed(client, catalogue):
    """Stop animations, Play and Replay lead to the embed (the activity's own page may not be framed)."""
    html = html_lib.unescape(client.get(f"{DESCENT}embed/?hide=steps").content.decode())
    stop = re.search(r'<a id="[^"]*-motion" href="([^"]+)"[^>]*>Stop animations</a>', html)[1]
    replay = re.search(r'class="activity__replay"[^>]*href="([^"]+)"', html)[1]
    assert stop.startswith(f"{DESCENT}embed/?") and "motion=off" in stop and "hide=steps" in stop
    assert replay.startswith(f"{DESCENT}embed/?") and "hide=steps" in replay
    still = html_lib.unescape(client.get(stop).content.decode())
    assert re.search(r'<img class="activity__plot" src="[^"]*motion=off', still)  # the final still, no animation
    play = re.search(r'<a id="[^"]*-motion" href="([^"]+)"[^>]*>Play animations</a>', still)[1]
    assert play.startswith(f"{DESCENT}embed/?") and "motion=off" not in play


def test_a_click_in_the_embed_says_what_it_did(client, catalogue):
    html = client.get(f"{DESCENT}embed/", {"click.x": "300", "click.y": "180"}, **HTMX).content.decode()
    status = re.search(r"data-activity-status>([^<]*)<", html)[1]
    assert status.startswith("Descent starts at (")


def test_a_bad_value_in_the_embed_is_a_400_panel_in_the_embed(client, catalogue):
    response = client.get(f"{MATRIX}embed/?a=banana")
    html = response.content.decode()
    assert response.status_code == 400
    assert "must be a number" in html and 'action="/activities/matrix-transform/embed/"' in html


def test_hide_removes_the_control_but_keeps_its_value(client, catalogue):
    html = client.get(f"{DESCENT}embed/?lr=0.05&steps=30&hide=lr,steps").content.decode()

    assert 'id="activity-gradient-descent-lr"' not in html and "Learning rate" not in page_text(html)
    assert 'id="activity-gradient-descent-steps"' not in html
    fields = hidden_inputs(html)
    assert fields["lr"] == "0.05" and fields["steps"] == "30" and fields["hide"] == "lr,steps"
    assert 'id="activity-gradient-descent-x"' in html  # the others are still there
    # Checkboxes send one name per key; the same controls are hidden.
    again = client.get(f"{DESCENT}embed/?lr=0.05&hide=steps&hide=lr").content.decode()
    assert hidden_inputs(again)["hide"] == "lr,steps"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("hide=lr,bogus", "“bogus” is not a control of"),
        ("lock=nope", "“nope” is not a control of"),
        ("hide=" + "lr," * 300, "too long"),
        ("lock=lr", "needs the pin"),
        ("lock=lr&pin=" + "x" * 9000, "too long"),
    ],
)
def test_a_bad_hide_or_lock_is_a_400_that_says_why(client, catalogue, query, message):
    response = client.get(f"{DESCENT}embed/?{query}")
    assert response.status_code == 400
    assert message in html_lib.unescape(response.content.decode())
    assert "X-Frame-Options" not in response  # the refusal can be read inside the iframe


def test_a_locked_value_cannot_be_changed_by_a_crafted_request(client, catalogue):
    src = embed_code(client, "a=2&b=0.5&c=-0.3&d=1&lock=a")
    assert parse_qs(urlsplit(src).query)["lock"] == ["a"]
    expected = np.linalg.det([[2, 0.5], [-0.3, 1]])

    honest = client.get(local(src))
    assert honest.status_code == 200 and determinant(honest.content.decode()) == pytest.approx(expected)
    assert "a (top left) 2 (fixed)" in page_text(honest.content.decode())
    assert 'id="activity-matrix-transform-a"' not in honest.content.decode()  # no input to type in

    # The student edits the address (or the form) to a = 5: the server keeps a = 2.
    for crafted in (local(src).replace("a=2", "a=5"), local(src) + "&a=5"):
        response = client.get(crafted)
        assert response.status_code == 200
        assert determinant(response.content.decode()) == pytest.approx(expected)
        assert determinant(client.get(crafted, **HTMX).content.decode()) == pytest.approx(expected)

    # Presets and Reset keep the locked value too; d is free to change.
    free = client.get(local(src).replace("d=1", "d=3")).content.decode()
    assert determinant(free) == pytest.approx(np.linalg.det([[2, 0.5], [-0.3, 3]]))
    links = [html_lib.unescape(h) for h in re.findall(r'href="(/activities/matrix-transform/embed/\?[^"]+)"', free)]
    assert len(links) >= 6  # five presets and Reset
    assert all(parse_qs(urlsplit(link).query)["a"] == ["2"] for link in links)


def test_a_click_cannot_move_a_locked_start(client, catalogue):
    src = embed_code(client, "x=-1.5&y=1.5&lock=x,y", DESCENT)
    response = client.get(local(src) + "&click.x=400&click.y=100")
    assert response.status_code == 302
    state = parse_qs(urlsplit(response["Location"]).query)
    assert state["x"] == ["-1.5"] and state["y"] == ["1.5"] and state["lock"] == ["x,y"]


def test_a_tampered_pin_is_a_400(client, catalogue):
    src = local(embed_code(client, "a=2&lock=a"))
    pin = parse_qs(urlsplit(src).query)["pin"][0]
    forged = signing.Signer(key="not-the-secret", salt="activities.embed.pin").sign_object(
        {"k": "matrix-transform", "v": {"a": "5"}}, compress=True
    )
    for bad in (src.replace("pin=", "pin=x"), src.replace(pin.split(":")[-1][:6], "AAAAAA"), src + "&pin=" + forged):
        response = client.get(bad)
        assert response.status_code == 400, bad
        assert "The pin does not match" in page_text(response.content.decode())

    # The pin holds a only: it cannot be kept while lock names something else (or nothing).
    for wrong in (src.replace("lock=a", "lock=b"), src.replace("lock=a", "")):
        response = client.get(wrong)
        assert response.status_code == 400
        assert "The pin was made for other controls" in page_text(response.content.decode())
    # Nor can one activity's pin lock another's.
    assert client.get("/activities/clt/embed/?lock=a&pin=" + pin).status_code == 400


def test_the_activity_page_offers_the_embed_code(client, catalogue, settings):
    settings.SITE_URL = "https://maths.example.edu"
    html = client.get(f"{MATRIX}?a=2").content.decode()

    disclosure = html[html.index('<details class="activity__embed"') :]
    assert "<summary>Embed this activity</summary>" in disclosure
    assert re.search(r'<label for="activity-matrix-transform-embed-code">', disclosure)
    code = html_lib.unescape(re.search(r"readonly\s+spellcheck=\"false\">([^<]*)</textarea>", disclosure).group(1))
    assert code.startswith('<iframe src="https://maths.example.edu/activities/matrix-transform/embed/?a=2&amp;b=0.5')
    assert (
        'title="2×2 Matrix Transformation — interactive activity"' in code
        and 'loading="lazy"' in code
        and 'width="' in code
        and 'height="' in code
    )
    assert client.get(local(html_lib.unescape(re.search(r'src="([^"]+)"', code).group(1)))).status_code == 200
    assert 'href="/activities/matrix-transform/embed/code/?a=2&amp;b=0.5' in disclosure


def test_the_code_page_ticks_what_the_teacher_chose(client, catalogue):
    response = client.get(f"{DESCENT}embed/code/?lr=0.05&hide=steps&lock=loss")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'name="hide" value="steps" id="hide-steps"\s+aria-label="Hide Steps" checked', html)
    assert re.search(r'name="lock" value="loss" id="lock-loss"\s+aria-label="Lock Loss surface" checked', html)
    assert not re.search(r'name="lock" value="lr"[^>]*checked', html)
    src = embed_code(client, "lr=0.05&hide=steps&lock=loss", DESCENT)
    query = parse_qs(urlsplit(src).query)
    assert query["lr"] == ["0.05"] and query["hide"] == ["steps"] and query["lock"] == ["loss"] and query["pin"]
    assert f'src="{html_lib.escape(local(src))}"' in html  # the preview shows the same embed


def test_the_code_page_refuses_what_it_cannot_embed(client, catalogue):
    for query, message in (("lock=bogus", "“bogus” is not a control"), ("lr=9", "between")):
        response = client.get(f"{DESCENT}embed/code/?{query}")
        assert response.status_code == 400
        assert message in html_lib.unescape(response.content.decode())
