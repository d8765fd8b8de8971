"""Live figures while dragging and the figure kept in view (issue 19, items 1 and 4), in real Chromium.

Every activity at 360×800 and 1280×800. What is asserted is what a visitor sees: the figure's box on the
screen, the figure URLs painted, the numbers and alt text of the panel a drag ends with (against
data.json and the state's own page). No timing: the waits are for states, never for durations.
"""

from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Page, expect

from activities.engine.layout import HEIGHT, WIDTH, pixel_to_data
from activities.kinds import REGISTRY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 360, "height": 800}, "desktop": {"width": 1280, "height": 800}}
SLUGS = sorted(REGISTRY)

# The figure URLs shown live (a plot's src changed in place), and the panels swapped in (a new plot).
RECORD = """
(() => {
  const shown = [];
  window.__shown = shown;
  window.__swaps = 0;
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "attributes" && record.target.matches("img.activity__plot")) {
        const src = record.target.getAttribute("src");
        if (src && shown[shown.length - 1] !== src) shown.push(src);
      }
      record.addedNodes && record.addedNodes.forEach((node) => {
        if (node.querySelectorAll) window.__swaps += node.querySelectorAll("img.activity__plot").length;
      });
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["src"] });
})();
"""

# The figure shown is the one of this value of the field (a live still or a panel's figure).
SHOWS = """([name, value]) => {
  const src = document.querySelector("img.activity__plot").getAttribute("src");
  return Number(new URL(src, document.baseURI).searchParams.get(name)) === Number(value);
}"""

IN_VIEW = """() => {
  const box = document.querySelector(".activity__canvas").getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth;
}"""

SETTLED = "() => !document.querySelector('.activity.htmx-request, .htmx-settling, .htmx-swapping')"


class Flight:
    """Figure requests in flight at once while a drag lasts, from the browser's request events."""

    def __init__(self, page: Page) -> None:
        self.now = self.most = 0
        self.watching = True
        page.on("request", lambda r: self._step(r, 1))
        page.on("requestfinished", lambda r: self._step(r, -1))
        page.on("requestfailed", lambda r: self._step(r, -1))

    def _step(self, request, delta: int) -> None:
        if "/plot.png" in request.url:
            self.now += delta
            if self.watching:
                self.most = max(self.most, self.now)


def state(src: str) -> dict[str, str]:
    return {k: v for k, v in parse_qsl(urlsplit(src).query) if k not in {"motion", "scale", "play"}}


