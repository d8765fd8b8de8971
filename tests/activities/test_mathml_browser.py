"""Formulas that look typeset, in real Chromium (issue 19, item 5): the bundled STIX Two Math is loaded, and every
formula box either fits or scrolls with a visible cue and shows its last glyph unclipped, at 360 and 1280 px, on the
activity page, the programme page (its course catalogue), a course page and an embed."""

import pytest
from playwright.sync_api import Page, expect

from .helpers import PROGRAMME

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = ({"width": 360, "height": 800}, {"width": 1280, "height": 800})
MATRIX = "/activities/matrix-transform/?a=-0.3&b=2&c=-1.25&d=4"
PAGES = (MATRIX, PROGRAMME, "/courses/mlm-504/", "/activities/matrix-transform/embed/?c=-1.25")

FONT_LOADED = """
async () => {
  await document.fonts.ready;
  await document.fonts.load('16px "STIX Two Math"', '\u2212[]');
  const face = [...document.fonts].find((f) => f.family.replace(/"/g, '') === 'STIX Two Math');
  return {face: face ? face.status : null, check: document.fonts.check('16px "STIX Two Math"'),
          family: getComputedStyle(document.querySelector('math')).fontFamily};
}
"""

# For each shown formula box: whether it fits, else whether it scrolls and shows a cue (its edge shadows), and
# whether its last glyph, scrolled fully right, lies inside the box clear of its padding.
BOXES = """
() => [...document.querySelectorAll('.activity__formula')].filter((b) => b.getClientRects().length).map((box) => {
  const style = getComputedStyle(box);
  const fits = box.scrollWidth <= box.clientWidth;
  const scrolls = ['auto', 'scroll'].includes(style.overflowX);
  const cue = (style.backgroundImage.match(/gradient/g) || []).length >= 2;
  box.scrollLeft = box.scrollWidth;
  const texts = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  let last = null;
  for (let n = texts.nextNode(); n; n = texts.nextNode()) if (n.data.trim()) last = n;
  const range = document.createRange();
  const end = last.data.trimEnd().length;
  range.setStart(last, end - 1);
  range.setEnd(last, end);
  const glyph = range.getBoundingClientRect(), outer = box.getBoundingClientRect();
  const shown = glyph.left >= outer.left + parseFloat(style.paddingLeft) - 0.5
    && glyph.right <= outer.right - parseFloat(style.paddingRight) + 0.5
    && glyph.top >= outer.top - 0.5 && glyph.bottom <= outer.bottom + 0.5;
  box.scrollLeft = 0;
  return {id: box.closest('section') && box.closest('section').id, fits, scrolls, cue, shown,
          last: last.data.trimEnd().slice(-1), scrollWidth: box.scrollWidth, clientWidth: box.clientWidth};
})
"""


def _open_every_course(page: Page) -> None:
    courses = page.locator("details.course", has=page.locator("section.activity"))
    assert courses.count() >= 2
    for course in courses.all():
        course.locator("summary.course__summary").click()
        expect(course).to_have_attribute("open", "")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s['width']}px")
@pytest.mark.parametrize("path", PAGES)
def test_formulas_are_typeset_and_never_clipped(page: Page, site, path, size):  # noqa: F811
    page.set_viewport_size(size)
    page.goto(f"{site}{path}")
    if path == PROGRAMME:
        _open_every_course(page)
    font = page.evaluate(FONT_LOADED)
    assert font["face"] == "loaded" and font["check"], font
    assert font["family"].startswith('"STIX Two Math"'), font
    boxes = page.evaluate(BOXES)
    assert boxes, path
    for box in boxes:
        assert box["fits"] or (box["scrolls"] and box["cue"]), box
        assert box["shown"], box


def test_matrix_brackets_stretch_round_the_entries(page: Page, site):  # noqa: F811
    page.goto(f"{site}{MATRIX}")
    page.evaluate(FONT_LOADED)
    heights = page.evaluate(
        """() => {
          const math = document.querySelector('.activity__formula math');
          const open = [...math.querySelectorAll('mo')].find((m) => m.textContent === '[');
          const table = math.querySelector('mtable');
          const entry = [...math.querySelectorAll('mn')].find((m) => m.textContent === '\u22121.25');
          return {bracket: open.getBoundingClientRect().height, table: table.getBoundingClientRect().height,
                  entry: entry ? entry.getBoundingClientRect().height : 0};
        }"""
    )
    # A bracket as tall as the two rows it encloses, not one line's height; the negative entry is one number.
    assert heights["entry"] > 0, heights
    assert heights["bracket"] >= 0.9 * heights["table"] and heights["bracket"] > 1.5 * heights["entry"], heights
