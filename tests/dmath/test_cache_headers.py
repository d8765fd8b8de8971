"""Pages a CDN can hold: Cache-Control, an ETag, 304 for If-None-Match, and never a cookie."""

import pytest

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/programmes/msc-machine-learning-mathematics/",
    "/courses/mlm-503/",
    "/activities/",
    "/activities/gradient-descent/",
    "/activities/clt/?source=die&n=10&draws=200&seed=3",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_are_cacheable_with_a_validator_and_no_cookie(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in directives
    assert any(d.startswith("max-age=") and 0 < int(d.split("=")[1]) <= 600 for d in directives)
    assert any(d.startswith("stale-while-revalidate=") for d in directives)
    assert response["ETag"]
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("path", PUBLIC)
def test_if_none_match_answers_304_with_no_body(client, seeded, path):
    etag = client.get(path)["ETag"]
    response = client.get(path, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "public" in response["Cache-Control"]


def test_a_stale_etag_gets_the_page(client, seeded):
    response = client.get(PUBLIC[0], headers={"If-None-Match": '"not-the-current-one"'})
    assert response.status_code == 200


def test_gzip_and_plain_answers_share_a_weak_validator(client, seeded):
    gzipped = client.get(PUBLIC[1], headers={"Accept-Encoding": "gzip"})
    assert gzipped["Content-Encoding"] == "gzip"
    assert client.get(PUBLIC[1], headers={"If-None-Match": gzipped["ETag"]}).status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/programmes/msc-machine-learning-mathematics/enrol/",
        "/programmes/msc-machine-learning-mathematics/enrol/privacy/",
    ],
)
def test_pages_of_the_enrolment_are_private_and_not_stored(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response


def test_the_enrolment_form_sets_its_cookie_only_on_a_private_page(client, seeded):
    response = client.get("/programmes/msc-machine-learning-mathematics/enrol/")
    assert response.cookies  # the CSRF cookie
    assert "public" not in response["Cache-Control"]


def test_error_pages_are_not_made_public(client, seeded):
    response = client.get("/courses/no-such-course/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")
