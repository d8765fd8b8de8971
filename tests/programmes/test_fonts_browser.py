"""Issue 20 in real Chromium: the self-hosted type loads from our own host, and the rough edges stay fixed."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATH = "/programmes/msc-machine-learning-mathematics/"
FONT_BUDGET = 120 * 1024  # bytes of font files on the programme page (issue 20)
WIDTHS = (320, 360, 768, 1280, 1440)


def test_every_font_the_css_names_is_served_and_loads_with_no_third_party_request(page, live_server, seeded):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    responses = []  # the font files the page itself fetched (sized once loaded, before the test asks for more)
    page.on("response", lambda r: responses.append(r) if r.url.endswith(".woff2") else None)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + PATH, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    used = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight)")
    assert {"Source Serif 4 600", "Source Sans 3 400", "Source Sans 3 700"} <= {name.replace('"', "") for name in used}
    fonts = {r.url: len(r.body()) for r in responses}
    weight = sum(fonts.values())
    print(f"fonts on the programme page: {weight} bytes in", *sorted(u.rsplit("/", 1)[1] for u in fonts))  # noqa: T201
    assert 0 < weight <= FONT_BUDGET
    # Every face the stylesheet declares (the subsets this page does not need too) loads when asked. The
    # metric-adjusted fallback faces name the machine's own fonts (local()), which a machine may not have.
    statuses = page.evaluate(
        """Promise.all([...document.fonts].filter(f => !f.family.includes('Fallback'))
             .map(f => f.load().then(() => f.status, () => 'error: ' + f.family)))"""
    )
    assert statuses and set(statuses) == {"loaded"}, statuses
    hosts = {urlsplit(url).netloc for url in requests if not url.startswith("data:")}
    assert hosts == {urlsplit(live_server.url).netloc}


@pytest.mark.parametrize("width", (360, 1280))
def test_the_font_swap_does_not_move_the_page(page, live_server, seeded, width):
    """The web fonts arrive after the first paint (held back 400 ms here, as on a slow phone): the fallback font
    has their metrics, so the swap moves nothing (cumulative layout shift, as Lighthouse counts it, under 0.02)."""

    def late(route):
        page.wait_for_timeout(400)
        route.continue_()

    page.route("**/*.woff2", late)
    page.add_init_script(
        """window.__shift = 0;
        new PerformanceObserver(list => list.getEntries().forEach(e => { if (!e.hadRecentInput) __shift += e.value; }))
          .observe({type: 'layout-shift', buffered: true});"""
    )
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + PATH, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("[...document.fonts].some(f => f.family === 'Source Sans 3' && f.status === 'loaded')")
    page.wait_for_timeout(100)  # the last layout-shift entry is reported after the frame that made it
    assert page.evaluate("__shift") < 0.02


def rows(page, selector: str) -> list[int]:
    """The distinct tops (rounded) of the elements matching ``selector``: one per row they sit on."""
    tops = page.eval_on_selector_all(selector, "els => els.map(e => Math.round(e.getBoundingClientRect().top))")
    return sorted(set(tops))


@pytest.mark.parametrize("width", WIDTHS)
def test_rough_edges_at_every_width(page, live_server, seeded, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + PATH)
    page.evaluate("document.fonts.ready")
    # A separator never ends a line: each is clipped unless text follows it on its own line.
    shown = page.eval_on_selector_all(
        ".hero__kicker-item",
        """items => {
          const box = items[0].closest('.hero__kicker').getBoundingClientRect();
          return items.slice(1).map(item => {
            const sep = item.querySelector('.hero__sep').getBoundingClientRect();
            const startsLine = Math.abs(item.getBoundingClientRect().left - box.left) < 2;
            return startsLine ? sep.right <= box.left + 1 : sep.left >= box.left;
          });
        }""",
    )
    assert all(shown), shown
    # The call to action's arrow stays on the line of its last word.
    button = page.locator(".cta .button")
    lines = button.evaluate(
        """el => { const r = document.createRange(); r.selectNodeContents(el);
                   return new Set([...r.getClientRects()].map(c => Math.round(c.bottom))).size; }"""
    )
    text = button.inner_text()
    assert text.endswith("Mathematics\u00a0→") or text.endswith("Mathematics →")
    arrow_top = button.evaluate(
        """el => { const t = el.firstChild, r = document.createRange(), n = t.length;
                   r.setStart(t, n - 1); r.setEnd(t, n); const a = r.getBoundingClientRect();
                   r.setStart(t, n - 12); r.setEnd(t, n - 2); const w = r.getClientRects();
                   return [Math.round(a.top), Math.round(w[w.length - 1].top)]; }"""
    )
    assert arrow_top[0] == arrow_top[1] and lines <= (3 if width < 360 else 2)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    # The course pager: one row on wide screens, two compact rows on phones.
    page.goto(live_server.url + "/courses/mlm-503/")
    links = ".course-pager__list > li"
    expect(page.locator(links)).to_have_count(3)
    assert len(rows(page, links)) == (1 if width >= 768 else 2)
    if width < 768:
        expect(page.locator(".course-pager__next a")).to_have_text(re.compile(r"MLM 504"))
        assert page.locator(".course-pager__next a").evaluate("el => el.getClientRects().length") == 1
