"""Issue 19, items 7 and 8 in real Chromium: an embed framed on another origin (127.0.0.2) fits its
content, the Copy button, the Download menu, the keyboard hint and the crosshair on touch screens."""

import re

import pytest
from playwright.sync_api import Page, expect

from activities.web.embed_panel import IFRAME_HEIGHT
from tests.helpers.embeds import copied_code, teachers_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESCENT = "/activities/gradient-descent/"
FIELD = "/activities/gradient-field/"

# The embed's own height, as its page measures it (static/js/embed_frame.js).
CONTENT_HEIGHT = """() => {
  const style = getComputedStyle(document.body);
  const margins = parseFloat(style.marginTop) + parseFloat(style.marginBottom);
  return Math.ceil(document.body.getBoundingClientRect().height + margins);
}"""


def fits(page: Page, frame) -> int:
    """Waits until the iframe is as tall as its content says; that height, after checking nothing scrolls."""
    height = frame.locator("body").evaluate(CONTENT_HEIGHT.join(["(", ")()"]))
    page.wait_for_function("h => document.querySelector('iframe').clientHeight === h", arg=height)
    inner = frame.locator("html").evaluate("root => [root.scrollHeight, window.innerHeight]")
    assert inner[0] <= inner[1], f"the embed scrolls inside its frame: {inner}"
    return height


def inside(page: Page, element) -> bool:
    """The element's box is inside the iframe's box (nothing clipped), in the teacher's page's coordinates."""
    frame_box = page.locator("iframe").bounding_box()
    box = element.bounding_box()
    return frame_box["y"] <= box["y"] and box["y"] + box["height"] <= frame_box["y"] + frame_box["height"] + 0.5


def test_the_iframe_takes_its_contents_height_after_load_and_after_each_update(page: Page, framed_site, console_errors):
    code = copied_code(page, framed_site, DESCENT)
    with teachers_page(code, host="127.0.0.2") as url:
        page.goto(url)
        frame = page.frame_locator("iframe")
        expect(frame.locator("h1")).to_have_text(re.compile("descent", re.I))
        first = fits(page, frame)
        assert first != IFRAME_HEIGHT  # sized by the message, not the code's fixed height

        # A preset with more numbers: the panel grows, and so does the iframe.
        frame.get_by_role("link", name="Rosenbrock valley with Adam").click()
        expect(frame.get_by_role("link", name="Rosenbrock valley with Adam")).to_have_attribute("aria-current", "true")
        taller = fits(page, frame)
        assert taller > first
        # A value changed by hand, then the menu opened: still no clipping.
        frame.get_by_role("button", name="Update").click()
        download = frame.locator("details.activity__download")
        download.locator("summary").click()
        expect(download.get_by_role("link", name=re.compile("Sound as WAV"))).to_be_visible()
        fits(page, frame)
        assert inside(page, frame.locator(".activity__listen audio"))
        assert inside(page, download.get_by_role("link", name=re.compile("Sound as WAV")))
        assert inside(page, frame.locator(".embed__credit"))

        # Reset: the panel shrinks back, and so does the iframe.
        frame.get_by_role("link", name="Reset").click()
        expect(frame.get_by_role("link", name="Rosenbrock valley with Adam")).not_to_have_attribute(
            "aria-current", "true"
        )
        assert fits(page, frame) < taller
        assert console_errors == []


def test_messages_from_elsewhere_do_not_size_the_iframe(page: Page, framed_site):
    code = copied_code(page, framed_site, DESCENT)
    forged = (
        "<script>addEventListener('load',function(){"
        "postMessage({type:'dmath-embed-height',height:40},'*');"
        "document.body.setAttribute('data-forged','sent')})</script>"
    )
    with teachers_page(code + forged, host="127.0.0.2") as url:
        page.goto(url)
        frame = page.frame_locator("iframe")
        expect(frame.locator("h1")).to_have_text(re.compile("descent", re.I))
        height = fits(page, frame)
        expect(page.locator("body")).to_have_attribute("data-forged", "sent")
        assert page.locator("iframe").evaluate("f => f.clientHeight") == height > 40


