"""Quality gates in real headless Chromium: axe-core, the Nu HTML Checker, console and hosts.

Every page a visitor reaches (the programme page, a course page, each activity page and the
enrolment form) must have no axe-core violation, no HTML error and, as loaded, no console error
and no request to another host. A page whose URL no longer resolves fails every gate.
"""

import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.helpers.gates import ROOT, axe_violations, fail_on, fetch, html_errors
from tests.helpers.pagesets import PAGE_SETS, PROGRAMME

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_page(context, url: str):
    """A new tab at `url`, loaded (nothing on these pages loads later by itself)."""
    page = context.new_page()
    page.goto(url, wait_until="load")
    return page


def watch(page, host: str) -> list[str]:
    """Console errors, uncaught exceptions, failed or 4xx/5xx requests and other hosts' requests on `page`."""
    seen: list[str] = []

    def on_request(request):
        parts = urlsplit(request.url)
        if parts.scheme not in {"data", "blob", "about"} and parts.netloc != host:
            seen.append(f"request to another host: {request.method} {request.url}")

    page.on("console", lambda msg: seen.append(f"console error: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: seen.append(f"uncaught exception: {exc}"))
    page.on("request", on_request)
    page.on("requestfailed", lambda req: seen.append(f"request failed: {req.url} ({req.failure})"))
    page.on(
        "response",
        lambda resp: seen.append(f"HTTP {resp.status}: {resp.url}") if resp.status >= 400 else None,
    )
    return seen


@pytest.mark.parametrize("name", list(PAGE_SETS))
def test_no_axe_violations(name, page_sets, browser, live_server, axe_js):
    pages = page_sets(name)
    # bypass_csp lets axe's script in past the site's strict Content-Security-Policy.
    context = browser.new_context(bypass_csp=True)
    problems = {}
    try:
        for path in pages:
            page = open_page(context, live_server.url + path)
            problems[path] = axe_violations(page, axe_js)
            page.close()
    finally:
        context.close()
    fail_on(problems, "axe-core violations")


def test_no_axe_violations_after_opening_a_course_and_changing_an_activity(page_sets, browser, live_server, axe_js):
    context = browser.new_context(bypass_csp=True)
    problems = {}
    try:
        page = open_page(context, live_server.url + PROGRAMME)
        course = page.locator("details#mlm-504")
        course.locator("summary").first.click()
        entry = course.locator("input[name='a']").first
        expect(entry).to_be_visible()
        page.wait_for_load_state("networkidle")
        problems["after opening MLM 504"] = axe_violations(page, axe_js)

        page.evaluate(
            "() => { window.__settled = false;"
            " document.body.addEventListener('htmx:afterSettle', () => { window.__settled = true; }, {once: true}); }"
        )
        before = course.inner_text()
        entry.fill("2.5" if entry.input_value() != "2.5" else "1.5")
        entry.press("Tab")  # a change event, whether the form listens to input or to change
        page.wait_for_function("() => window.__settled === true", timeout=10_000)
        page.wait_for_load_state("networkidle")
        assert course.inner_text() != before, "the htmx swap left MLM 504's activity unchanged"
        problems["after changing the matrix entry a through htmx"] = axe_violations(page, axe_js)
    finally:
        context.close()
    fail_on(problems, "axe-core violations on the programme page")


@pytest.mark.parametrize("name", list(PAGE_SETS))
def test_loads_without_console_errors_or_other_hosts(name, page_sets, browser, live_server):
    pages = page_sets(name)
    host = urlsplit(live_server.url).netloc
    context = browser.new_context()  # the site's own CSP applies: a violation is a console error
    problems = {}
    try:
        for path in pages:
            page = context.new_page()
            seen = watch(page, host)
            page.goto(live_server.url + path, wait_until="load")
            # Open every course and scroll down, so lazy images and htmx loads happen too.
            page.eval_on_selector_all("details", "els => els.forEach(d => { d.open = true; })")
            page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_load_state("networkidle")
            problems[path] = seen
            page.close()
    finally:
        context.close()
    fail_on(problems, "Console errors, failed requests or requests to other hosts")


def test_no_html_errors(page_sets, live_server, vnu_command):
    pages = {}
    for name in PAGE_SETS:
        for path in page_sets(name):
            status, html = fetch(live_server.url + path)
            assert status == 200, f"{path} answered {status}"
            pages[path] = html
    fail_on(html_errors(vnu_command, pages), "Nu HTML Checker errors")


# What the Nu checker's CSS validator (CSS 3 of its day) does not know yet, each by its exact message, file and
# line's content: container queries and typed arithmetic (the figure's click layer scaled to the figure,
# static/css/activities.css). Anything else it reports still fails.
CSS_NEWER_THAN_THE_CHECKER = {
    ("activities.css", "“container-type”: Property “container-type” doesn't exist.", ".activity__canvas {"),
    ("activities.css", "“--activity-hit-scale”: Parse Error.", "--activity-hit-scale: calc(100cqw / 560px);"),
}


def _newer_than_the_checker(where: str, message: dict) -> bool:
    line = message.get("lastLine")
    if not isinstance(line, int):
        return False
    text = (ROOT / "static" / "css" / where).read_text().splitlines()[line - 1].strip()
    return any(
        where == name and message["message"].endswith(words) and text.startswith(start)
        for name, words, start in CSS_NEWER_THAN_THE_CHECKER
    )


def test_every_stylesheet_is_valid_css(vnu_command):
    """The Nu checker's CSS validator on every stylesheet of the site: one unclosed brace would make a
    browser drop every rule after it (a merge once lost the numbers table's and Listen's styles so)."""
    sheets = sorted((ROOT / "static" / "css").glob("*.css"))
    assert len(sheets) >= 5
    result = subprocess.run(
        [*vnu_command, "--css", "--format", "json", "--stdout", "--exit-zero-always", *map(str, sheets)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"vnu failed to run: {result.stderr}"
    problems: dict[str, list[str]] = {}
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] in {"error", "non-document-error"}:
            where = Path(urlsplit(message.get("url", "")).path).name
            if _newer_than_the_checker(where, message):
                continue
            problems.setdefault(where, []).append(f"line {message.get('lastLine', '?')}: {message['message']}")
    fail_on(problems, "CSS errors")
