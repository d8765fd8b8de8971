"""Server time, SQL queries and size of the main pages, through Django's test client: `make bench`.

Runs against a throwaway SQLite database loaded with the seed content, with DEBUG off. Then the
whole weight of pages as a browser first loads them: the HTML and every stylesheet, script and image
it names from this site (images at 1x, `<audio preload="none">` not fetched), raw and gzipped.
"""

import gzip
import re
import statistics
import time
from html import unescape

from django_env import setup  # bench/django_env.py

setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PAGES = [
    "/programmes/msc-machine-learning-mathematics/",
    "/courses/mlm-504/",
    "/activities/gradient-descent/",
    "/programmes/msc-machine-learning-mathematics/enrol/",
]

# Whole pages: an activity's own page, its embed page (for other sites' iframes) and a locked embed.
WHOLE = [
    "/activities/gradient-descent/",
    "/activities/matrix-transform/embed/",
    "/activities/gradient-descent/embed/",
    "/activities/distributions/embed/",
    "/activities/linear-classifier/embed/",
]
SUBRESOURCE = re.compile(
    r'<(?:link rel="stylesheet"|script)[^>]*?(?:href|src)="(/static/[^"]+)"|<img[^>]*?\ssrc="([^"]+)"'
)


def _resource(client: Client, url: str) -> bytes:
    """A static file from the finders (as nginx would send it), anything else from the site."""
    if url.startswith("/static/"):
        with open(finders.find(url.removeprefix("/static/")), "rb") as file:
            return file.read()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response) if response.streaming else response.content


def whole_weights(client: Client) -> None:
    print(f"\n{'whole page (HTML + CSS + JS + images)':<52}{'files':>6}{'raw':>9}{'gzip':>8}{'HTML gz':>9}")
    for path in WHOLE:
        html = client.get(path).content
        urls = {unescape(a or b) for a, b in SUBRESOURCE.findall(html.decode())}
        bodies = [_resource(client, url) for url in sorted(urls)]
        raw = len(html) + sum(len(b) for b in bodies)
        # PNGs do not shrink under gzip, and servers do not gzip them: counted as they are.
        sizes = [len(b) if b[:4] == b"\x89PNG" else len(gzip.compress(b)) for b in bodies]
        html_gz = len(gzip.compress(html))
        row = f"{len(bodies) + 1:>6}{raw / 1024:>7.1f}kB{(html_gz + sum(sizes)) / 1024:>6.1f}kB{html_gz / 1024:>7.1f}kB"
        print(f"{path:<52}{row}")


def main(repeats: int = 40) -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)
    client = Client()
    print(f"{'page':<52}{'median':>9}{'p95':>9}{'queries':>9}{'HTML':>9}{'gzip':>8}")
    for path in PAGES:
        client.get(path)  # warm-up
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        body = response.content
        p95 = sorted(times)[round(0.95 * (len(times) - 1))]
        print(
            f"{path:<52}{statistics.median(times):>7.1f}ms{p95:>7.1f}ms{len(queries.captured_queries):>9}"
            f"{len(body) // 1024:>7}kB{len(gzip.compress(body)) // 1024:>6}kB"
        )
    whole_weights(client)


if __name__ == "__main__":
    main()
