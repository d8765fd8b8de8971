"""``audio.wav`` answers byte ranges (Safari asks for ``bytes=0-1`` before it plays any audio)."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/activities/distributions/audio.wav?dist=gamma&p1=2&p2=1"


@pytest.fixture
def whole(client) -> bytes:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content


def test_without_a_range_the_whole_file_says_it_serves_ranges(client, whole):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response.content == whole and whole.startswith(b"RIFF")
    assert "Content-Range" not in response


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-1", 0, 1), ("bytes=10-", 10, None), ("bytes=-100", -100, None), ("bytes=4-99999999", 4, None)],
)
def test_a_range_is_a_206_with_those_bytes(client, whole, header, first, last):
    response = client.get(URL, HTTP_RANGE=header)

    assert response.status_code == 206
    size = len(whole)
    start = first % size
    end = size - 1 if last is None else last
    assert response.content == whole[start : end + 1]
    assert response["Content-Range"] == f"bytes {start}-{end}/{size}"
    assert int(response["Content-Length"]) == end - start + 1
    assert response["Content-Type"] == "audio/wav" and response["ETag"]


@pytest.mark.parametrize("header", ["bytes=999999999-", "bytes=5-2", "bytes=abc", "bytes=-0", "bytes=-"])
def test_a_range_the_file_cannot_satisfy_is_a_416(client, whole, header):
    response = client.get(URL, HTTP_RANGE=header)

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(whole)}"
    assert not response.content
    assert "immutable" not in response.get("Cache-Control", "")  # no cache keeps the refusal


def test_several_ranges_another_unit_or_an_old_if_range_get_the_whole_file(client, whole):
    etag = client.get(URL)["ETag"]
    for headers in (
        {"HTTP_RANGE": "bytes=0-1,4-5"},
        {"HTTP_RANGE": "items=0-1"},
        {"HTTP_RANGE": "bytes=0-1", "HTTP_IF_RANGE": '"an-older-version"'},
    ):
        response = client.get(URL, **headers)
        assert response.status_code == 200 and response.content == whole, headers
    matching = client.get(URL, HTTP_RANGE="bytes=0-1", HTTP_IF_RANGE=etag)
    assert matching.status_code == 206 and matching.content == whole[:2]


def test_the_etag_still_answers_304_with_or_without_a_range(client, whole):
    etag = client.get(URL)["ETag"]
    for headers in ({}, {"HTTP_RANGE": "bytes=0-1"}):
        response = client.get(URL, HTTP_IF_NONE_MATCH=etag, **headers)
        assert response.status_code == 304 and not response.content
