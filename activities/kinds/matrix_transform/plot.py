"""Draw a 2×2 matrix acting on the plane: unit square and its image, transformed grid, eigenvector lines."""

import math

from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Polygon
from matplotlib.transforms import Bbox
from PIL import Image, ImageDraw

from activities.engine import encode, layout, pillow, scenes, style
from activities.engine.layout import DESK, Size
from activities.engine.notation import number
from activities.kinds.matrix_transform.maths import UNIT_SQUARE, MatrixResult

# Window half-heights to choose from: few sizes, so each cached background is reused often.
WINDOWS = (2.0, 5.0, 12.0, 24.0)
# Grid lines x = k and y = k for |k| ≤ GRID_HALF are transformed (42 segments at most).
GRID_HALF = 12
KEY = ("unit square", "image", "grid image", "eigenvectors")  # the figure's key, left to right
GRID_EXTENT = 40.0  # each grid line runs over |t| ≤ this before transforming; clipped by the axes

ORIENTATION_STYLE = {
    "preserved": {"face": style.BLUE, "edge": style.BLUE, "hatch": None},
    "reversed": {"face": style.VERMILLION, "edge": style.VERMILLION, "hatch": "///"},
    "collapsed": {"face": style.MUTED, "edge": style.BLACK, "hatch": None},
}


def window(result: MatrixResult) -> float:
    """The smallest half-height in WINDOWS showing the square, its image and the basis images."""
    ratio = layout.equal_aspect_limits(0, 0, 1)[1]  # x half-width per unit of half-height
    xs = [x for x, _ in result.square_image] + [1.0]
    ys = [y for _, y in result.square_image] + [1.0]
    need = max(max(abs(x) for x in xs) / ratio, max(abs(y) for y in ys)) / 0.88
    return next((h for h in WINDOWS if need <= h), WINDOWS[-1])


def limits(result: MatrixResult) -> layout.Limits:
    """The data window drawn for this matrix (equal aspect, centred on the origin)."""
    return layout.equal_aspect_limits(0.0, 0.0, window(result))


def build_scene(scene: scenes.Scene, half: float) -> None:
    ax = scene.ax
    xmin, xmax, ymin, ymax = layout.equal_aspect_limits(0.0, 0.0, half)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.grid(True, color=style.GRID, linewidth=0.8, zorder=0)
    ax.axhline(0, color=style.MUTED, linewidth=0.9, zorder=1)
    ax.axvline(0, color=style.MUTED, linewidth=0.9, zorder=1)
    ax.set_xlabel("x")
    ax.set_ylabel("y", rotation=0, labelpad=8)

    scene.dynamic(
        ax.add_collection(LineCollection([], colors=style.SKY_BLUE, linewidths=0.8, alpha=0.75, zorder=2)),
        "grid",
    )
    scene.dynamic(ax.add_patch(Polygon([[0, 0]] * 4, closed=True, zorder=3)), "image")
    scene.dynamic(
        ax.add_collection(LineCollection([], colors=style.REDDISH_PURPLE, linewidths=1.6, linestyles="--", zorder=4)),
        "eigen",
    )
    # The unit square, dashed black outline: the "before" picture.
    xs, ys = zip(*(UNIT_SQUARE + UNIT_SQUARE[:1]), strict=True)
    scene.dynamic(ax.plot(xs, ys, color=style.BLACK, linewidth=1.4, linestyle=(0, (4, 3)), zorder=5)[0], "square")
    for name, colour in (("e1", style.ORANGE), ("e2", style.BLUISH_GREEN)):
        arrow = FancyArrowPatch(
            (0, 0), (1, 0), arrowstyle="-|>", mutation_scale=14, color=colour, lw=2.2, shrinkA=0, shrinkB=0
        )
        scene.dynamic(ax.add_patch(arrow), name)
    # A static key in the top margin: what each kind of line means. Its last entry, "eigenvectors",
    # is blanked out (in _labels) for a matrix without real ones: redrawing a legend per state would
    # double the render time, and a second set of backgrounds would double their memory.
    handles = [
        Line2D([], [], color=style.BLACK, linewidth=1.4, linestyle=(0, (4, 3))),
        Patch(facecolor=(*_rgb01(style.BLUE), 0.28), edgecolor=style.BLUE),
        Line2D([], [], color=style.SKY_BLUE, linewidth=1),
        Line2D([], [], color=style.REDDISH_PURPLE, linewidth=1.6, linestyle="--"),
    ]
    scene.extra["key"] = scene.fig.legend(
        handles=handles,
        labels=KEY,
        loc="lower left",
        bbox_to_anchor=(layout.AXES_RECT[0], layout.AXES_RECT[1] + layout.AXES_RECT[3]),
        ncol=4,
        frameon=False,
        fontsize=style.FONT_SMALL,
        borderaxespad=0,
        borderpad=0.1,
        handlelength=1.6,
        columnspacing=1.0,
    )


def legend_labels(result: MatrixResult) -> list[str]:
    """The entries of the figure's key for this matrix: eigenvectors only when it has real ones."""
    return [label for label in KEY if label != "eigenvectors" or result.real_eigenvectors]


