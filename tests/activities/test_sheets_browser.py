"""Every figure's text is at least 11 CSS px tall at every screen width from 320 to 1440 px (issue 19, item 3).

In real Chromium, at 800 px high and on phones on their side (from 640 × 360), for every activity's page, its
embed, the programme page (its top figure and the course panels) and the activities' index: at each width, the
size of the figure's text on screen is the type's size in pixels of the PNG the browser chose
(``style.FONT_SMALLEST`` points at the PNG's scale) × the width the figure is shown at / the PNG's natural width.
Nothing is wider than the screen, and a live drag on a phone paints the phone sheet of the new state. Without
JavaScript, a click lands where it was made at any width.
"""

from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Page

from activities.engine import layout, style
from activities.kinds import REGISTRY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 360, 414, 447, 448, 520, 600, 768, 1024, 1280, 1440)
# Every width at 800 px high, and phones on their side (from 640 px wide: a 568 × 320 screen is left out).
VIEWPORTS = [(width, 800) for width in WIDTHS] + [(640, 360), (740, 360), (915, 412)]
SMALLEST_CSS_PX = 11
PROGRAMME = "/programmes/msc-machine-learning-mathematics/"

# Every figure on the page, loaded (lazy ones too): the PNG chosen, its natural width and its width on screen.
FIGURES = """async () => {
  const images = [...document.querySelectorAll("img.activity__plot, img.hero__plot, .activity-card img")];
  for (const image of images) {
    image.loading = "eager";
    if (!image.complete || !image.naturalWidth) {
      await new Promise((done) => { image.addEventListener("load", done, { once: true }); });
    }
  }
  return {
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    figures: images.map((image) => ({
      src: image.currentSrc,
      natural: image.naturalWidth,
      shown: image.getBoundingClientRect().width,
    })),
  };
}"""


def text_css_px(figure: dict) -> float:
    """The smallest figure text on screen: its pixels in the chosen PNG × shown width / natural width."""
    scale = int(dict(parse_qsl(urlsplit(figure["src"]).query)).get("scale", "1"))
    in_png = style.FONT_SMALLEST * layout.DPI * scale / 72
    return in_png * figure["shown"] / figure["natural"]


def assert_readable_at_every_width(page: Page, url: str, figures_at_least: int = 1) -> None:
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        seen = page.evaluate(FIGURES)
        assert seen["overflow"] <= 0, f"{url} at {width} px is wider than the screen"
        assert len(seen["figures"]) >= figures_at_least
        for figure in seen["figures"]:
            sheet = layout.PHONE if "size=phone" in figure["src"] else layout.DESK
            scale = figure["natural"] / sheet.width
            assert scale in layout.SCALES, figure  # the PNG is the sheet its URL names
            assert text_css_px(figure) >= SMALLEST_CSS_PX, (width, figure)


@pytest.mark.parametrize("slug", sorted(REGISTRY))
def test_every_activity_page_and_embed_shows_text_at_least_11_css_px(page: Page, site, console_errors, slug):
    assert_readable_at_every_width(page, f"{site}/activities/{slug}/")
    assert_readable_at_every_width(page, f"{site}/activities/{slug}/embed/")
    assert console_errors == []


def test_the_programme_page_and_the_index_show_text_at_least_11_css_px(page: Page, site, console_errors):
    assert_readable_at_every_width(page, site + PROGRAMME, figures_at_least=2)  # its top figure and a panel
    assert_readable_at_every_width(page, f"{site}/activities/", figures_at_least=len(REGISTRY))
    assert console_errors == []


def test_a_phone_shows_the_phone_sheet_and_a_wide_screen_the_desk_sheet(page: Page, site):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{site}/activities/matrix-transform/")
    assert "size=phone" in page.evaluate(FIGURES)["figures"][0]["src"]
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{site}/activities/matrix-transform/")
    assert "size=phone" not in page.evaluate(FIGURES)["figures"][0]["src"]


def test_a_live_change_on_a_phone_paints_the_phone_sheet_of_the_new_state(page: Page, site, console_errors):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{site}/activities/matrix-transform/")
    slider = page.locator("input.activity__slider:visible").first
    field = page.locator("#" + slider.get_attribute("data-slider-for"))
    name, before = field.get_attribute("name"), field.input_value()
    slider.focus()
    page.keyboard.press("ArrowRight")
    after = field.input_value()
    assert after != before
    page.wait_for_function(
        """([name, value]) => {
          const src = document.querySelector("img.activity__plot").currentSrc;
          const query = new URL(src).searchParams;
          return query.get("size") === "phone" && Number(query.get(name)) === Number(value);
        }""",
        arg=[name, after],
    )
    assert console_errors == []


@pytest.mark.parametrize("width", [320, 360, 768, 1280])
def test_without_javascript_a_click_lands_where_it_was_made_at_any_width(browser, site, width):
    """The browser's own click.x/click.y (no script to rescale them) name the point under the pointer."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{site}/activities/gradient-field/")
        hit = page.locator("input.activity__hit")
        box = hit.bounding_box()
        assert box["width"] < layout.WIDTH or width == 1280  # shown smaller than its pixels on all but the desk
        with page.expect_navigation():
            hit.click(position={"x": 0.6 * box["width"], "y": 0.4 * box["height"]})
        placed = dict(parse_qsl(urlsplit(page.url).query))
        window = REGISTRY["gradient-field"].limits({"field": "bowl"})
        want = layout.pixel_to_data(0.6 * layout.WIDTH, 0.4 * layout.HEIGHT, window)
        assert float(placed["x"]) == pytest.approx(want[0], abs=0.02)
        assert float(placed["y"]) == pytest.approx(want[1], abs=0.02)
    finally:
        context.close()
