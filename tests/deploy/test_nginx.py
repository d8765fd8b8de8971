"""nginx in front of gunicorn, as `make serve` runs them (deploy/serve.py), with real processes.

Skipped only where nginx is not installed; `make test` installs it, so it runs in CI.
"""

import socket
from concurrent.futures import ThreadPoolExecutor

from deploy.serve import render_nginx_conf
from tests.helpers.htmltext import page_text
from tests.helpers.served import PROGRAMME, apply, email_to, get, needs_nginx

pytestmark = needs_nginx


def test_the_template_fills_every_placeholder(tmp_path):
    conf = render_nginx_conf(listen="127.0.0.1:1", upstream="unix:/x.sock", static_root=tmp_path, run_dir=tmp_path)
    assert "@" not in "\n".join(line.split("#")[0] for line in conf.splitlines())
    assert "large_client_header_buffers 4 8k;" in conf
    # The scheme nginx saw, never the client's X-Forwarded-Proto passed on. Only the internal server
    # of figure misses (a Unix socket, reached from the public server alone) passes on what it was sent.
    public = conf[conf.index("listen 127.0.0.1:1") :]
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in public
    assert "$http_x_forwarded_proto" not in public
    internal = conf[conf.index(f"listen unix:{tmp_path}/figures.sock") : conf.index("listen 127.0.0.1:1")]
    assert "proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;" in internal
    assert "max_size=256m" in conf and "server unix:/x.sock fail_timeout=0;" in conf


def test_pages_come_through_nginx(site):
    status, headers, body = get(site + PROGRAMME)
    assert status == 200
    assert headers["Server"] == "nginx"
    assert "MSc Machine Learning" in page_text(body.decode())


def test_a_hundred_connections_that_never_finish_their_headers_do_not_stop_the_site(site):
    port = int(site.rsplit(":", 1)[1])
    stalled = []
    try:
        for _ in range(100):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET " + PROGRAMME.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            stalled.append(sock)
        # gunicorn alone (3 sync workers) would hang here until its 30 s timeout: every worker waits
        # for a header that never comes. nginx holds the 100 itself and gunicorn stays free.
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda _: get(site + PROGRAMME, timeout=10)[0], range(8)))
        assert answers == [200] * 8
    finally:
        for sock in stalled:
            sock.close()


def test_static_files_are_served_by_nginx_with_long_cache_headers(site):
    _, _, body = get(site + PROGRAMME)
    css = body.decode().split('href="/static/css/site.')[1].split('"')[0]
    status, headers, _ = get(f"{site}/static/css/site.{css}", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers.get("Content-Encoding") == "gzip"
    assert "X-Request-ID" not in headers  # not a Django response


def test_favicon_ico_through_nginx(site):
    status, headers, body = get(site + "/favicon.ico")
    assert status == 200
    assert body[:4] == b"\x00\x00\x01\x00"


def test_too_many_logins_get_the_styled_429(site):
    statuses = [get(site + "/admin/login/")[0] for _ in range(8)]
    assert statuses[0] == 200
    assert 429 in statuses
    status, headers, body = get(site + "/admin/login/")
    assert status == 429
    assert "Too many requests" in page_text(body.decode())
    assert 'href="/static/css/site.' in body.decode()
    assert headers["Retry-After"] == "10"


def test_an_address_longer_than_the_header_buffers_gets_the_styled_414(site):
    status, _, body = get(site + "/activities/linear-classifier/?points=" + "1" * 9000)
    assert status == 414
    assert "Address too long" in page_text(body.decode())


def test_the_longest_activity_address_is_accepted(site):
    status, _, _ = get(site + "/activities/gradient-descent/?loss=bowl&x=1&y=1&pad=" + "1" * 5900)
    assert status != 414


def test_an_unknown_host_through_nginx_gets_the_styled_400(site):
    status, _, body = get(site + PROGRAMME, Host="evil.example.com")
    assert status == 400
    assert "Bad request" in page_text(body.decode())


def test_an_applicant_posts_through_nginx_and_the_worker_sends_the_email(site):
    """A browser's POST carries an Origin with the port; nginx must pass the Host with it (CSRF)."""
    _, text = apply(site, "nginx@example.org")
    assert "Check your email" in text
    # The email is sent by the worker process beside gunicorn, not in the request.
    assert "/verify/" in email_to(site, "nginx@example.org")
