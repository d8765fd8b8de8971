"""The programme page in real headless Chromium, as a visitor uses it."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATH = "/programmes/msc-machine-learning-mathematics/"


def test_page_loads_without_console_errors_and_a_course_expands(page, live_server, seeded, console_errors):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text("MSc Machine Learning & Mathematics")
    course = page.locator("details#mlm-503")
    outcome = course.get_by_text("Use accelerated methods.")
    expect(outcome).to_be_hidden()
    course.locator("summary.course__summary").click()
    expect(outcome).to_be_visible()
    expect(course.get_by_text("To analyse and apply optimisation algorithms used in ML.")).to_be_visible()
    assert console_errors == []


def test_a_course_anchor_opens_that_course(page, live_server, seeded):
    page.goto(live_server.url + PATH + "#mlm-506")
    expect(page.locator("details#mlm-506").get_by_text("Use Gaussian processes.")).to_be_visible()


def test_no_horizontal_scroll_on_a_360px_phone(page, live_server, seeded):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in [PATH, "/courses/mlm-504/"]:
        page.goto(live_server.url + path)
        page.locator("details.course").first.evaluate("el => el.open = true") if path == PATH else None
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"


def test_skip_link_moves_focus_to_the_content(page, live_server, seeded):
    page.goto(live_server.url + PATH)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