def open_activity(page: Page, site: str, slug: str, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    page.add_init_script(RECORD)
    page.goto(f"{site}/activities/{slug}/")
    expect(page.locator("img.activity__plot")).to_be_visible()


def settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_function(SETTLED)


def lookup(data, key: str):
    for part in key.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def as_number(text: str) -> float | None:
    try:
        return float(text.replace("\u2212", "-").strip())
    except ValueError:
        return None


def assert_final_panel(page: Page, site: str, slug: str, expected: dict[str, str]) -> None:
    """The panel shown is the state's own: its URL, numbers (against data.json) and alt text."""
    plot = page.locator("img.activity__plot")
    shown = state(plot.get_attribute("src"))
    for name, value in expected.items():
        assert float(shown[name]) == pytest.approx(float(value), abs=1e-9), name
    query = "&".join(f"{k}={v}" for k, v in shown.items())
    data = page.request.get(f"{site}/activities/{slug}/data.json?{query}").json()
    for fact in page.locator(".activity__table [data-key]:not(th)").all():
        number, truth = as_number(fact.locator("dd").inner_text()), lookup(data, fact.get_attribute("data-key"))
        if number is not None and isinstance(truth, int | float) and not isinstance(truth, bool):
            assert number == pytest.approx(truth, rel=5e-3, abs=1e-9), fact.get_attribute("data-key")
    # The key numbers, the table and the alt text are those of the state's own page (no script, no drag).
    own = page.context.browser.new_page(java_script_enabled=False)
    own.goto(f"{site}/activities/{slug}/?{query}")
    assert plot.get_attribute("alt") == own.locator("img.activity__plot").get_attribute("alt")
    for part in (".activity__numbers", ".activity__table"):
        assert page.locator(part).text_content() == own.locator(part).text_content(), part
    own.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("slug", SLUGS)
def test_the_figure_is_in_view_after_every_preset_action_and_reset(page: Page, site, console_errors, slug, size):
    open_activity(page, site, slug, size)
    panel = page.locator("section.activity")
    presets = panel.locator(".activity__presets a").count()
    actions = [button.get_attribute("id") for button in panel.locator("button[name=do]").all()]
    controls = [f".activity__presets li:nth-child({n + 1}) a" for n in range(presets)]
    controls += [f"#{button}" for button in actions] + ['a[id$="-reset"]']
    assert len(controls) > 1
    for selector in controls:
        control = page.locator(f"section.activity {selector}")
        if control.is_disabled():
            continue
        control.click()
        settle(page)
        page.wait_for_function(IN_VIEW)  # smooth scrolling arrives; a figure never in view times out
    assert console_errors == []


def slider_of(page: Page):
    slider = page.locator("input.activity__slider:visible").first
    if slider.count() == 0:
        pytest.skip("no slider in this activity's starting state")
    return slider, page.locator("#" + slider.get_attribute("data-slider-for"))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("slug", SLUGS)
def test_a_slider_drag_shows_figures_as_it_goes_and_ends_with_the_final_panel(
    page: Page, site, console_errors, slug, size
):
    open_activity(page, site, slug, size)
    flight = Flight(page)
    slider, field = slider_of(page)
    name = field.get_attribute("name")
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 0.3 * box["width"], y)
    page.mouse.down()
    # Paced moves: each waits for the figure of the value under the pointer.
    for fraction in (0.4, 0.5, 0.6, 0.7):
        page.mouse.move(box["x"] + fraction * box["width"], y)
        page.wait_for_function(SHOWS, arg=[name, field.input_value()])
    # A fast sweep: states superseded while one loads are never requested.
    for step in range(30):
        page.mouse.move(box["x"] + (0.7 - 0.4 * step / 30) * box["width"], y)
    swaps = page.evaluate("window.__swaps")
    page.mouse.up()
    flight.watching = False
    final = field.input_value()
    page.wait_for_function("(n) => window.__swaps > n", arg=swaps)  # the panel, once, on release
    page.wait_for_function(SHOWS, arg=[name, final])
    settle(page)

    stills = set(page.evaluate("window.__shown"))
    assert len(stills) >= 4  # several distinct figures while dragging, before release
    assert flight.most <= 1
    assert_final_panel(page, site, slug, {name: final})
    assert console_errors == []


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("slug", [slug for slug in SLUGS if REGISTRY[slug].drag])
def test_dragging_on_the_figure_moves_what_a_click_places(page: Page, site, console_errors, slug, size):
    open_activity(page, site, slug, size)
    flight = Flight(page)
    hit = page.locator("input.activity__hit")
    x_name, y_name = REGISTRY[slug].drag
    hit.scroll_into_view_if_needed()
    box = hit.bounding_box()
    page.mouse.move(box["x"] + 0.35 * box["width"], box["y"] + 0.35 * box["height"])
    page.mouse.down()
    seen = set()
    for fraction in (0.4, 0.45, 0.5, 0.55, 0.6):
        page.mouse.move(box["x"] + fraction * box["width"], box["y"] + (1 - fraction) * box["height"])
        x = page.locator(f"section.activity [name={x_name}]").input_value()
        page.wait_for_function(SHOWS, arg=[x_name, x])
        seen.add(page.locator("img.activity__plot").get_attribute("src"))
    swaps = page.evaluate("window.__swaps")
    page.mouse.up()
    flight.watching = False
    x = page.locator(f"section.activity [name={x_name}]").input_value()
    y = page.locator(f"section.activity [name={y_name}]").input_value()
    page.wait_for_function("(n) => window.__swaps > n", arg=swaps)
    settle(page)

    assert len(seen) >= 3 and flight.most <= 1
    # Where the pointer was let go, in data coordinates, to the crosshair's step (states repeat).
    limits = REGISTRY[slug].limits(state(page.locator("img.activity__plot").get_attribute("src")))
    want = pixel_to_data(0.6 * WIDTH, 0.4 * HEIGHT, limits)
    step = float(hit.get_attribute("data-step"))
    assert float(x) == pytest.approx(want[0], abs=step / 2 + 0.01)
    assert float(y) == pytest.approx(want[1], abs=step / 2 + 0.01)
    assert_final_panel(page, site, slug, {x_name: x, y_name: y})
    assert console_errors == []


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("slug", SLUGS)
def test_without_javascript_the_page_works_as_before(browser, site, slug, size):
    context = browser.new_context(java_script_enabled=False, viewport=SIZES[size])
    page = context.new_page()
    page.goto(f"{site}/activities/{slug}/")
    assert page.locator("input.activity__slider:visible").count() == 0  # sliders need the script
    assert page.locator(".activity__hit[data-drag].activity__hit--drag").count() == 0
    first = page.locator(".activity__fields input[type=number]").first
    pair = first.get_attribute("data-pair")
    fields = page.locator(f'[data-pair="{pair}"]').all() if pair else [first]
    typed = {}
    for n, field in enumerate(fields):
        low, high = float(field.get_attribute("min")), float(field.get_attribute("max"))
        whole = field.get_attribute("inputmode") == "numeric"
        for fraction in (0.5 + 0.1 * n, 0.25):
            value = low + (high - low) * fraction
            text = str(round(value)) if whole else f"{value:.2f}"
            if field.input_value() != text:
                break
        field.fill(text)
        typed[field.get_attribute("name")] = text
    page.locator("button.activity__update").click()
    page.wait_for_load_state()
    address = dict(parse_qsl(urlsplit(page.url).query))
    plot = page.locator("img.activity__plot")
    for name, text in typed.items():
        assert float(address[name]) == pytest.approx(float(text))
        assert float(state(plot.get_attribute("src"))[name]) == pytest.approx(float(text))
    assert plot.evaluate("(img) => img.complete && img.naturalWidth > 0")
    context.close()


