"""robots.txt and the sitemap name the site's public address (SITE_URL), whatever Host a request names."""

import pytest

pytestmark = pytest.mark.django_db
HOSTILE = "localhost:99999999"


@pytest.fixture
def public_site(settings):
    settings.SITE_URL = "https://www.dmath.example"
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]  # the hostile port passes Django's host check
    return settings


def test_robots_txt_names_the_sitemap_on_site_url_whatever_the_host(client, public_site):
    response = client.get("/robots.txt", HTTP_HOST=HOSTILE, HTTP_X_FORWARDED_PROTO="http")
    assert response.status_code == 200
    assert "Sitemap: https://www.dmath.example/sitemap.xml\n" in response.content.decode()
    assert "99999999" not in response.content.decode()
    assert response["Cache-Control"] == "public, max-age=3600"


def test_the_sitemap_lists_pages_on_site_url_whatever_the_host(client, seeded, public_site):
    response = client.get("/sitemap.xml", HTTP_HOST=HOSTILE)
    assert response.status_code == 200
    sitemap = response.content.decode()
    assert "<loc>https://www.dmath.example/programmes/msc-machine-learning-mathematics/</loc>" in sitemap
    assert "localhost" not in sitemap
    assert response["Cache-Control"] == "public, max-age=3600"


def test_without_site_url_the_first_allowed_host_stands_in(client, seeded, settings):
    settings.SITE_URL = ""
    settings.LOCAL_SITE_URL = "https://www.dmath.example"
    settings.ALLOWED_HOSTS = ["www.dmath.example", "localhost", "testserver"]
    robots = client.get("/robots.txt", HTTP_HOST=HOSTILE).content.decode()
    assert "Sitemap: https://www.dmath.example/sitemap.xml" in robots
    assert "<loc>https://www.dmath.example/courses/mlm-503/</loc>" in client.get("/sitemap.xml").content.decode()
