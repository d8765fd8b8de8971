"""A kind declares its optional exports: the page offers only those, and the others' URLs are 404."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("catalogue")
def test_the_page_shows_every_export_a_kind_declares(client):
    page = client.get("/activities/matrix-transform/").content.decode()
    assert "Figure as SVG" in page
    assert "Python script" in page


@pytest.mark.usefixtures("catalogue", "plain_matrix")
def test_a_kind_without_svg_or_script_shows_no_link_to_them_and_they_are_404(client):
    page = client.get("/activities/matrix-transform/").content.decode()
    assert "Figure as SVG" not in page
    assert "Python script" not in page
    assert "Numbers as CSV" in page
    assert client.get("/activities/matrix-transform/plot.svg").status_code == 404
    assert client.get("/activities/matrix-transform/script.py").status_code == 404
    assert client.get("/activities/matrix-transform/plot.png").status_code == 200
