"""The panel in real headless Chromium: a refusal loses nothing, an update neither scrolls nor steals focus,
and half a pair of fields waits for the other half (issue 11, points 1 to 3)."""

import math
import re

import pytest
from playwright.sync_api import Page, expect

from tests.helpers.browser import type_in_panel
from tests.quality.conftest import AXE_JS
from tests.quality.test_gates import axe_violations

from .helpers import open_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# (slug, its standalone page's state, the field's label, a value the server refuses, words of the message)
BAD_VALUES = [
    ("matrix-transform", "", "a (top left)", "50", "between -10 and 10"),
    ("gradient-field", "?field=bowl&x=1&y=1", "Particle start x", "9", "between"),
    ("gradient-descent", "", "Steps", "2.5", "whole number"),
    ("linear-classifier", "", "w₂ (weight of y)", "11", "between -10 and 10"),
    ("distributions", "?dist=binomial&p1=10&p2=0.5", "n (trials)", "1000", "whole number between 1 and 200"),
    ("clt", "", "Sample size n", "0", "between 1 and 1000"),
]


def scroll_to_middle(page: Page, locator) -> None:
    """Put the element in the middle of the viewport, so any jump shows in window.scrollY."""
    locator.evaluate("el => el.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(100)


@pytest.mark.parametrize("slug, query, label, bad, message", BAD_VALUES)
def test_a_bad_value_keeps_the_figure_and_what_was_typed(
    page: Page, site, console_errors, slug, query, label, bad, message
):
    page.goto(f"{site}/activities/{slug}/{query}")
    panel = page.locator(f"#activity-{slug}")
    plot = panel.locator("img.activity__plot")
    good_src = plot.get_attribute("src")
    numbers = panel.locator(".activity__numbers").inner_text()
    selects = {s.get_attribute("name"): s.input_value() for s in panel.locator("select").all()}
    field = panel.get_by_label(label, exact=True)

    field.fill(bad)
    field.press("Enter")

    expect(field).to_have_attribute("aria-invalid", "true")
    field = panel.get_by_label(label, exact=True)
    expect(field).to_have_value(bad)
    expect(panel.locator(f"#{field.get_attribute('id')}-error")).to_contain_text(message)
    expect(panel.locator(".activity__error")).to_contain_text(message)
    expect(plot).to_have_attribute("src", good_src)
    expect(plot).to_be_visible()
    assert panel.locator(".activity__numbers").inner_text() == numbers
    assert {s.get_attribute("name"): s.input_value() for s in panel.locator("select").all()} == selects
    expect(panel.get_by_role("link", name="Reset")).to_be_visible()
    expect(panel.locator("[data-activity-status]")).to_contain_text(message)
    assert [e for e in console_errors if "400" not in e] == []


def test_a_fit_with_no_points_keeps_the_panel(page: Page, site, console_errors):
    page.goto(f"{site}/activities/linear-classifier/?points=none&w1=1&w2=-2&b=0.5")
    panel = page.locator("#activity-linear-classifier")
    plot = panel.locator("img.activity__plot")
    src = plot.get_attribute("src")

    panel.get_by_role("button", name=re.compile("perceptron", re.I)).click()

    expect(panel.locator(".activity__error")).to_contain_text("Add some points")
    expect(plot).to_have_attribute("src", src)
    expect(panel.get_by_label("w₂ (weight of y)", exact=True)).to_have_value("-2")


def test_the_distribution_form_keeps_its_choice_after_a_refusal(page: Page, site):
    panel = type_in_panel(page, f"{site}/activities/distributions/?dist=binomial&p1=10&p2=0.5", "n (trials)", "1000")

    expect(panel.get_by_label("n (trials)", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(panel.get_by_label("Distribution", exact=True)).to_have_value("binomial")  # never back to "Normal"
    expect(panel.get_by_label("p (success probability)", exact=True)).to_have_value("0.5")

    # The next good value is accepted from the kept form: the mean of Binomial(20, 0.5) is 10.
    n = panel.get_by_label("n (trials)", exact=True)
    n.fill("20")
    n.press("Enter")
    expect(panel.locator(".activity__numbers")).to_contain_text("Mean: 10")
    expect(panel.locator(".activity__error")).to_have_count(0)


# (course, slug, how the student acts: ("fill", label, value) or ("click", button name))
EMBEDDED_ACTIONS = [
    ("mlm-504", "matrix-transform", ("fill", "a (top left)", "2"), "Update"),
    ("mlm-504", "matrix-transform", ("fill", "a (top left)", "50"), "Update"),  # a bad value
    ("mlm-504", "linear-classifier", ("click", "Fit: perceptron"), None),
    ("mlm-504", "linear-classifier", ("click", "Clear points"), None),
    ("mlm-506", "clt", ("click", "Add 100"), None),
]


@pytest.mark.parametrize("course, slug, action, then", EMBEDDED_ACTIONS)
def test_an_update_in_an_embedded_panel_neither_scrolls_nor_loses_focus(page: Page, site, course, slug, action, then):
    page.set_viewport_size({"width": 1280, "height": 800})
    section = open_course(page, site, course)
    panel = section.locator(f"#activity-{course}-{slug}")
    if action[0] == "fill":
        control = panel.get_by_label(action[1], exact=True)
        scroll_to_middle(page, control)
        control.fill(action[2])
        control = panel.get_by_role("button", name=then, exact=True)
        control.focus()
    else:
        control = panel.get_by_role("button", name=action[1], exact=True)
        scroll_to_middle(page, control)
    focused = control.get_attribute("id")
    before = page.evaluate("window.scrollY")
    panel.evaluate("el => { el.dataset.seen = 'old'; }")

    control.click()

    expect(panel).not_to_have_attribute("data-seen", "old")  # swapped
    page.wait_for_timeout(300)
    assert abs(page.evaluate("window.scrollY") - before) <= 20
    assert page.evaluate("document.activeElement && document.activeElement.id") == focused


def test_tab_out_of_a_bad_value_keeps_scroll_and_focus(page: Page, site):
    page.set_viewport_size({"width": 1280, "height": 800})
    section = open_course(page, site, "mlm-504")
    panel = section.locator("#activity-mlm-504-matrix-transform")
    field = panel.get_by_label("a (top left)", exact=True)
    scroll_to_middle(page, field)
    before = page.evaluate("window.scrollY")

    field.fill("50")
    field.press("Tab")
    focused = page.evaluate("document.activeElement.id")

    expect(panel.get_by_label("a (top left)", exact=True)).to_have_attribute("aria-invalid", "true")
    page.wait_for_timeout(300)
    assert abs(page.evaluate("window.scrollY") - before) <= 20
    assert focused and page.evaluate("document.activeElement.id") == focused


def test_half_a_particle_waits_for_the_other_half(page: Page, site, console_errors):
    page.goto(f"{site}/activities/gradient-field/")
    panel = page.locator("#activity-gradient-field")
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "/activities/gradient-field/?" in r.url else None)
    x = panel.get_by_label("Particle start x", exact=True)

    x.fill("1")
    x.press("Tab")
    page.wait_for_timeout(500)

    assert requests == []
    expect(panel.locator(".activity__error")).to_have_count(0)
    expect(panel.get_by_label("Particle start x", exact=True)).to_have_value("1")

    y = panel.get_by_label("Particle start y", exact=True)
    y.fill("0.5")
    y.press("Tab")

    expect(panel.locator(".activity__numbers")).to_contain_text("(1, 0.5), f = 1.25")  # f = 1² + 0.5²
    expect(panel.locator("img.activity__plot")).to_have_attribute("src", re.compile(r"x=1&y=0\.5"))
    assert console_errors == []


def test_update_with_half_a_particle_gets_the_servers_message(page: Page, site):
    page.goto(f"{site}/activities/gradient-field/")
    panel = page.locator("#activity-gradient-field")
    panel.get_by_label("Particle start x", exact=True).fill("1")
    panel.get_by_role("button", name="Update").click()

    expect(panel.locator(".activity__error")).to_contain_text("both x and y")
    expect(panel.get_by_label("Particle start x", exact=True)).to_have_value("1")


def test_the_learning_rate_slider_moves_log10_of_eta(page: Page, site):
    page.goto(f"{site}/activities/gradient-descent/")
    panel = page.locator("#activity-gradient-descent")
    slider = panel.locator("#activity-gradient-descent-lr-slider")
    eta = panel.get_by_label("Learning rate η", exact=True)
    expect(slider).to_be_visible()

    # Halfway along a log slider from 10⁻⁴ to 2 is their geometric mean, √(2 × 10⁻⁴) ≈ 0.0141.
    slider.evaluate(
        "el => { el.value = (Number(el.min) + Number(el.max)) / 2;"
        " el.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    assert float(eta.input_value()) == pytest.approx(math.sqrt(2e-4), rel=0.01)

    eta.fill("0.5")
    eta.dispatch_event("input")
    assert float(slider.input_value()) == pytest.approx(math.log10(0.5), abs=0.01)


def test_a_refused_panel_has_no_axe_violations(browser, site):
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(f"{site}/activities/distributions/?dist=binomial&p1=10&p2=0.5")
        panel = page.locator("#activity-distributions")
        n = panel.get_by_label("n (trials)", exact=True)
        n.fill("1000")
        n.press("Enter")
        expect(panel.locator(".activity__error")).to_be_visible()
        assert axe_violations(page, AXE_JS) == []
    finally:
        context.close()


def test_without_javascript_a_bad_value_keeps_the_figure_and_what_was_typed(no_js_page, site):
    no_js_page.goto(f"{site}/activities/distributions/?dist=binomial&p1=10&p2=0.5")
    plot = no_js_page.locator("img.activity__plot")
    src = plot.get_attribute("src")
    no_js_page.get_by_label("n (trials)", exact=True).fill("1000")
    no_js_page.get_by_role("button", name="Update").click()

    expect(no_js_page).to_have_title(re.compile("^Error: "))
    expect(no_js_page.locator(".activity__error")).to_contain_text("between 1 and 200")
    expect(no_js_page.get_by_label("n (trials)", exact=True)).to_have_value("1000")
    expect(no_js_page.get_by_label("Distribution", exact=True)).to_have_value("binomial")
    assert plot.get_attribute("src") == src

    no_js_page.get_by_label("n (trials)", exact=True).fill("20")
    no_js_page.get_by_role("button", name="Update").click()
    expect(no_js_page).to_have_url(re.compile(r"/activities/distributions/\?dist=binomial&p1=20&p2=0\.5&view=pdf$"))


def test_the_error_summary_takes_the_student_to_the_field(page: Page, site):
    panel = type_in_panel(page, f"{site}/activities/matrix-transform/", "a (top left)", "50")
    panel.locator(".activity__error a").click()

    expect(panel.get_by_label("a (top left)", exact=True)).to_be_focused()


def test_the_points_stay_open_as_text_after_an_update(page: Page, site):
    page.goto(f"{site}/activities/linear-classifier/")
    panel = page.locator("#activity-linear-classifier")
    panel.locator("summary", has_text="Points as text").click()
    points = panel.get_by_label("Points", exact=True)
    points.fill("1,1,blue;-1,-1,red")
    panel.get_by_role("button", name="Update").click()

    expect(panel.locator(".activity__numbers")).to_contain_text("1 blue, 1 red")
    expect(panel.get_by_label("Points", exact=True)).to_be_visible()
