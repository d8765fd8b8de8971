"""Motion under control (WCAG 2.2.2): animations play once and stop on the complete picture.

A Replay control plays them again; ``prefers-reduced-motion`` and ``motion=off`` (for visitors
without JavaScript) get the final still, a plain PNG.
"""

import io
import re
import struct
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from activities.engine import style
from activities.engine.layout import data_to_pixel
from activities.kinds import REGISTRY

# The animated states: a descent, and a field with a particle (one without is a still already).
ANIMATED = [
    ("gradient-descent", "loss=bowl&x=-1.5&y=1.5&lr=0.1&steps=50&optimizer=gd"),
    ("gradient-field", "field=ripple&x=-0.5&y=2&direction=ascent"),
]
DESCENT_PAGE = "/activities/gradient-descent/"


def chunks(png: bytes) -> dict[bytes, list[bytes]]:
    """Each chunk type of PNG bytes with the bodies of its chunks, read from the bytes themselves."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    found: dict[bytes, list[bytes]] = {}
    at = 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        found.setdefault(png[at + 4 : at + 8], []).append(png[at + 8 : at + 8 + length])
        at += 12 + length
    return found


def rgb(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"))


@pytest.mark.parametrize("slug, query", ANIMATED)
@pytest.mark.parametrize("scale", [1, 2])
def test_an_animation_plays_once_and_ends_on_the_still(client, slug, query, scale):
    moving = client.get(f"/activities/{slug}/plot.png?{query}&scale={scale}")
    still = client.get(f"/activities/{slug}/plot.png?{query}&scale={scale}&motion=off")
    assert moving.status_code == still.status_code == 200

    (actl,) = chunks(moving.content)[b"acTL"]
    frames, plays = struct.unpack(">II", actl)
    assert frames > 1 and plays == 1  # num_plays 1: once, then the last frame stays

    assert b"acTL" not in chunks(still.content)  # a plain PNG: one frame
    still_image = Image.open(io.BytesIO(still.content))
    assert not getattr(still_image, "is_animated", False)
    animation = Image.open(io.BytesIO(moving.content))
    assert animation.n_frames == frames
    animation.seek(frames - 1)
    assert animation.size == still_image.size == (560 * scale, 420 * scale)
    assert np.array_equal(rgb(animation), rgb(still_image))
    animation.seek(0)
    assert not np.array_equal(rgb(animation), rgb(still_image))  # the first frame shows less of the path


def test_the_still_ends_the_path_where_the_numbers_say(client):
    """The last frame is the complete picture: the path's final dot (orange) sits at the final point."""
    slug, query = ANIMATED[0]
    final = client.get(f"/activities/{slug}/data.json?{query}").json()["final"]
    still = rgb(Image.open(io.BytesIO(client.get(f"/activities/{slug}/plot.png?{query}&motion=off").content)))
    px, py = data_to_pixel(final["x"], final["y"], REGISTRY[slug].limits({"loss": "bowl"}))
    near = still[int(py) - 3 : int(py) + 4, int(px) - 3 : int(px) + 4].reshape(-1, 3).astype(int)
    assert (np.abs(near - np.array(style.rgb(style.ORANGE))).sum(axis=1) < 40).any()


@pytest.mark.parametrize("slug, query", ANIMATED)
def test_the_still_has_its_own_etag_and_is_cached(client, slug, query):
    moving = client.get(f"/activities/{slug}/plot.png?{query}")
    still = client.get(f"/activities/{slug}/plot.png?{query}&motion=off")
    assert still["ETag"] and still["ETag"] != moving["ETag"]
    assert "immutable" in still["Cache-Control"]
    again = client.get(f"/activities/{slug}/plot.png?{query}&motion=off", HTTP_IF_NONE_MATCH=still["ETag"])
    assert again.status_code == 304
    replay = client.get(f"/activities/{slug}/plot.png?{query}&play=3")
    assert replay.status_code == 200 and replay["ETag"] == moving["ETag"]  # Replay's URL: the same image


def test_a_still_figure_is_the_same_with_motion_off(client):
    plain = client.get("/activities/matrix-transform/plot.png")
    still = client.get("/activities/matrix-transform/plot.png?motion=off")
    assert still.status_code == 200 and still.content == plain.content and still["ETag"] == plain["ETag"]


@pytest.mark.parametrize("query", ["motion=sometimes", "play=-1", "play=abc", "play=1234567"])
def test_bad_motion_or_play_is_a_readable_400(client, query):
    response = client.get(f"/activities/gradient-descent/plot.png?{query}")
    assert response.status_code == 400
    assert re.search(r"(motion|play) must be", response.content.decode())