def test_without_script_on_the_parent_the_fixed_height_holds_the_tallest_embed(page: Page, framed_site):
    page.goto(framed_site + DESCENT)
    page.get_by_role("link", name="Rosenbrock valley with Adam").click()
    expect(page.get_by_role("link", name="Rosenbrock valley with Adam")).to_have_attribute("aria-current", "true")
    page.get_by_text("Embed this activity").click()
    iframe_only = page.locator("textarea.activity__embed-code").input_value().split("\n")[0]
    assert "<script" not in iframe_only
    with teachers_page(iframe_only, host="127.0.0.2") as url:
        page.goto(url)
        frame = page.frame_locator("iframe")
        expect(frame.locator("h1")).to_have_text(re.compile("descent", re.I))
        frame.locator("details.activity__download summary").click()
        assert page.locator("iframe").evaluate("f => f.clientHeight") == IFRAME_HEIGHT
        height = frame.locator("body").evaluate(CONTENT_HEIGHT.join(["(", ")()"]))
        assert height <= IFRAME_HEIGHT
        assert inside(page, frame.locator(".embed__credit"))


def test_copy_puts_the_code_on_the_clipboard_and_says_so(browser, framed_site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(framed_site + DESCENT)
        page.get_by_text("Embed this activity").click()
        page.get_by_role("button", name="Copy the code").click()
        expect(page.locator("#activity-gradient-descent-embed-copied")).to_have_text(re.compile("^Copied"))
        code = page.locator("textarea.activity__embed-code").input_value()
        assert page.evaluate("navigator.clipboard.readText()") == code
    finally:
        context.close()


def test_without_javascript_the_code_is_selectable_and_no_copy_button(no_js_page, framed_site):
    no_js_page.goto(framed_site + DESCENT)
    no_js_page.get_by_text("Embed this activity").click()
    expect(no_js_page.locator("textarea.activity__embed-code")).to_be_visible()
    expect(no_js_page.get_by_role("button", name="Copy the code")).to_be_hidden()
    # The Download menu opens without JavaScript too.
    no_js_page.locator("details.activity__download summary").click()
    expect(no_js_page.get_by_role("link", name="Numbers as JSON")).to_be_visible()


def test_the_download_menu_is_closed_until_asked(page: Page, framed_site):
    page.goto(framed_site + DESCENT)
    menu = page.locator("details.activity__download")
    expect(menu.get_by_role("link", name="Figure as PNG")).to_be_hidden()
    menu.locator("summary").click()
    for name in (
        "Figure as PNG",
        "Figure as SVG",
        "Numbers as CSV",
        "Numbers as JSON",
        "Python script",
        "Sound as WAV",
    ):
        expect(menu.get_by_role("link", name=name)).to_be_visible()


def test_the_keyboard_hint_shows_for_a_mouse(page: Page, framed_site):
    page.goto(framed_site + f"{FIELD}?field=bowl&x=0.5&y=0.5")
    assert page.evaluate("matchMedia('(pointer: fine)').matches")
    expect(page.locator(".activity__keys")).to_be_visible()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 800}, has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def test_on_a_touch_screen_the_keyboard_hint_waits_for_focus(phone: Page, framed_site):
    phone.goto(framed_site + FIELD)
    assert not phone.evaluate("matchMedia('(pointer: fine)').matches")
    hint = phone.locator(".activity__keys")
    expect(hint).to_be_hidden()
    phone.locator(".activity__hit").focus()  # a keyboard user on a tablet
    expect(hint).to_be_visible()


def test_a_tap_leaves_no_crosshair_and_the_arrow_keys_bring_it_back(phone: Page, framed_site):
    phone.goto(framed_site + FIELD)
    hit = phone.locator(".activity__hit")
    hit.scroll_into_view_if_needed()
    box = hit.bounding_box()
    hit.tap(position={"x": box["width"] * 0.4, "y": box["height"] * 0.4})
    expect(phone.get_by_role("button", name="Remove the particle")).to_be_visible()  # the tap dropped one
    hit = phone.locator(".activity__hit")
    hit.evaluate("hit => hit.focus()")
    expect(phone.locator(".activity__crosshair")).to_be_hidden()
    hit.press("ArrowRight")
    expect(phone.locator(".activity__crosshair")).to_be_visible()


def test_after_remove_the_particle_its_button_is_gone_and_focus_is_on_update(page: Page, framed_site):
    page.goto(framed_site + f"{FIELD}?field=bowl&x=0.5&y=0.5")
    page.get_by_role("button", name="Remove the particle").click()
    expect(page.get_by_role("button", name="Remove the particle")).to_have_count(0)
    expect(page.get_by_role("button", name="Update")).to_be_focused()
