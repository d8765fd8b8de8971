"""A teacher's page on another origin that frames the site's embeds, and the code a teacher copies."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from playwright.sync_api import Page


@contextmanager
def teachers_page(body: str, host: str = "127.0.0.1") -> Iterator[str]:
    """A teacher's course page on another origin (`host`, or another port of the site's): `body` in a document."""
    head = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Course</title></head>'
    html = f"{head}<body>{body}</body></html>"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/course.html"
    finally:
        server.shutdown()
        server.server_close()


def copied_code(page: Page, framed_site: str, path: str) -> str:
    """The <iframe> code a teacher copies from the "Embed this activity" disclosure or the code page."""
    page.goto(framed_site + path)
    box = page.locator("textarea.activity__embed-code").first
    if not box.is_visible():
        page.get_by_text("Embed this activity").first.click()
    return box.input_value()
