"""The figure from a keyboard, in real headless Chromium: Tab to it, move the crosshair, press Enter.

What a click on the figure does (drop the field's particle, start the descent, add a classifier
point) must be possible with the keyboard alone, said in the live region, and leave the focus on
the figure; a mouse click must still work the same way.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from activities.engine.layout import HEIGHT, WIDTH, data_to_pixel
from activities.kinds import REGISTRY
from tests.quality.test_gates import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
MINUS = "\u2212"
# The header, the form's fields, sliders and buttons come before the figure: far fewer than this.
MAX_TABS = 80


def tab_to(page: Page, element_id: str) -> None:
    """Press Tab from the top of the page until the element has the focus (a bounded number of times)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
    pytest.fail(f"#{element_id} never took the focus in {MAX_TABS} presses of Tab")


def focused_id(page: Page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def as_number(text: str) -> float:
    return float(text.replace(MINUS, "-"))


def announced_position(status, before: str = "") -> tuple[float, float]:
    """The crosshair's position as the live region says it ("x 0.4, y −1.2"), once it differs from ``before``."""
    expect(status).not_to_have_text(before)
    expect(status).to_have_text(re.compile(r"^x \S+, y \S+$"))
    x, y = re.fullmatch(r"x (\S+), y (\S+)", status.text_content()).groups()
    return as_number(x), as_number(y)


def move_and_click(page: Page, hit_id: str, keys: list[str], click: str = "Enter") -> tuple[float, float]:
    """Tab to the figure, press the keys, read the announced position, then click (Enter or Space); returns it."""
    tab_to(page, hit_id)
    for key in keys:
        page.keyboard.press(key)
    position = announced_position(page.locator(".activity [data-activity-status]"))
    page.keyboard.press(click)
    return position


def numbers(page: Page, label: str):
    return page.locator(".activity__numbers div", has=page.locator("dt", has_text=label)).locator("dd")


def test_the_keyboard_alone_drops_the_field_particle(page: Page, site, console_errors):
    page.goto(f"{site}/activities/gradient-field/")
    hit_id = "activity-gradient-field-click"
    x_field = page.get_by_label("Particle start x", exact=True)
    expect(x_field).to_have_value("")

    tab_to(page, hit_id)
    status = page.locator("#activity-gradient-field [data-activity-status]")
    page.keyboard.press("ArrowRight")
    first = announced_position(status)
    said = status.text_content()
    page.keyboard.press("Shift+ArrowUp")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    x, y = announced_position(status, before=said)
    assert x < 0 and f"x {MINUS}" in status.text_content()  # the minus sign, not a hyphen
    step = float(page.locator(f"#{hit_id}").get_attribute("data-step"))
    large = float(page.locator(f"#{hit_id}").get_attribute("data-large-step"))
    # From there, two small steps left and one large step up (Shift).
    assert x == pytest.approx(first[0] - 2 * step, abs=1e-9) and y == pytest.approx(first[1] + large, abs=1e-9)
    page.keyboard.press("Enter")

    expect(x_field).to_have_value(re.compile(r"."))
    assert as_number(x_field.input_value()) == x
    assert as_number(page.get_by_label("Particle start y", exact=True).input_value()) == y
    expect(numbers(page, "Start")).to_contain_text(f"({_text(x)}, {_text(y)})")
    expect(status).to_have_text(re.compile(rf"^Particle dropped at \({re.escape(_text(x))}, {re.escape(_text(y))}\)"))
    assert focused_id(page) == hit_id
    expect(page).to_have_url(re.compile(rf"x={re.escape(x_field.input_value())}&"))
    assert console_errors == []


def test_the_keyboard_alone_sets_the_descent_start(page: Page, site, console_errors):
    page.goto(f"{site}/activities/gradient-descent/")
    hit_id = "activity-gradient-descent-click"
    x, y = move_and_click(page, hit_id, ["ArrowDown", "ArrowDown", "Shift+ArrowRight"], click="Space")

    start_x = page.get_by_label("Start x", exact=True)
    expect(start_x).not_to_have_value("-1.5")
    assert as_number(start_x.input_value()) == x
    assert as_number(page.get_by_label("Start y", exact=True).input_value()) == y
    status = page.locator("#activity-gradient-descent [data-activity-status]")
    expect(status).to_have_text(
        re.compile(rf"^Descent starts at \({re.escape(_text(x))}, {re.escape(_text(y))}\); loss ")
    )
    expect(page.locator("img.activity__plot")).to_have_attribute("src", re.compile(rf"x={start_x.input_value()}&"))
    assert focused_id(page) == hit_id
    assert console_errors == []


def test_the_keyboard_alone_adds_a_classifier_point_of_the_chosen_colour(browser, site, axe_js_path):
    # bypass_csp lets axe's script in past the site's strict Content-Security-Policy.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{site}/activities/linear-classifier/")
    colour = page.get_by_label("Colour of a new point")
    colour.focus()
    page.keyboard.press("ArrowDown")  # from Blue to Red, with the keyboard
    expect(page.locator("img.activity__plot")).to_have_attribute("src", re.compile("colour=red"))
    expect(numbers(page, "Points")).to_have_text("10 blue, 10 red")

    x, y = move_and_click(page, "activity-linear-classifier-click", ["Shift+ArrowLeft", "ArrowUp"])

    expect(numbers(page, "Points")).to_have_text("10 blue, 11 red")
    status = page.locator("#activity-linear-classifier [data-activity-status]")
    accuracy = numbers(page, "Accuracy").text_content()
    expect(status).to_have_text(f"Point added at ({_text(x)}, {_text(y)}), red; accuracy {accuracy}.")
    points = page.get_by_label("Points", exact=True).input_value()
    assert points.endswith(f"{_ascii(x)},{_ascii(y)},red")
    assert focused_id(page) == "activity-linear-classifier-click"
    assert axe_violations(page, axe_js_path) == []
    context.close()


def test_a_mouse_click_still_drops_the_particle_and_keeps_the_focus(page: Page, site, console_errors):
    page.goto(f"{site}/activities/gradient-field/")
    hit = page.locator("#activity-gradient-field-click")
    box = hit.bounding_box()
    limits = REGISTRY["gradient-field"].limits({"field": "bowl"})
    px, py = data_to_pixel(1.0, -0.5, limits)

    hit.click(position={"x": px * box["width"] / WIDTH, "y": py * box["height"] / HEIGHT})

    x_field = page.get_by_label("Particle start x", exact=True)
    expect(x_field).to_have_value(re.compile(r"."))
    assert float(x_field.input_value()) == pytest.approx(1.0, abs=0.05)
    assert float(page.get_by_label("Particle start y", exact=True).input_value()) == pytest.approx(-0.5, abs=0.05)
    expect(page.locator("#activity-gradient-field [data-activity-status]")).to_have_text(
        re.compile(r"^Particle dropped at ")
    )
    assert focused_id(page) == "activity-gradient-field-click"
    assert console_errors == []


def test_the_crosshair_sits_on_the_figure_of_a_360_px_phone(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{site}/activities/gradient-descent/")
    hit_id = "activity-gradient-descent-click"
    tab_to(page, hit_id)
    page.keyboard.press("Shift+ArrowRight")
    x, y = announced_position(page.locator("[data-activity-status]"))

    plot = page.locator("img.activity__plot").bounding_box()
    cross = page.locator(".activity__crosshair")
    expect(cross).to_be_visible()
    mark = cross.bounding_box()
    px, py = data_to_pixel(x, y, REGISTRY["gradient-descent"].limits({"loss": "bowl"}))
    # The crosshair's centre is the data point, in the image as shown (smaller than 560 px).
    assert plot["width"] < WIDTH
    assert mark["x"] + mark["width"] / 2 == pytest.approx(plot["x"] + px * plot["width"] / WIDTH, abs=1.5)
    assert mark["y"] + mark["height"] / 2 == pytest.approx(plot["y"] + py * plot["height"] / HEIGHT, abs=1.5)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    context.close()


@pytest.fixture(scope="session")
def axe_js_path() -> Path:
    if not AXE_JS.exists():
        pytest.fail("node_modules/axe-core/axe.min.js is missing: run `npm ci --no-audit --no-fund`.")
    return AXE_JS


def _text(value: float) -> str:
    """A coordinate as the page writes it (activities.engine.notation.number with 2 decimals)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return ("0" if text == "-0" else text).replace("-", MINUS)


def _ascii(value: float) -> str:
    return _text(value).replace(MINUS, "-")
