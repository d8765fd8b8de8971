"""The activities in real headless Chromium, as a visitor uses them on the programme page."""

import re

import pytest
from playwright.sync_api import Page, expect

from activities.engine.layout import HEIGHT, WIDTH, pixel_to_data
from activities.kinds import REGISTRY
from tests.helpers.browser import type_in_panel

from .helpers import PROGRAMME, open_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def numbers(panel, label: str):
    """The value printed beside a key number's label."""
    return panel.locator(".activity__numbers div", has=panel.page.locator("dt", has_text=label)).locator("dd")


def test_changing_a_changes_the_image_and_the_determinant(page: Page, site, console_errors):
    course = open_course(page, site, "mlm-504")
    panel = course.locator("#activity-mlm-504-matrix-transform")
    plot = panel.locator("img.activity__plot")
    determinant = numbers(panel, "Determinant")
    expect(determinant).to_have_text("1.15")
    old_src = plot.get_attribute("src")

    panel.get_by_label("a (top left)", exact=True).fill("2")
    panel.get_by_label("a (top left)", exact=True).press("Tab")

    expect(determinant).to_have_text("2.15")  # 2 × 1 − 0.5 × (−0.3)
    assert plot.get_attribute("src") != old_src and "a=2" in plot.get_attribute("src")
    expect(plot).to_have_attribute("alt", re.compile("determinant 2.15"))
    assert page.url.endswith(PROGRAMME)  # an embedded panel never changes the page's address
    assert console_errors == []


def test_a_click_on_the_descent_figure_starts_the_path_there(page: Page, site, console_errors):
    course = open_course(page, site, "mlm-504")
    panel = course.locator("#activity-mlm-504-gradient-descent")
    hit = panel.locator("input.activity__hit")
    hit.scroll_into_view_if_needed()
    box = hit.bounding_box()
    # A point in the axes, given in the displayed image's CSS pixels (it may be shown smaller).
    click = (0.7 * box["width"], 0.3 * box["height"])

    hit.click(position={"x": click[0], "y": click[1]})

    limits = REGISTRY["gradient-descent"].limits({"loss": "bowl"})
    x, y = pixel_to_data(click[0] * WIDTH / box["width"], click[1] * HEIGHT / box["height"], limits)
    start_x = panel.get_by_label("Start x", exact=True)
    expect(start_x).not_to_have_value("-1.5")
    assert float(start_x.input_value()) == pytest.approx(x, abs=0.05)
    assert float(panel.get_by_label("Start y", exact=True).input_value()) == pytest.approx(y, abs=0.05)
    expect(panel.locator("img.activity__plot")).to_have_attribute("src", re.compile(r"x=\d"))
    assert console_errors == []


def test_a_click_adds_a_classifier_point(page: Page, site, console_errors):
    course = open_course(page, site, "mlm-504")
    panel = course.locator("#activity-mlm-504-linear-classifier")
    points = numbers(panel, "Points")
    expect(points).to_have_text("10 blue, 10 red")
    panel.get_by_label("Colour of a new point").select_option("red")
    # The choice is part of the state: wait for the panel that carries it.
    expect(panel.locator("img.activity__plot")).to_have_attribute("src", re.compile("colour=red"))

    hit = panel.locator("input.activity__hit")
    hit.scroll_into_view_if_needed()
    box = hit.bounding_box()
    hit.click(position={"x": 0.3 * box["width"], "y": 0.6 * box["height"]})

    expect(points).to_have_text("10 blue, 11 red")
    assert console_errors == []


def test_clt_add_100(page: Page, site, console_errors):
    course = open_course(page, site, "mlm-506")
    panel = course.locator("#activity-mlm-506-clt")
    expect(panel.locator(".activity__numbers")).to_contain_text("Total sample means: 0")

    panel.get_by_role("button", name="Add 100", exact=True).click()

    expect(panel.locator(".activity__numbers")).to_contain_text("Total sample means: 100")
    expect(panel.locator("img.activity__plot")).to_have_attribute("src", re.compile("draws=100"))
    assert console_errors == []


def test_the_standalone_page_keeps_the_state_in_the_address(page: Page, site, console_errors):
    page.goto(f"{site}/activities/clt/")
    page.get_by_role("button", name="Add 10", exact=True).click()
    expect(page).to_have_url(re.compile(r"draws=10(&|$)"))
    page.get_by_role("button", name="Add 100", exact=True).click()
    expect(page).to_have_url(re.compile(r"draws=110(&|$)"))

    page.go_back()
    expect(page).to_have_url(re.compile(r"draws=10(&|$)"))
    expect(page.locator(".activity__numbers")).to_contain_text("Total sample means: 10")
    assert console_errors == []


def test_the_matrix_works_without_javascript(no_js_page, site):
    no_js_page.goto(f"{site}{PROGRAMME}")
    course = no_js_page.locator("details#mlm-504")
    course.locator("summary.course__summary").click()
    panel = course.locator("#activity-mlm-504-matrix-transform")

    panel.get_by_label("a (top left)", exact=True).fill("2")
    panel.get_by_role("button", name="Update").click()

    expect(no_js_page).to_have_url(re.compile(r"/activities/matrix-transform/\?a=2&b=0\.5&c=-0\.3&d=1$"))
    expect(numbers(no_js_page.locator(".activity"), "Determinant")).to_have_text("2.15")


def test_a_refused_state_shows_its_message_in_the_panel(page: Page, site):
    panel = type_in_panel(page, f"{site}/activities/distributions/", "σ (standard deviation)", "-1")

    expect(panel.locator(".activity__error")).to_contain_text("σ")
    expect(page.locator("#activity-distributions")).to_have_count(1)  # swapped in place, not nested
