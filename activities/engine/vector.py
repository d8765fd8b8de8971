"""A state's figure as SVG: the PNG's picture with every part a matplotlib artist, text kept as text.

The PNG path keeps scenes whose static background is drawn once, redraws only the changing artists,
and draws changing text with Pillow. An SVG is drawn on demand (then cached by its URL), so here a
fresh, uncached scene is built by the plot module's own ``build``, its changing artists are set for the
state and drawn like any other, and the Pillow parts are redrawn with matplotlib at the same pixels
(``text``, ``line``, ``dot``), so nothing of the PNG path is touched. Scale 1: an SVG has no pixels.
"""

import io
import re
from collections.abc import Callable, Sequence
from html import escape

import matplotlib
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch
from matplotlib.text import Text

from activities.engine import layout, scenes, style

# Set once, not per render (rc_context would change them under a concurrent thread): only SVG output reads
# them. Text stays text (selectable, searchable, read aloud), and the same figure gives the same bytes.
matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "dmath", "svg.id": "figure"})
POINT = 72 / layout.DPI  # points per pixel at scale 1 (matplotlib sizes lines and markers in points)
# Dynamic artists are drawn over the whole cached background in the PNG, in the order they were
# registered: here they get z-orders above every static artist, in that same order.
DYNAMIC_Z = 10.0
_HA = {"l": "left", "m": "center", "r": "right"}
_VA = {"a": "top", "t": "top", "m": "center_baseline", "s": "baseline", "b": "bottom", "d": "bottom"}
# The CSS properties matplotlib's SVG writes in style="…", each also an SVG presentation attribute.
PRESENTATION = frozenset(
    [
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-miterlimit",
        "opacity",
        "font-size",
        "font-family",
        "font-style",
        "font-weight",
        "text-anchor",
    ]
)


def fresh_scene(build: Callable[[scenes.Scene], None]) -> scenes.Scene:
    """A scene built by ``build`` at scale 1, never frozen or cached: it belongs to one SVG."""
    scene = scenes.Scene(1)
    build(scene)
    return scene


def still(scene: scenes.Scene) -> Figure:
    """The scene's figure with its dynamic artists drawn like the others, over the background as in the PNG."""
    for order, artist in enumerate(scene.artists.values()):
        artist.set_animated(False)
        artist.set_zorder(DYNAMIC_Z + order / 100)
    return scene.fig


def _figure_xy(fig: Figure, xy: tuple[float, float]) -> tuple[float, float]:
    """Figure fractions of an image pixel (origin top-left, scale 1)."""
    width, height = fig.get_size_inches() * layout.DPI
    return xy[0] / width, 1 - xy[1] / height


def text(
    fig: Figure,
    xy: tuple[float, float],
    words: str,
    *,
    size: float = style.FONT_NOTE,
    colour: str = style.INK,
    anchor: str = "la",
    bold: bool = False,
    box: bool = False,
    rotation: float = 0,
) -> Text:
    """Figure text at image pixel ``xy`` with a Pillow anchor ("la", "rm" …), as ``pillow.draw_text`` draws it."""
    x, y = _figure_xy(fig, xy)
    boxed = {"boxstyle": "round,pad=0.3", "facecolor": style.PAPER, "edgecolor": style.GRID} if box else None
    return fig.text(
        x,
        y,
        words,
        fontsize=size,
        color=colour,
        ha=_HA[anchor[0]],
        va=_VA[anchor[1]],
        fontweight="bold" if bold else "normal",
        bbox=boxed,
        rotation=rotation,
        linespacing=1.3,
        zorder=DYNAMIC_Z + 5,
    )


def line(fig: Figure, points: Sequence[tuple[float, float]], colour: str, width_px: float, **kwargs) -> Line2D:
    """A polyline through image pixels, over the axes."""
    xs, ys = zip(*(_figure_xy(fig, p) for p in points), strict=True)
    kwargs.setdefault("zorder", DYNAMIC_Z + 4)
    drawn = Line2D(xs, ys, color=colour, linewidth=width_px * POINT, transform=fig.transFigure, **kwargs)
    fig.add_artist(drawn)
    return drawn


def dot(fig: Figure, xy: tuple[float, float], radius_px: float, fill: str, outline: str = style.BLACK) -> Line2D:
    """A filled circle at an image pixel, as ``pillow.draw_dot`` draws it."""
    kwargs = {"marker": "o", "markersize": 2 * radius_px * POINT, "markerfacecolor": fill}
    return line(fig, [xy], fill, 0, markeredgecolor=outline, markeredgewidth=POINT, zorder=DYNAMIC_Z + 6, **kwargs)


def rectangle(fig: Figure, box: tuple[float, float, float, float], *, edge: str = style.GRID) -> None:
    """A white rounded box over image pixels (left, top, right, bottom), as Pillow's ``rounded_rectangle``."""
    (x0, y1), (x1, y0) = _figure_xy(fig, box[:2]), _figure_xy(fig, box[2:])
    fig.add_artist(
        FancyBboxPatch(
            (x0, y0),
            x1 - x0,
            y1 - y0,
            boxstyle="round,pad=0,rounding_size=0.006",
            facecolor=style.PAPER,
            edgecolor=edge,
            linewidth=POINT,
            transform=fig.transFigure,
            zorder=DYNAMIC_Z + 3,
        )
    )


def _attributes(match: re.Match) -> str:
    """``style="fill: #fff; stroke: none"`` as ``fill="#fff" stroke="none"`` (unchanged if any is not one)."""
    pairs = [part.split(":", 1) for part in match.group(1).split(";") if part.strip()]
    if not all(len(pair) == 2 and pair[0].strip() in PRESENTATION for pair in pairs):
        return match.group(0)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in pairs)


def _without_css(svg: str) -> str:
    """The SVG with presentation attributes instead of CSS, so a no-inline-style CSP still draws it.

    Matplotlib styles every element with ``style="…"`` and sets line joins in a ``<style>`` element;
    the site's Content-Security-Policy (``style-src 'self'``) would drop both where the SVG is opened.
    """
    svg = re.sub(r'style="([^"]*)"', _attributes, svg)
    # The <style> rule "*{stroke-linejoin: round; stroke-linecap: butt}" becomes inherited root attributes.
    svg = re.sub(r"\s*<style[^>]*>.*?</style>", "", svg, flags=re.S)
    return re.sub(r"<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', svg, count=1)


def to_svg(fig: Figure, title: str, description: str) -> bytes:
    """SVG bytes of a figure, its text as text (selectable, searchable) and a title and description for
    screen readers (``<title>``, ``<desc>``, ``role="img"``)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = _without_css(buffer.getvalue().decode())
    head = (
        f'<title id="figure-title">{escape(title, quote=False)}</title>'
        f'<desc id="figure-desc">{escape(description, quote=False)}</desc>'
    )
    # The root element names its title and description; they come first inside it.
    svg = re.sub(
        r"<svg ([^>]*)>",
        lambda m: f'<svg role="img" aria-labelledby="figure-title" aria-describedby="figure-desc" {m.group(1)}>{head}',
        svg,
        count=1,
    )
    return svg.encode()
