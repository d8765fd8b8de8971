"""An htmx fragment shares its page's URL: only the browser that asked may keep it, never a shared cache."""

import pytest

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
URLS = [
    "/activities/matrix-transform/?a=2",
    "/activities/clt/?source=die&n=10&draws=200&seed=3&embed=mlm-503&level=3",  # a course's panel
    "/activities/matrix-transform/embed/?a=2",
    "/activities/gradient-descent/embed/?hide=lr",
]


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.parametrize("url", URLS)
def test_a_fragment_is_private_and_varies_on_htmx(client, catalogue, url):
    response = client.get(url, **HTMX)

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "private" in directives(response) and "public" not in directives(response)
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("url", URLS)
def test_the_page_at_the_same_url_stays_public(client, catalogue, settings, url):
    response = client.get(url.split("&embed=")[0])  # a course's place means nothing to a page

    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert response["Cache-Control"] == settings.PUBLIC_PAGE_CACHE_CONTROL
    assert "HX-Request" in response["Vary"]


def test_a_refused_fragment_is_private_too(client, catalogue):
    for url in ("/activities/matrix-transform/?a=zzz", "/activities/matrix-transform/embed/?lock=nope"):
        response = client.get(url, **HTMX)
        assert response.status_code == 400
        assert "private" in directives(response)
