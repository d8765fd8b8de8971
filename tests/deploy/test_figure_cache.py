"""nginx's cache of figures (issue 19, item 9): a class behind one address dragging the same slider is
served from nginx's cache, and only the misses count against the address's limit on /activities/
(30 r/s, burst 60), so the class sees no 429 while one client drawing unique states is still throttled.

Real nginx and gunicorn (the package's `site`), each test from a loopback address of its own.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

from tests.helpers.served import fetch, needs_nginx

pytestmark = needs_nginx

MATRIX = "/activities/matrix-transform/plot.png?a={a}&b=0.5&c=-0.3&d=1"


def test_a_figure_is_served_from_nginx_cache_the_second_time(site):
    path = MATRIX.format(a="1.7")
    first = fetch(site, path, "127.0.0.4")
    second = fetch(site, path, "127.0.0.4")
    assert first[0] == second[0] == 200
    assert (first[1]["X-Cache-Status"], second[1]["X-Cache-Status"]) == ("MISS", "HIT")
    assert first[2] == second[2] and first[2].startswith(b"\x89PNG")
    assert first[1]["ETag"] == second[1]["ETag"]
    assert "immutable" in second[1]["Cache-Control"]
    # A browser revalidating gets a 304 from the cache, with no body.
    status, headers, body = fetch(site, path, "127.0.0.4", **{"If-None-Match": first[1]["ETag"]})
    assert (status, body) == (304, b"")
    # Bad input is still gunicorn's readable 400, never cached as a figure.
    status, headers, body = fetch(site, MATRIX.format(a="oops"), "127.0.0.4")
    assert status == 400 and headers["X-Cache-Status"] == "MISS"


def test_a_class_dragging_the_same_slider_is_not_throttled_but_a_flood_of_unique_states_is(site):
    states = [MATRIX.format(a=f"{0.1 * step:.1f}") for step in range(-20, 21)]  # 41 states of a slider

    def student(number: int) -> list[int]:
        # Each of 30 students drags through every state three times, from the same school address.
        order = states[number % len(states) :] + states[: number % len(states)]
        return [fetch(site, path, "127.0.0.5")[0] for path in order * 3]

    with ThreadPoolExecutor(30) as pool:
        statuses = [status for result in pool.map(student, range(30)) for status in result]
    assert len(statuses) == 30 * 41 * 3
    assert statuses.count(200) == len(statuses), {status: statuses.count(status) for status in set(statuses)}

    # One client sending 120 states no one asked for at once: every one is a miss, so nginx counts each
    # on arrival, whatever gunicorn's speed; past the burst of 60 (and the 30 a second refilled while
    # they arrive), 429.
    start = threading.Barrier(120)

    def unique(step: int) -> tuple[int, dict, bytes]:
        start.wait()
        return fetch(site, MATRIX.format(a=f"{1 + 0.001 * step:.3f}"), "127.0.0.6")

    with ThreadPoolExecutor(120) as pool:
        flood = list(pool.map(unique, range(120)))
    codes = [status for status, _, _ in flood]
    assert codes.count(429) > 0 and set(codes) <= {200, 429}
    refused = next(headers for status, headers, _ in flood if status == 429)
    assert refused["Retry-After"] == "10"