def _key_entry_box(scene: scenes.Scene, label: str) -> tuple[float, float, float, float]:
    """Image pixels (left, top, right, bottom) of one entry of the key, its line and its word."""
    boxes = scene.extra.setdefault("key_boxes", {})
    if label not in boxes:
        key, renderer = scene.extra["key"], scene.canvas.get_renderer()
        index = KEY.index(label)
        extent = Bbox.union(
            [key.legend_handles[index].get_window_extent(renderer), key.get_texts()[index].get_window_extent(renderer)]
        )
        height = scene.canvas.get_width_height(physical=True)[1]
        pad = 2 * scene.scale
        boxes[label] = (extent.x0 - pad, height - extent.y1 - pad, extent.x1 + pad, height - extent.y0 + pad)
    return boxes[label]


def _fmt(value: float) -> str:
    return number(value, significant=3)


def update_scene(scene: scenes.Scene, result: MatrixResult, half: float) -> None:
    (a, b), (c, d) = result.matrix
    segments = []
    for k in range(-GRID_HALF, GRID_HALF + 1):
        # Vertical line x = k and horizontal line y = k, each sent through the matrix.
        for p, q in (((k, -GRID_EXTENT), (k, GRID_EXTENT)), ((-GRID_EXTENT, k), (GRID_EXTENT, k))):
            segments.append([(a * p[0] + b * p[1], c * p[0] + d * p[1]), (a * q[0] + b * q[1], c * q[0] + d * q[1])])
    scene["grid"].set_segments(segments)

    style = ORIENTATION_STYLE[result.orientation]
    image = scene["image"]
    image.set_xy(result.square_image)
    image.set_facecolor((*_rgb01(style["face"]), 0.28))
    image.set_edgecolor(style["edge"])
    image.set_linewidth(2.0)
    image.set_hatch(style["hatch"])

    reach = 4 * half
    scene["eigen"].set_segments(
        [[(-reach * vx, -reach * vy), (reach * vx, reach * vy)] for vx, vy in result.eigenvectors]
    )

    for name, (x, y) in (("e1", (a, c)), ("e2", (b, d))):
        arrow = scene[name]
        arrow.set_positions((0, 0), (x, y))
        arrow.set_visible(abs(x) + abs(y) > 1e-9)


def words(scene: scenes.Scene, result: MatrixResult) -> list[tuple[tuple[float, float], str, dict]]:
    """Per-state text as (pixel xy, text, style): basis-vector labels and the determinant box.

    The PNG draws them with Pillow (fast), the SVG as matplotlib text (``plots.vector_plane``).
    """
    (a, b), (c, d) = result.matrix
    (ox, oy), tip1, tip2 = scene.to_pixels((0, a, b), (0, c, d))
    left, top, right, bottom = scene.axes_box()
    gap = 13 * scene.scale
    placed = []
    for (px, py), text, colour in ((tip1, "Ae\u2081", style.ORANGE), (tip2, "Ae\u2082", style.BLUISH_GREEN)):
        length = math.hypot(px - ox, py - oy)
        if length < 1 or not (left <= px <= right and top <= py <= bottom):
            continue
        # Just beyond the arrow head, along the arrow, so the label never covers it.
        lx, ly = px + gap * (px - ox) / length, py + gap * (py - oy) / length
        placed.append(((lx, ly), text, {"size": style.FONT_LABEL, "colour": colour, "anchor": "mm", "bold": True}))

    det = result.determinant
    if result.orientation == "collapsed":
        text = "det A = 0: area \u00d7 0\ncollapsed onto a line"
    else:
        orient = "preserved (solid)" if det > 0 else "reversed (hatched)"
        text = f"det A = {_fmt(det)}: area \u00d7 {_fmt(abs(det))}\norientation {orient}"
    pad = 10 * scene.scale
    placed.append(((left + pad, top + pad), text, {"box": True}))
    return placed


def _labels(image: Image.Image, scene: scenes.Scene, result: MatrixResult) -> None:
    """Per-state text drawn with Pillow, and the key's entries for what this matrix does not draw blanked."""
    for xy, text, look in words(scene, result):
        pillow.draw_text(image, xy, text, scale=scene.scale, **look)
    # The key names only what is drawn: its entries for this matrix, the others blanked (the margin is paper).
    shown = legend_labels(result)
    for label in KEY:
        if label not in shown:
            ImageDraw.Draw(image).rectangle(_key_entry_box(scene, label), fill=style.rgb(style.PAPER))


def _rgb01(colour: str) -> tuple[float, float, float]:
    r, g, b = style.rgb(colour)
    return r / 255, g / 255, b / 255


@scenes.backgrounds
def warm(scale: int, size: Size = DESK) -> None:
    for half in WINDOWS:
        scenes.get_scene("matrix-transform", half, scale, lambda scene, half=half: build_scene(scene, half), size)


def render(result: MatrixResult, scale: int = 1, size: Size = DESK) -> bytes:
    """PNG bytes of the unit square, its image under the matrix, the transformed grid and eigenvectors."""
    half = window(result)
    scene = scenes.get_scene("matrix-transform", half, scale, lambda scene: build_scene(scene, half), size)
    image = scene.image(lambda scene: update_scene(scene, result, half))
    _labels(image, scene, result)
    return encode.to_png(image)
