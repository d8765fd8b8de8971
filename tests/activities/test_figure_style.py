"""Figures in the site's type and colours (issue 19, item 6; issue 20, item 1): matplotlib and Pillow draw with the
page's text font, the palette is site.css's, legends sit clear of the axes, text is legible, and a state still
draws the same bytes in every process."""

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.legend import Legend
from matplotlib.text import Text

from activities.engine import pillow, scenes, style
from activities.engine.params import parse as parse_params
from activities.kinds import REGISTRY

SITE_CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"
FONTS = Path(settings.BASE_DIR) / "activities" / "engine" / "fonts"


def _default(slug: str) -> dict:
    return parse_params(REGISTRY[slug].params, {})


def _render_every_default() -> None:
    scenes.clear_scenes()
    for slug, kind in REGISTRY.items():
        values = _default(slug)
        kind.render(values, kind.compute(values), 1)


def test_the_font_files_are_source_sans_3_with_their_license() -> None:
    for weight, path in (("normal", FONTS / "SourceSans3-Regular.ttf"), ("bold", FONTS / "SourceSans3-Bold.ttf")):
        assert style.FONT_FILES[weight] == path
        names = TTFont(path)["name"]
        assert names.getDebugName(1) == "Source Sans 3"
        assert TTFont(path)["OS/2"].usWeightClass == (400 if weight == "normal" else 700)
    assert "SIL Open Font License" in (FONTS / "OFL-source-sans-3.txt").read_text()


def test_matplotlib_finds_the_sites_font() -> None:
    found = font_manager.findfont(font_manager.FontProperties(family=style.FAMILY), fallback_to_default=False)
    assert Path(found) == style.FONT_FILES["normal"]
    bold = font_manager.findfont(font_manager.FontProperties(family=style.FAMILY, weight="bold"))
    assert Path(bold) == style.FONT_FILES["bold"]


def test_pillow_draws_with_the_same_files() -> None:
    assert Path(pillow.font().path) == style.FONT_FILES["normal"]
    assert Path(pillow.font(bold=True).path) == style.FONT_FILES["bold"]
    assert pillow.font().getname() == ("Source Sans 3", "Regular")


def test_the_figures_colours_are_the_sites() -> None:
    css = SITE_CSS.read_text()
    properties = dict(re.findall(r"--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\s*;", css))
    assert len(style.SITE_PALETTE) >= 9
    for name, colour in style.SITE_PALETTE.items():
        assert properties[name].lower() == colour.lower(), name
    assert style.BLACK == style.NAVY and properties["ink"] == style.INK and properties["line"] == style.GRID


def _texts(figure) -> list[Text]:
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]


def test_every_figure_text_is_in_the_sites_font_and_at_least_10_pt() -> None:
    _render_every_default()
    assert scenes._cache.scenes, "no scene was drawn"
    for key, scene in scenes._cache.scenes.items():
        for text in _texts(scene.fig):  # the distributions draw all their words with Pillow
            assert text.get_fontsize() >= 10, (key, text.get_text(), text.get_fontsize())
            assert text.get_fontfamily()[0] == "Source Sans 3", (key, text.get_text())
            assert Path(font_manager.findfont(text.get_fontproperties())) in style.FONT_FILES.values()
    for size in (style.FONT_TICK, style.FONT_LABEL, style.FONT_TITLE, style.FONT_NOTE, style.FONT_SMALL):
        assert size >= 10


def test_no_legend_covers_the_axes() -> None:
    _render_every_default()
    legends = 0
    for key, scene in scenes._cache.scenes.items():
        renderer = scene.fig.canvas.get_renderer()
        data_area = scene.ax.get_window_extent(renderer)
        for legend in scene.fig.findobj(Legend):
            legends += 1
            box = legend.get_window_extent(renderer)
            # Touching the axes' top edge is allowed; any overlap of the data area is not.
            overlap_w = min(box.x1, data_area.x1) - max(box.x0, data_area.x0)
            overlap_h = min(box.y1, data_area.y1) - max(box.y0, data_area.y0)
            assert overlap_w <= 0 or overlap_h <= 0.5, (key, box, data_area)
            assert box.y1 <= scene.fig.bbox.y1 + 0.5, (key, "the legend is cut at the figure's top")
    assert legends >= 2  # the matrix's key and the classifier's


RENDER = """
import hashlib, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dmath.settings")
import django
django.setup()
from activities.engine.params import parse
from activities.kinds import REGISTRY
for slug in sys.argv[1:]:
    kind = REGISTRY[slug]
    values = parse(kind.params, {})
    print(slug, hashlib.sha256(kind.render(values, kind.compute(values), 1)).hexdigest())
"""


def _in_a_new_process() -> dict[str, str]:
    out = subprocess.run(
        [sys.executable, "-c", RENDER, *REGISTRY],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    return dict(line.split() for line in out.splitlines())


def test_a_state_draws_the_same_bytes_in_every_process() -> None:
    first, second = _in_a_new_process(), _in_a_new_process()
    assert set(first) == set(REGISTRY)
    assert first == second
    scenes.clear_scenes()
    for slug, digest in first.items():
        kind, values = REGISTRY[slug], _default(slug)
        assert hashlib.sha256(kind.render(values, kind.compute(values), 1)).hexdigest() == digest, slug


@pytest.mark.django_db
def test_the_figures_etag_is_the_same_across_requests(client) -> None:
    url = "/activities/matrix-transform/plot.png?a=1&b=0.5&c=-0.3&d=1"
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "image/png"
    body = b"".join(first.streaming_content) if first.streaming else first.content
    for cache in caches.all():
        cache.clear()
    scenes.clear_scenes()
    again = client.get(url)
    assert again["ETag"] == first["ETag"]
    assert (b"".join(again.streaming_content) if again.streaming else again.content) == body


def test_pillow_draws_only_characters_the_font_has(monkeypatch) -> None:
    """Pillow has no fallback font: every word it draws, in every preset, is within the subset (no empty boxes)."""
    drawn: set[str] = set()
    draw_text = pillow.draw_text

    def recording(image, xy, text, **look):
        drawn.update(text)
        return draw_text(image, xy, text, **look)

    monkeypatch.setattr(pillow, "draw_text", recording)
    scenes.clear_scenes()
    for slug, kind in REGISTRY.items():
        for values in [_default(slug), *({**_default(slug), **p.values} for p in kind.presets)]:
            kind.render(values, kind.compute(values), 1)
    cmap = TTFont(style.FONT_FILES["normal"]).getBestCmap()
    assert len(drawn) > 20
    assert {c for c in drawn if c != "\n" and ord(c) not in cmap} == set()
