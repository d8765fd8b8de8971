"""Two sheets for every figure (issue 19, item 3): the desk sheet and the phone sheet, larger type for its width.

Served as files: the phone sheet is 400 × 300 px (800 × 600 at scale 2), the desk sheet unchanged; each has its
own ETag, stable across requests; a bad ``size`` is a readable 400. Drawn: no text in any figure is smaller
than ``style.FONT_SMALLEST`` points on either sheet, and both sheets put the axes at the same fraction of the
image, so a click or a crosshair means the same point whichever sheet a browser shows. What a browser shows at
each screen width is tests/activities/test_sheets_browser.py.
"""

import io

import pytest
from matplotlib.text import Text
from PIL import Image

from activities.engine import layout, pillow, scenes, style
from activities.kinds import REGISTRY

SLUGS = sorted(REGISTRY)


def png(client, slug: str, query: str):
    response = client.get(f"/activities/{slug}/plot.png?{query}")
    assert response.status_code == 200, response.content[:200]
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SLUGS)
def test_the_phone_sheet_is_400_by_300_and_the_desk_sheet_560_by_420(client, slug):
    sizes = {
        query: Image.open(io.BytesIO(png(client, slug, query).content)).size
        for query in ("motion=off", "motion=off&scale=2", "motion=off&size=phone", "motion=off&size=phone&scale=2")
    }
    assert sizes == {
        "motion=off": (560, 420),
        "motion=off&scale=2": (1120, 840),
        "motion=off&size=phone": (400, 300),
        "motion=off&size=phone&scale=2": (800, 600),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SLUGS)
def test_each_sheet_has_its_own_etag_and_the_same_bytes_every_time(client, slug):
    desk, phone, again = (png(client, slug, q) for q in ("", "size=phone", "size=phone"))
    assert desk["ETag"] != phone["ETag"] == again["ETag"]
    assert phone.content == again.content != desk.content
    assert phone["Cache-Control"] == desk["Cache-Control"]
    assert client.get(f"/activities/{slug}/plot.png?size=phone", HTTP_IF_NONE_MATCH=phone["ETag"]).status_code == 304


@pytest.mark.django_db
def test_an_unknown_size_is_a_readable_400(client):
    response = client.get("/activities/clt/plot.png?size=poster")
    assert response.status_code == 400
    assert "size must be one of: desk, phone." in response.content.decode()


def test_both_sheets_put_the_axes_at_the_same_fraction_of_the_image():
    for scale in layout.SCALES:
        desk = layout.axes_box(scale, layout.DESK)
        phone = layout.axes_box(scale, layout.PHONE)
        assert [v / 560 for v in desk[::2]] == pytest.approx([v / 400 for v in phone[::2]])
        assert [v / 420 for v in desk[1::2]] == pytest.approx([v / 300 for v in phone[1::2]])


def test_no_figure_text_is_smaller_than_the_smallest_type_on_either_sheet():
    scenes.clear_scenes()
    held = scenes.warm_scenes()
    assert held == len(layout.SIZES) * len(layout.SCALES) * 17
    sizes = set()
    for scene in scenes._cache.scenes.values():
        texts = [t for t in scene.fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
        sizes |= {t.get_fontsize() for t in texts}
    scenes.clear_scenes()
    assert sizes and min(sizes) >= style.FONT_SMALLEST
    # Text drawn with Pillow (titles, notes, the distributions' axes) comes from pillow.font, which refuses less.
    with pytest.raises(ValueError, match="never under 10 pt"):
        pillow.font(style.FONT_SMALLEST - 1)
