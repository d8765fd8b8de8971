"""Production mode, security headers, error pages and the health check."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from dmath.views import server_error
from tests.helpers.htmltext import page_text
from tests.helpers.production import SECRET, run_django

pytestmark = pytest.mark.django_db
PAGES = ["/programmes/msc-machine-learning-mathematics/", "/courses/mlm-503/", "/healthz", "/no-such-page/"]


def test_production_refuses_to_start_without_a_secret_key():
    result = run_django({"DJANGO_ENV": "production", "DJANGO_ALLOWED_HOSTS": "www.example.ac.uk"}, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_django({"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": SECRET}, "check")
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ({"EMAIL_BACKEND": ""}, "Set EMAIL_BACKEND"),
        ({"EMAIL_BACKEND": "console"}, "would print applicants' emails"),
        ({"EMAIL_BACKEND": "smtp"}, "EMAIL_BACKEND=smtp needs EMAIL_HOST"),
    ],
)
def test_production_refuses_to_start_without_a_real_email_backend(email, message):
    env = {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": SECRET, "DJANGO_ALLOWED_HOSTS": "www.example.ac.uk"}
    result = run_django({**env, **email}, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_check_deploy_is_clean_in_production():
    env = {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": SECRET, "DJANGO_ALLOWED_HOSTS": "www.example.ac.uk"}
    result = run_django(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_response(client, seeded, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert len(response["X-Request-ID"]) >= 8


def test_only_the_admin_allows_inline_styles(client, seeded):
    csp = client.get("/admin/login/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert "script-src 'self';" in csp + ";"


def test_a_well_formed_request_id_is_kept(client, seeded):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-1234abcd"})
    assert response["X-Request-ID"] == "lb-1234abcd"
    response = client.get("/healthz", headers={"X-Request-ID": "bad id <script>"})
    assert response["X-Request-ID"] != "bad id <script>"


@pytest.mark.parametrize("path", ["/healthz", "/healthz/live"])
def test_liveness_asks_nothing_of_the_dependencies(client, path, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(path)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_readiness_reports_database_and_caches(client, seeded):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "plots_cache": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("status", "title"),
    [(400, "Bad request"), (403, "Access denied"), (404, "Page not found"), (429, "Too many requests")],
)
def test_error_pages_keep_the_site_style(status, title):
    from django.template.loader import render_to_string

    html = render_to_string(f"{status}.html", {"site_name": "D'Math University"})
    assert f"<h1>{title}</h1>" in html
    assert 'href="/static/css/site.css"' in html or "site." in html
    assert "Traceback" not in html


def test_the_500_page_needs_no_database_or_context():
    response = server_error(RequestFactory().get("/"))
    text = page_text(response.content.decode())
    assert response.status_code == 500
    assert "Something went wrong" in text
    assert "Traceback" not in text


def test_a_database_outage_answers_a_styled_503():
    request = RequestFactory().get("/programmes/msc-machine-learning-mathematics/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)  # as Django's exception handler calls it
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Temporarily unavailable" in page_text(response.content.decode())


def test_head_requests_are_answered(client, seeded):
    assert client.head("/programmes/msc-machine-learning-mathematics/").status_code == 200


def test_html_is_compressed_and_plots_are_not_compressed_twice(client, seeded):
    page = client.get("/programmes/msc-machine-learning-mathematics/", headers={"Accept-Encoding": "gzip"})
    assert page["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page["Vary"]
    plot = client.get("/activities/matrix-transform/plot.png", headers={"Accept-Encoding": "gzip"})
    assert plot.status_code == 200 and not plot.has_header("Content-Encoding")


@pytest.mark.parametrize("path", ["/programmes/msc-machine-learning-mathematics/", "/courses/mlm-504/"])
def test_public_pages_set_no_cookie_so_a_cache_can_share_them(client, seeded, path):
    response = client.get(path)
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_the_enrolment_form_carries_the_csrf_token_for_htmx(client, seeded):
    html = client.get("/programmes/msc-machine-learning-mathematics/enrol/").content.decode()
    assert 'data-hx-headers=\'{"x-csrftoken": "' in html
