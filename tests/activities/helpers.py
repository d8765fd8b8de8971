"""Helpers the activities' tests share (fixtures live in conftest.py)."""

import html as html_lib
import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

PROGRAMME = "/programmes/msc-machine-learning-mathematics/"
HTMX = {"HTTP_HX_REQUEST": "true"}
MATRIX = "/activities/matrix-transform/"


def open_course(page: Page, site: str, code: str):
    page.goto(f"{site}{PROGRAMME}")
    course = page.locator(f"details#{code}")
    course.locator("summary.course__summary").click()
    expect(course).to_have_attribute("open", "")
    return course


def embed_code(client, query: str, path: str = MATRIX) -> str:
    """The iframe's address in the code a teacher copies from the code page for this query."""
    page = client.get(f"{path}embed/code/?{query}")
    assert page.status_code == 200
    textarea = re.search(r'<textarea id="embed-code"[^>]*>([^<]*)</textarea>', page.content.decode()).group(1)
    code = html_lib.unescape(textarea)  # the text in the box: the <iframe> element itself
    return html_lib.unescape(re.search(r'<iframe src="([^"]+)"', code).group(1))


def local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"
