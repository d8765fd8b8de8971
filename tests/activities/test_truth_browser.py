"""Truth in the small things, in real Chromium: a 360 px phone fits every word and formula, and print keeps
the figure and its numbers (issue 11, point 8)."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import SLUGS
from .helpers import PROGRAMME

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}

# What a reader of one panel sees go wrong on a narrow screen, measured in the page itself:
# - wide: elements sticking out of the viewport (unless inside a box that scrolls or clips them);
# - split: words of the visible text laid out on more than one line (a word broken in the middle);
# - formula: whether the formula's last character can be brought into its box (clear of its padding) by
#   scrolling it.
MEASURE = """
(panel) => {
  const inScroller = (el) => {
    for (let a = el.parentElement; a && a !== panel.parentElement; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible' || a.classList.contains('visually-hidden')) return true;
    }
    return false;
  };
  const wide = [];
  for (const el of panel.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    const out = r.right > innerWidth + 0.5 || r.left < -0.5;
    if (r.width && out && !inScroller(el)) wide.push(el.outerHTML.slice(0, 80));
  }
  const split = [];
  const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent.getClientRects().length || parent.closest('.visually-hidden, select, textarea')) continue;
    for (const word of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom)));
      if (lines.size > 1) split.push(word[0]);
    }
  }
  const box = panel.querySelector('.activity__formula');
  box.scrollLeft = box.scrollWidth;  // as far right as a reader can scroll it
  const texts = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  let last = null;
  for (let node = texts.nextNode(); node; node = texts.nextNode()) if (node.data.trim()) last = node;
  const range = document.createRange();
  range.setStart(last, last.data.trimEnd().length - 1);
  range.setEnd(last, last.data.trimEnd().length);
  // Shown means inside the box's content area, clear of its padding: not cut by (or flush with) its edge.
  const glyph = range.getBoundingClientRect(), outer = box.getBoundingClientRect(), style = getComputedStyle(box);
  const frame = {left: outer.left + parseFloat(style.paddingLeft), right: outer.right - parseFloat(style.paddingRight)};
  const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
  const fits = box.scrollWidth <= box.clientWidth;
  return {
    wide, split,
    lastCharacter: last.data.trimEnd().slice(-1),
    lastCharacterShown: glyph.left >= frame.left && glyph.right <= frame.right,
    formulaReachable: fits || scrolls,
    pageWidth: document.scrollingElement.scrollWidth,
  };
}
"""


def assert_fits_a_phone(panel) -> dict:
    panel.scroll_into_view_if_needed()
    seen = panel.evaluate(MEASURE)
    assert seen["pageWidth"] <= PHONE["width"], seen
    assert seen["wide"] == [], seen
    assert seen["split"] == [], seen
    assert seen["formulaReachable"] and seen["lastCharacterShown"], (panel.get_attribute("id"), seen)
    return seen


@pytest.mark.parametrize("slug", SLUGS)
def test_each_activity_page_fits_a_phone(page: Page, site, slug):  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/activities/{slug}/")
    assert_fits_a_phone(page.locator("section.activity"))


def test_the_classifier_with_misclassified_points_fits_a_phone(page: Page, site):  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/activities/linear-classifier/?points=1,1,red;3,-1,blue;-2,-2,blue&w1=1&w2=1&b=0")
    panel = page.locator("section.activity")
    expect(panel.locator(".activity__numbers")).to_contain_text("Misclassified")
    assert_fits_a_phone(panel)


def test_every_panel_of_the_programme_page_fits_a_phone(page: Page, site):  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(f"{site}{PROGRAMME}")
    courses = page.locator("details.course", has=page.locator("section.activity"))
    assert courses.count() >= 2
    for course in courses.all():
        course.locator("summary.course__summary").click()
        expect(course).to_have_attribute("open", "")
    panels = page.locator("details.course section.activity")
    assert panels.count() >= len(SLUGS)
    last = {}
    for panel in panels.all():
        last[panel.get_attribute("id")] = assert_fits_a_phone(panel)["lastCharacter"]
    # The matrix's determinant, the formula's last words, is among what scrolls into view.
    assert last["activity-mlm-504-matrix-transform"] == "5"  # det A = 1.15


PRINTED = (".activity__plot", ".activity__numbers", ".activity__formula")
NOT_PRINTED = (".activity__controls", ".activity__hit", ".activity__presets", ".activity__links", "button")


def assert_prints_figure_and_numbers(panel) -> None:
    for selector in PRINTED:
        expect(panel.locator(selector).first).to_be_visible()
    expect(panel.locator(".activity__numbers dd").first).to_be_visible()
    hint = panel.locator(".activity__hint")
    if hint.count():
        expect(hint).to_be_visible()
    for selector in NOT_PRINTED:
        for element in panel.locator(selector).all():
            expect(element).to_be_hidden()
    # The numbers table, a <details> under the figure, prints open.
    tables = panel.locator(".activity__table")
    assert tables.count() >= 1
    for table in tables.all():  # its facts or its first table, whichever comes first
        expect(table.locator(":scope > :not(summary)").first).to_be_visible()


def test_printing_an_activity_page_keeps_the_figure_and_numbers(page: Page, site):  # noqa: F811
    page.goto(f"{site}/activities/linear-classifier/")
    # The numbers table is closed under the figure, as a reader leaves it.
    expect(page.locator(".activity__table table").first).to_be_hidden()
    page.emulate_media(media="print")
    assert_prints_figure_and_numbers(page.locator("section.activity"))
    expect(page.locator(".site-header")).to_be_hidden()


def test_printing_the_programme_page_keeps_each_open_course_figure(page: Page, site):  # noqa: F811
    page.goto(f"{site}{PROGRAMME}")
    course = page.locator("details#mlm-504")
    course.locator("summary.course__summary").click()
    expect(course).to_have_attribute("open", "")
    page.emulate_media(media="print")
    panels = course.locator("section.activity")
    assert panels.count() >= 2
    for panel in panels.all():
        assert_prints_figure_and_numbers(panel)


def test_on_screen_the_controls_are_there(page: Page, site):  # noqa: F811
    """The print rules are print-only: on screen every control still shows."""
    page.goto(f"{site}/activities/linear-classifier/")
    panel = page.locator("section.activity")
    for selector in (".activity__controls", ".activity__presets", ".activity__links"):
        expect(panel.locator(selector).first).to_be_visible()