def test_an_animated_panel_offers_the_still_replay_and_stop(client, catalogue):
    html = client.get(DESCENT_PAGE).content.decode()
    source = re.search(r'<source media="\(prefers-reduced-motion: reduce\)"\s+srcset="([^"]+)"', html).group(1)
    assert "plot.png?" in source and "&amp;motion=off 1x" in source and "&amp;scale=2 2x" in source
    assert re.search(r'<a class="activity__replay"[^>]*href="/activities/gradient-descent/\?loss=bowl', html)
    stop = re.search(r'<a id="activity-gradient-descent-motion" href="([^"]+)"[^>]*>Stop animations</a>', html)
    assert stop and stop.group(1).endswith("&amp;motion=off")


def test_motion_off_is_carried_by_the_form_and_the_links(client, catalogue):
    html = client.get(f"{DESCENT_PAGE}?loss=bowl&motion=off").content.decode()
    img = re.search(r'<img class="activity__plot"[^>]*>', html).group(0)
    assert re.search(r'src="[^"]*motion=off"', img) and "prefers-reduced-motion" not in html
    assert '<input type="hidden" name="motion" value="off">' in html
    assert "activity__replay" not in html and ">Play animations</a>" in html
    presets = re.findall(r'class="activity__chip"[^>]*href="([^"]+)"', html)
    assert presets and all(href.endswith("&amp;motion=off") for href in presets)
    # A field without a particle is a still: no still to offer, nothing to replay or stop.
    field = client.get("/activities/gradient-field/").content.decode()
    assert "prefers-reduced-motion" not in field and "Stop animations" not in field


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reduced_motion_loads_the_still(browser, site):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(f"{site}{DESCENT_PAGE}")
    plot = page.locator("img.activity__plot")
    expect(plot).to_have_js_property("complete", True)
    assert "motion=off" in plot.evaluate("img => img.currentSrc")
    expect(page.locator(".activity__replay")).to_be_hidden()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_replay_loads_the_animation_again(page: Page, site, console_errors):
    page.goto(f"{site}{DESCENT_PAGE}")
    plot = page.locator("img.activity__plot")
    expect(plot).to_have_js_property("complete", True)
    first = plot.evaluate("img => img.currentSrc")
    assert "motion=off" not in first

    with page.expect_response(re.compile(r"plot\.png\?.*play=1")) as response:
        page.get_by_role("link", name="Replay the animation").click()
    assert response.value.status == 200 and b"acTL" in response.value.body()
    expect(plot).to_have_attribute("src", re.compile(r"&play=1$"))
    assert plot.evaluate("img => img.currentSrc") != first
    assert page.url.endswith(DESCENT_PAGE)  # the image reloaded, not the page
    assert console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_without_javascript_stop_animations_serves_stills(no_js_page, site):
    no_js_page.goto(f"{site}{DESCENT_PAGE}")

    no_js_page.get_by_role("link", name="Stop animations").click()

    expect(no_js_page).to_have_url(re.compile(r"&motion=off$"))
    plot = no_js_page.locator("img.activity__plot")
    expect(plot).to_have_js_property("complete", True)
    src = plot.evaluate("img => img.currentSrc")
    assert "motion=off" in src
    assert b"acTL" not in no_js_page.request.get(src).body()
    # An update keeps the stills: the form carries motion=off.
    no_js_page.get_by_label("Steps", exact=True).fill("20")
    no_js_page.get_by_role("button", name="Update").click()
    expect(no_js_page).to_have_url(re.compile(r"steps=20.*&motion=off"))
    no_js_page.get_by_role("link", name="Play animations").click()
    expect(no_js_page).not_to_have_url(re.compile("motion"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_without_javascript_a_click_on_the_figure_keeps_motion_off(no_js_page, site):
    no_js_page.goto(f"{site}/activities/gradient-field/?field=bowl&motion=off")
    hit = no_js_page.locator("input.activity__hit")
    box = hit.bounding_box()
    px, py = data_to_pixel(1.0, -0.5, REGISTRY["gradient-field"].limits({"field": "bowl"}))

    hit.click(position={"x": px * box["width"] / 560, "y": py * box["height"] / 420})

    expect(no_js_page).to_have_url(re.compile(r"&x=[\d.]+&y=[\d.-]+&.*motion=off$"))
    state = parse_qs(urlsplit(no_js_page.url).query)
    assert float(state["x"][0]) == pytest.approx(1.0, abs=0.05)  # a no-JS click is sent in whole CSS pixels
    assert float(state["y"][0]) == pytest.approx(-0.5, abs=0.05)
    plot = no_js_page.locator("img.activity__plot")
    expect(plot).to_have_js_property("complete", True)
    src = plot.evaluate("img => img.currentSrc")
    assert f"x={state['x'][0]}&" in src and "motion=off" in src
    assert b"acTL" not in no_js_page.request.get(src).body()