def typed_value(field) -> tuple[str, float]:
    """A value in the field's range, on its step and not its current one, typed with a needless trailing
    zero (as a visitor may): the text, and the number it means."""
    low, high = float(field.get_attribute("min")), float(field.get_attribute("max"))
    raw_step = field.get_attribute("step") or "any"
    if raw_step == "any":
        raw_step = "0.01"
    step = float(raw_step)
    decimals = len(raw_step.split(".")[1]) if "." in raw_step else 0
    current = float(field.input_value())
    for fraction in (0.35, 0.65):
        value = round(low + round(fraction * (high - low) / step) * step, decimals + 2)
        if value != current:
            return f"{value:.{decimals + 1}f}", value
    raise AssertionError("no new value in the field's range")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("slug", SLUGS)
def test_a_typed_number_shows_the_new_states_figure_first_then_its_panel(page: Page, site, console_errors, slug, size):
    open_activity(page, site, slug, size)
    _, field = slider_of(page)
    name = field.get_attribute("name")
    animated = page.locator("img.activity__plot").get_attribute("data-animated") is not None
    text, value = typed_value(field)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if f"/activities/{slug}/" in r.url else None)
    flight = Flight(page)
    swaps = page.evaluate("window.__swaps")
    field.fill(text)
    field.press("Tab")
    page.wait_for_function("(n) => window.__swaps > n", arg=swaps)
    settle(page)
    page.wait_for_function(SHOWS, arg=[name, text])

    # The still of the typed state is asked for first, before the panel (which waits for it).
    first = requests[0]
    assert "/plot.png?" in first and float(state(first)[name]) == pytest.approx(value)
    assert dict(parse_qsl(urlsplit(first).query)).get("motion") == ("off" if animated else None)
    panel = [url for url in requests if "/plot.png?" not in url]
    assert len(panel) == 1 and requests.index(panel[0]) > 0
    figures = [url for url in requests if "/plot.png?" in url]
    if not animated:
        # The panel's figure is the very URL already shown: the swap found it decoded, no second request.
        assert figures == [first]
        assert page.locator("img.activity__plot").evaluate("(img) => img.currentSrc") == first
    assert flight.most <= 1

    # The panel is the state's own, as today: numbers against data.json, alt text, live region, address.
    assert_final_panel(page, site, slug, {name: str(value)})
    alt = page.locator("img.activity__plot").get_attribute("alt")
    page.wait_for_function("(alt) => document.querySelector('[data-activity-status]').textContent === alt", arg=alt)
    assert float(dict(parse_qsl(urlsplit(page.url).query))[name]) == pytest.approx(value)
    assert console_errors == []
