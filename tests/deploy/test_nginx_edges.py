"""Edges of the production site through nginx: secrets in logs, long states, limits, its own errors."""

import html
import http.client
import random
import re
import time
import urllib.parse

from activities.engine.params import format_number
from activities.kinds.linear_classifier.kind import LIMITS, MAX_POINTS, PARAMS, WEIGHT_BOUND
from tests.helpers.htmltext import page_text
from tests.helpers.served import PROGRAMME, apply, email_to, fetch, get, link_in, needs_nginx

pytestmark = needs_nginx
CLASSIFIER = "/activities/linear-classifier/"


def raw(site: str, data: bytes) -> tuple[int, dict, bytes]:
    """Send bytes as they are (a malformed request) and read nginx's answer."""
    host, port = urllib.parse.urlsplit(site).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=15)
    conn.connect()
    try:
        conn.sock.sendall(data)
        response = http.client.HTTPResponse(conn.sock, method="GET")
        response.begin()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def wait_for_log(site, pattern: str) -> str:
    """serve.log once a line matches `pattern` (nginx writes its line when the request is done)."""
    for _ in range(50):
        text = site.log.read_text(errors="replace")
        if re.search(pattern, text):
            return text
        time.sleep(0.2)
    raise AssertionError(f"no log line matches {pattern!r}")


def test_log_lines_mask_the_tokens_of_status_and_verification_links(site):
    opener, _ = apply(site, "logged@example.org")
    verify = link_in(email_to(site, "logged@example.org"), "/verify/")
    with opener.open(site + verify, timeout=10) as response:  # confirms, then shows the status page
        status = urllib.parse.urlsplit(response.url).path
        assert response.status == 200 and "/status/" in status
    secrets = [path.rstrip("/").rsplit("/", 1)[1].split(":", 1)[1] for path in (verify, status)]
    # A request nginx refuses itself (two Host headers) is logged by nginx, not Django.
    code, _, _ = raw(site, f"GET {status} HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    assert code == 400
    reference = status.rstrip("/").rsplit("/", 1)[1].split(":")[0]
    log = wait_for_log(site, rf'nginx .*"GET \S*/status/{reference}:\*\*\*/ HTTP/1.1" 400')
    assert not [secret for secret in secrets if secret in log]
    assert re.search(r"GET \S*/verify/[^/:]+:\*\*\*/ 302 ", log)  # Django's lines
    assert re.search(rf"GET \S*/status/{reference}:\*\*\*/ 200 ", log)


def _longest(low: float, high: float) -> list[float]:
    """The values within [low, high] at 2 decimals (the points' precision) whose text is longest."""
    values = [round(low + k / 100, 2) for k in range(round((high - low) * 100) + 1)]
    longest = max(len(format_number(v)) for v in values)
    return [v for v in values if len(format_number(v)) == longest]


def longest_classifier_state() -> str:
    """The longest valid classifier query, from the activity's own bounds: MAX_POINTS points with the
    longest coordinates and label (varied, so a pin of them does not compress), the longest weights."""
    xmin, xmax, ymin, ymax = LIMITS
    rng = random.Random(16)
    xs, ys = _longest(xmin, xmax), _longest(ymin, ymax)
    label = max(("blue", "red"), key=len)
    triples = [(format_number(rng.choice(xs)), format_number(rng.choice(ys))) for _ in range(MAX_POINTS)]
    points = ";".join(f"{x},{y},{label}" for x, y in triples)
    weight = format_number(-WEIGHT_BOUND * 0.987654321)  # 6 significant digits, negative: "-9.87654"
    assert {spec.name for spec in PARAMS} == {"points", "w1", "w2", "b", "colour"}
    return urllib.parse.urlencode({"points": points, "w1": weight, "w2": weight, "b": weight, "colour": label})


def test_the_longest_classifier_state_works_through_nginx_with_htmx_and_without(site):
    state = longest_classifier_state()
    code, headers, _ = fetch(site, f"{CLASSIFIER}?{state}&do=fit-perceptron", **{"HX-Request": "true"})
    assert code == 200
    assert headers["HX-Push-Url"].startswith(CLASSIFIER + "?points=")
    code, headers, _ = fetch(site, f"{CLASSIFIER}?{state}&do=fit-perceptron")  # the no-JS form's GET
    assert code == 302
    assert headers["Location"].startswith(CLASSIFIER + "?points=")
    # An embed with the points locked carries them twice: in the state and signed in its pin.
    code, _, body = fetch(site, f"{CLASSIFIER}embed/code/?{state}&lock=points")
    assert code == 200
    code_text = html.unescape(html.unescape(body.decode()))  # the <iframe> code, shown as text on the page
    embed = re.search(r'(/activities/linear-classifier/embed/\?[^"<\s]+)', code_text)[1]
    assert "pin=" in embed
    code, headers, _ = fetch(site, embed + "&do=fit-logistic")
    assert code == 302
    assert "pin=" in headers["Location"]
    code, _, _ = fetch(site, embed + "&do=fit-logistic", **{"HX-Request": "true"})
    assert code == 200


def test_the_application_form_page_is_rate_limited_per_address(site):
    # From an address of its own, so the other tests' visits to the form are not counted.
    statuses = [fetch(site, PROGRAMME + "enrol/", source="127.0.0.2")[0] for _ in range(8)]
    assert statuses[0] == 200
    assert 429 in statuses
    code, headers, body = fetch(site, PROGRAMME + "enrol/", source="127.0.0.2")
    assert code == 429
    assert "Too many requests" in page_text(body.decode())
    assert headers["Retry-After"] == "10"
    # Other enrolment pages (the status page, the field checks) are not limited by it.
    assert fetch(site, PROGRAMME + "enrol/privacy/", source="127.0.0.2")[0] == 200


def test_robots_and_the_sitemap_name_site_url_whatever_host_and_scheme_the_client_sends(site):
    hostile = {"Host": "localhost:99999999", "X-Forwarded-Proto": "https"}
    code, headers, body = get(site + "/robots.txt", **hostile)
    assert code == 200
    assert f"Sitemap: {site}/sitemap.xml" in body.decode()
    assert "Cache-Control" in headers
    code, headers, body = get(site + "/sitemap.xml", **hostile)
    assert code == 200
    assert f"<loc>{site}{PROGRAMME}</loc>" in body.decode()
    assert "99999999" not in body.decode() and "https:" not in body.decode()
    assert "Cache-Control" in headers


def _assert_site_headers(headers: dict) -> None:
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_nginxs_own_error_pages_carry_the_security_headers(site):
    code, headers, body = raw(site, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert code == 400
    assert "Bad request" in page_text(body.decode())
    _assert_site_headers(headers)
    assert "Retry-After" not in headers  # waiting does not mend a malformed request
    code, headers, body = get(site + "/activities/linear-classifier/?points=" + "1" * 9000)
    assert code == 414
    _assert_site_headers(headers)
    request = b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n"
    code, headers, _ = raw(site, request)
    assert code == 501
    _assert_site_headers(headers)


def test_gunicorn_has_a_control_socket_of_its_own(site):
    assert (site.run / "gunicorn.ctl").is_socket()
