"""Issue 19, items 7 and 8: embed code that sizes its iframe, a Copy button, one Download menu, fewer buttons."""

import html as html_lib
import re

import pytest

from activities.kinds import REGISTRY
from activities.kinds.base import SCRIPT, SOUND, SVG

from .conftest import SLUGS
from .helpers import MATRIX

pytestmark = pytest.mark.django_db

FIELD = "/activities/gradient-field/"


def copied(client, path: str) -> str:
    """The text in the code page's "Code to paste" box: what a teacher copies."""
    page = client.get(f"{path}embed/code/")
    assert page.status_code == 200
    box = re.search(r'<textarea id="embed-code"[^>]*>([^<]*)</textarea>', page.content.decode()).group(1)
    return html_lib.unescape(box)


def test_the_code_sizes_its_iframe_from_the_sites_origin_only(client, catalogue, settings):
    settings.SITE_URL = "https://maths.example.org"
    code = copied(client, MATRIX)

    frame, script = code.split("\n")
    assert frame.startswith('<iframe src="https://maths.example.org/activities/matrix-transform/embed/?')
    # Without script the parent shows a fixed height: enough for the tallest embed at 720 px wide
    # (bench/embed_heights.py: 2,028 px with the Download menu open).
    assert 'width="720" height="2100"' in frame
    assert script.startswith("<script>") and script.endswith("</script>") and script.count("<") == 2
    # It listens for this iframe's own window, from the site's origin only, and caps the height.
    assert 'e.origin==="https://maths.example.org"' in script
    assert "e.source===f.contentWindow" in script
    assert 'd.type==="dmath-embed-height"' in script
    assert "Math.min(h,20000)" in script
    assert "document.currentScript.previousElementSibling" in script


def test_the_origin_in_the_code_has_no_path(client, catalogue, settings):
    settings.SITE_URL = "https://www.example.edu:8443"
    assert 'e.origin==="https://www.example.edu:8443"' in copied(client, MATRIX)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_embed_page_posts_its_height_from_a_script_file(client, catalogue, slug):
    html = client.get(f"/activities/{slug}/embed/").content.decode()
    assert re.search(r'<script src="/static/js/embed_frame\.js[^"]*" defer></script>', html)
    # The CSP forbids inline scripts on our pages: every <script> has a src.
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))


def test_the_activity_page_and_the_code_page_offer_a_copy_button(client, catalogue):
    page = client.get(MATRIX).content.decode()
    button = re.search(r'<button type="button"[^>]*data-copy-code="([^"]+)"[^>]*>Copy the code</button>', page, re.S)
    assert button and " hidden" in button.group(0)  # shown by embed_code.js; without it the box stays selectable
    assert f'<textarea id="{button.group(1)}" class="activity__embed-code"' in page
    assert re.search(r'<span id="activity-matrix-transform-embed-copied" role="status"></span>', page)
    assert "/static/js/embed_code.js" in page

    code_page = client.get(f"{MATRIX}embed/code/").content.decode()
    assert 'data-copy-code="embed-code"' in code_page and '<span id="embed-code-copied" role="status">' in code_page
    assert "/static/js/embed_code.js" in code_page


def download_menu(html: str) -> str:
    menus = re.findall(r'<details class="activity__download"[^>]*>(.*?)</details>', html, re.S)
    assert len(menus) == 1
    return menus[0]


@pytest.mark.parametrize("path", ["/activities/{}/", "/activities/{}/embed/"])
@pytest.mark.parametrize("slug", SLUGS)
def test_exports_are_one_download_menu_with_what_the_kind_offers(client, catalogue, slug, path):
    kind = REGISTRY[slug]
    html = client.get(path.format(slug)).content.decode()
    menu = download_menu(html)
    assert re.match(r"\s*<summary>Download<span class=\"visually-hidden\"> this state of [^<]+</span></summary>", menu)
    links = re.findall(r'<a href="([^"?]+)\?[^"]*"[^>]*>([^<]+)<', menu)
    expected = [("plot.png", "Figure as PNG")]
    expected += [("plot.svg", "Figure as SVG")] if kind.can(SVG) else []
    expected += [("data.csv", "Numbers as CSV"), ("data.json", "Numbers as JSON")]
    expected += [("script.py", "Python script")] if kind.can(SCRIPT) else []
    expected += [("audio.wav", "Sound as WAV")] if kind.can(SOUND) else []
    assert [(url.rsplit("/", 1)[1], text) for url, text in links] == expected
    assert all(url.startswith(f"/activities/{slug}/") for url, _ in links)  # the export URLs as before
    # Listen stays a player outside the menu; no export link is left outside it (the numbers table
    # keeps its own "Numbers as CSV" beside the values it rounds).
    outside = html.replace(menu, "")
    assert not any(text in outside for text in ("Numbers as JSON", "Figure as SVG", "Python script", "Figure as PNG"))
    assert ('<audio controls preload="none"' in outside) == kind.can(SOUND)


def test_remove_the_particle_only_when_there_is_a_particle(client, catalogue):
    empty = client.get(FIELD).content.decode()
    assert "Remove the particle" not in empty
    assert REGISTRY["gradient-field"].offers("clear", {"field": "bowl", "x": None, "y": None}) is False

    with_particle = client.get(f"{FIELD}?field=bowl&x=0.5&y=0.5").content.decode()
    assert re.search(r'name="do"\s+value="clear">Remove the particle</button>', with_particle)

    removed = client.get(f"{FIELD}?field=bowl&x=0.5&y=0.5&do=clear", follow=True).content.decode()
    assert "Remove the particle" not in removed


def test_other_actions_are_always_offered(client, catalogue):
    kind = REGISTRY["clt"]
    html = client.get("/activities/clt/").content.decode()
    for action in kind.actions:
        assert kind.offers(action.value, {}) is True
        assert f'value="{action.value}">{html_lib.escape(action.label)}</button>' in html
