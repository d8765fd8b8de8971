"""Shared drawing machinery for the activity plots: one layout, one palette, one type scale, fast PNGs.

Layout
    Every figure is ``WIDTH`` × ``HEIGHT`` = 560 × 420 px at scale 1 (dpi 100) and 1120 × 840 px at
    scale 2 (dpi 200, same layout). The main axes always sit at ``AXES_RECT`` (figure fractions
    left, bottom, width, height): no tight_layout, constrained layout or bbox_inches="tight", so a
    click in image pixels maps to data coordinates with arithmetic alone.

    ``pixel_to_data(px, py, limits, scale=1) -> (x, y) | None``  image pixels (origin top-left, as an
        ``<input type="image">`` sends them) to data coordinates; None outside the axes.
    ``data_to_pixel(x, y, limits, scale=1) -> (px, py)``  the inverse (floats, not clipped).
    ``equal_aspect_limits(cx, cy, half_height) -> limits``  a window whose x and y units have the
        same length on screen at ``AXES_RECT`` (for geometry: squares look square).

Palette and type
    Okabe–Ito colour-blind-safe colours: ``BLACK, ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE,
    VERMILLION, REDDISH_PURPLE``, plus neutrals ``INK, MUTED, GRID, PAPER``. Font sizes in points:
    ``FONT_TICK`` (10), ``FONT_LABEL`` (11), ``FONT_TITLE`` (12), ``FONT_NOTE`` (10), ``FONT_SMALL``
    (9): at 560 px shown ~360 px wide on a phone, 9 pt is still about 8 CSS px.

Figures
    ``new_figure(scale) -> (fig, canvas, ax)``  a styled Figure + Agg canvas with its axes at
        ``AXES_RECT``. Never pyplot: its global registry is shared between requests.
    ``style_axes(ax, font=FONT_TICK)``  apply the house style to any axes (e.g. an inset).
    ``encode_png(canvas) -> bytes``  the canvas as a PNG (256-colour palette, zlib level 1: ~3 ms).
    ``to_png(image) -> bytes``  the same for a PIL RGB image.
    ``draw_text(image, xy, text, *, scale, size, colour, anchor, bold, box) -> pixel box``  text drawn
        with Pillow in DejaVu Sans (matplotlib's font): ~10× cheaper than a matplotlib text.

Scenes (cached static backgrounds)
    ``render_scene(kind, key, scale, build, update) -> bytes``  the common path. ``build(scene)``
        draws the static parts once per (kind, key, scale) and registers the changing artists with
        ``scene.dynamic(artist, name)``; ``update(scene)`` sets their data (``scene["name"]``)
        for this state. Only the dynamic artists are redrawn over the saved background.
    ``get_scene(kind, key, scale, build) -> Scene``  the cached scene itself, for callers needing
        ``scene.image(update)`` (a PIL RGB image, e.g. the base of an animation).
    Scenes live in a per-thread LRU (``MAX_SCENES`` per thread, more than there are backgrounds):
    Agg canvases are not thread-safe, and the bound keeps memory fixed. The scenes of a thread share
    one Agg pixel buffer per scale. ``clear_scenes()`` empties this thread's cache.

Animations (APNG drawn with Pillow, ~20× faster than one matplotlib draw per frame)
    ``frame_indices(n, max_frames=MAX_FRAMES) -> list[int]``  at most ``max_frames`` increasing
        indices into a path of n points, always ending at n - 1.
    ``scene.to_pixels(xs, ys) -> list[(px, py)]``  data coordinates to image pixels of this scene
        (scale included), for ``PIL.ImageDraw``.
    ``draw_polyline(image, points, box, colour, width)``  a thick polyline in pixels, clipped to box
        (left, top, right, bottom) with ``clip_segment`` (Liang–Barsky), e.g. ``scene.axes_box()``.
    ``draw_dot(image, xy, radius, fill, outline=BLACK, width=1)``  a marker.
    ``encode_apng(frames, duration_ms, last_ms=None) -> bytes``  looping APNG; the last frame can
        be held longer. ``ApngWriter`` encodes frames one at a time, as they are drawn.
    ``path_apng(scene, image, xs, ys, *, colour, dot, duration_ms, last_ms, on_frame) -> bytes``
        the common case: a path in data coordinates traced over a still ``image`` of ``scene``,
        each frame encoded as it is drawn (no frame list: peak memory a few frames).
    ``rgb(colour) -> (r, g, b)``  a "#rrggbb" colour for ImageDraw.
"""

from __future__ import annotations

import functools
import io
import struct
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence

import numpy as np
from matplotlib import font_manager
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from PIL import Image, ImageChops, ImageDraw, ImageFont

# --- Layout ---------------------------------------------------------------------------------------

WIDTH = 560  # px at scale 1
HEIGHT = 420
DPI = 100  # scale 1; scale 2 uses 200 dpi with the same layout
SCALES = (1, 2)
# Main axes rectangle in figure fractions (left, bottom, width, height); fixed so clicks map exactly.
AXES_RECT = (0.12, 0.11, 0.84, 0.83)

Limits = tuple[float, float, float, float]

# --- Palette (Okabe & Ito, "Color Universal Design") ------------------------------------------------

BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
PALETTE = (BLACK, ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILLION, REDDISH_PURPLE)
# Neutrals for text, secondary lines, grid and background.
INK = "#222222"
MUTED = "#6B6B6B"
GRID = "#E3E3E3"
PAPER = "#FFFFFF"

# --- Type scale (points) --------------------------------------------------------------------------

FONT_TICK = 10
FONT_LABEL = 11
FONT_TITLE = 12
FONT_NOTE = 10
FONT_SMALL = 9

# --- Caches and animation bounds ------------------------------------------------------------------

# Per thread: every background the activities draw (17 per scale, 34 in all: matrix 4 windows,
# descent 5 surfaces, field 5, and one each for the classifier, distributions and CLT; the test
# cycles them all), with room for a few more. A scene holds its figure and a copy of its background:
# ~3 MB at scale 1, ~5.5 MB at scale 2, so ~150 MB when all are held.
MAX_SCENES = 40
MAX_FRAMES = 40  # per animation: bounds APNG encode time and size


def _check_scale(scale: int) -> int:
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, not {scale!r}")
    return scale


def _axes_box(scale: int) -> tuple[float, float, float, float]:
    """The axes rectangle in image pixels: left, top, width, height (origin top-left)."""
    left, bottom, width, height = AXES_RECT
    w, h = WIDTH * scale, HEIGHT * scale
    return left * w, (1 - bottom - height) * h, width * w, height * h


def pixel_to_data(px: float, py: float, limits: Limits, scale: int = 1) -> tuple[float, float] | None:
    """Data coordinates of image pixel (px, py), origin top-left; None if outside the axes."""
    left, top, width, height = _axes_box(_check_scale(scale))
    u = (px - left) / width
    v = (py - top) / height
    slack = 1e-9  # rounding at the exact edges must not turn an edge click into "outside"
    if not (-slack <= u <= 1 + slack and -slack <= v <= 1 + slack):
        return None
    u, v = min(max(u, 0.0), 1.0), min(max(v, 0.0), 1.0)
    xmin, xmax, ymin, ymax = limits
    return xmin + u * (xmax - xmin), ymax - v * (ymax - ymin)


def data_to_pixel(x: float, y: float, limits: Limits, scale: int = 1) -> tuple[float, float]:
    """Image pixel (px, py), origin top-left, of data point (x, y); not clipped to the axes."""
    left, top, width, height = _axes_box(_check_scale(scale))
    xmin, xmax, ymin, ymax = limits
    return left + (x - xmin) / (xmax - xmin) * width, top + (ymax - y) / (ymax - ymin) * height


def equal_aspect_limits(cx: float, cy: float, half_height: float) -> Limits:
    """A window centred on (cx, cy) with equal x and y scales on screen at AXES_RECT."""
    ratio = (AXES_RECT[2] * WIDTH) / (AXES_RECT[3] * HEIGHT)
    half_width = half_height * ratio
    return cx - half_width, cx + half_width, cy - half_height, cy + half_height


# --- Figures --------------------------------------------------------------------------------------


def style_axes(ax: Axes, font: float = FONT_TICK) -> None:
    """Apply the house style: quiet spines and ticks, readable tick labels."""
    ax.set_facecolor(PAPER)
    for spine in ax.spines.values():
        spine.set_color(MUTED)
        spine.set_linewidth(0.8)
    ax.tick_params(labelsize=font, colors=INK, length=3, width=0.8, color=MUTED)
    ax.xaxis.label.set_size(FONT_LABEL)
    ax.yaxis.label.set_size(FONT_LABEL)
    ax.title.set_size(FONT_TITLE)


def new_figure(scale: int = 1) -> tuple[Figure, FigureCanvasAgg, Axes]:
    """A styled 560×420 (× scale) figure with its Agg canvas and main axes at AXES_RECT."""
    fig = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI * _check_scale(scale), facecolor=PAPER)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes(AXES_RECT)
    style_axes(ax)
    return fig, canvas, ax


CONTOUR_GRID = 160  # samples per axis for a contour background: drawn once per surface, then cached


def contour_background(
    ax: Axes, f: Callable, window: Limits, *, geometric_from: float | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Filled contours of f over window with white level lines, and x/y labels: a surface's static layer.

    ``geometric_from`` spaces the levels geometrically from that value (plus 0) for surfaces whose
    values span decades around narrow valleys (Rosenbrock, Himmelblau); otherwise 15 even levels.
    Returns the grid (gx, gy, z) for callers that draw more from it.
    """
    xmin, xmax, ymin, ymax = window
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_xlabel("x")
    ax.set_ylabel("y", rotation=0, labelpad=8)
    gx, gy = np.meshgrid(np.linspace(xmin, xmax, CONTOUR_GRID), np.linspace(ymin, ymax, CONTOUR_GRID))
    z = f(gx, gy)
    if geometric_from is not None:
        levels = np.concatenate(([0.0], np.geomspace(geometric_from, float(z.max()), 14)))
    else:
        levels = np.linspace(float(z.min()), float(z.max()), 15)
    ax.contourf(gx, gy, z, levels=levels, cmap="viridis", alpha=0.5, zorder=0)
    ax.contour(
        gx, gy, z, levels=levels, colors="white", linewidths=0.6, alpha=0.9, negative_linestyles="solid", zorder=1
    )
    return gx, gy, z


def _canvas_image(canvas: FigureCanvasAgg) -> Image.Image:
    """The canvas pixels as a PIL RGB image (copied: the buffer is reused by the next draw)."""
    width, height = canvas.get_width_height(physical=True)
    rgba = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    return rgba.convert("RGB")


def _png(image: Image.Image) -> bytes:
    """PNG bytes of an RGB image, as a 256-colour palette image (half the bytes of RGB, and faster)."""
    buffer = io.BytesIO()
    _palette(image).save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def _palette(image: Image.Image) -> Image.Image:
    # Fast octree quantisation: plots have few distinct colours, so 256 keep antialiasing smooth.
    return image.quantize(256, method=Image.Quantize.FASTOCTREE)


def to_png(image: Image.Image) -> bytes:
    """PNG bytes of a PIL RGB image (256-colour palette, zlib level 1)."""
    return _png(image)


def encode_png(canvas: FigureCanvasAgg) -> bytes:
    """The canvas as PNG bytes (256-colour palette, zlib level 1: fast and small)."""
    return _png(_canvas_image(canvas))


# --- Text drawn with Pillow ---------------------------------------------------------------------


@functools.lru_cache(maxsize=32)
def font(size: float = FONT_NOTE, scale: int = 1, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Matplotlib's own DejaVu Sans at ``size`` points for this scale, for text drawn with Pillow."""
    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal"))
    return ImageFont.truetype(path, round(size * DPI * scale / 72))


def draw_text(
    image: Image.Image,
    xy: tuple[float, float],
    text: str,
    *,
    scale: int = 1,
    size: float = FONT_NOTE,
    colour: str = INK,
    anchor: str = "la",
    bold: bool = False,
    box: bool = False,
) -> tuple[int, int, int, int]:
    """Text on a PIL image at pixel ``xy`` (Pillow anchors, e.g. "la" = left/ascender), optionally boxed.

    Returns the pixel box drawn over (left, top, right, bottom), e.g. to paste it onto other frames.

    Text changing with every state is drawn here rather than by matplotlib: a matplotlib text costs
    ~2.5 ms per render, Pillow's ~0.1 ms, with the same font and size.
    """
    draw = ImageDraw.Draw(image)
    face = font(size, scale, bold)
    left, top, right, bottom = draw.multiline_textbbox(xy, text, font=face, anchor=anchor, spacing=3 * scale)
    pad = 4 * scale if box else 0
    left, top, right, bottom = left - pad, top - pad, right + pad, bottom + pad
    if box:
        draw.rounded_rectangle(
            (left, top, right, bottom), radius=4 * scale, fill=(255, 255, 255), outline=rgb(GRID), width=scale
        )
    draw.multiline_text(xy, text, font=face, fill=rgb(colour), anchor=anchor, spacing=3 * scale)
    return int(left), int(top), int(right) + 1, int(bottom) + 1


# --- Scenes ---------------------------------------------------------------------------------------


class Scene:
    """A figure whose static background is drawn once; dynamic artists are redrawn per render."""

    def __init__(self, scale: int) -> None:
        self.scale = _check_scale(scale)
        self.fig, self.canvas, self.ax = new_figure(scale)
        self.artists: dict[str, Artist] = {}
        self.background = None
        self.extra: dict = {}  # anything build() wants to keep (e.g. precomputed grids)

    def dynamic(self, artist: Artist, name: str | None = None) -> Artist:
        """Register an artist redrawn on every render (excluded from the cached background)."""
        artist.set_animated(True)
        self.artists[name or f"artist{len(self.artists)}"] = artist
        return artist

    def __getitem__(self, name: str) -> Artist:
        return self.artists[name]

    def _attach_renderer(self) -> None:
        """Draw with this thread's one Agg renderer for this scale instead of one per scene.

        Every scene's canvas would otherwise keep its own full-size pixel buffer (3.7 MB at scale 2)
        besides its background; a thread draws one scene at a time and every render starts by
        restoring the whole background, so one buffer per scale serves them all. ``_lastKey`` is the
        canvas's own check that its renderer fits the figure (matplotlib's FigureCanvasAgg).
        """
        width, height = self.canvas.get_width_height(physical=True)
        renderer = _cache.renderers.get(self.scale)
        if renderer is None:
            renderer = _cache.renderers[self.scale] = RendererAgg(width, height, self.fig.dpi)
        self.canvas.renderer = renderer
        self.canvas._lastKey = (width, height, self.fig.dpi)

    def _freeze(self) -> None:
        self._attach_renderer()
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.fig.bbox)

    def _compose(self) -> None:
        self._attach_renderer()
        self.canvas.restore_region(self.background)
        for artist in self.artists.values():
            if artist.get_visible():
                self.fig.draw_artist(artist)

    def image(self, update: Callable[[Scene], None] | None = None) -> Image.Image:
        """This state as a PIL RGB image: background plus the dynamic artists after ``update``."""
        if update is not None:
            update(self)
        self._compose()
        return _canvas_image(self.canvas)

    def axes_box(self) -> tuple[float, float, float, float]:
        """The main axes in image pixels: left, top, right, bottom (origin top-left)."""
        left, top, width, height = _axes_box(self.scale)
        return left, top, left + width, top + height

    def png(self, update: Callable[[Scene], None] | None = None) -> bytes:
        """This state as PNG bytes."""
        return _png(self.image(update))

    def to_pixels(self, xs: Iterable[float], ys: Iterable[float]) -> list[tuple[float, float]]:
        """Image pixel coordinates (origin top-left, this scene's scale) of data points, for ImageDraw."""
        height = self.canvas.get_width_height(physical=True)[1]
        points = self.ax.transData.transform(list(zip(xs, ys, strict=True)))
        return [(float(px), float(height - py)) for px, py in points]


class _SceneCache(threading.local):
    def __init__(self) -> None:
        self.scenes: OrderedDict[tuple, Scene] = OrderedDict()
        self.renderers: dict[int, RendererAgg] = {}  # one pixel buffer per scale, shared by the scenes


_cache = _SceneCache()


def get_scene(kind: str, key: Hashable, scale: int, build: Callable[[Scene], None]) -> Scene:
    """This thread's scene for (kind, key, scale), built and frozen on first use (LRU-bounded)."""
    cache_key = (kind, key, scale)
    scenes = _cache.scenes
    scene = scenes.get(cache_key)
    if scene is not None:
        scenes.move_to_end(cache_key)
        return scene
    scene = Scene(scale)
    build(scene)
    scene._freeze()
    scenes[cache_key] = scene
    while len(scenes) > MAX_SCENES:
        scenes.popitem(last=False)
    return scene


def render_scene(
    kind: str,
    key: Hashable,
    scale: int,
    build: Callable[[Scene], None],
    update: Callable[[Scene], None],
) -> bytes:
    """PNG bytes of a state: cached background for (kind, key, scale), then ``update`` and redraw."""
    return get_scene(kind, key, scale, build).png(update)


def clear_scenes() -> None:
    """Forget this thread's cached scenes."""
    _cache.scenes.clear()


# Each plot module registers a function drawing every background it can use at a scale.
_WARMERS: list[Callable[[int], None]] = []


def backgrounds(warm: Callable[[int], None]) -> Callable[[int], None]:
    """Register ``warm(scale)``, which builds (``get_scene``) every background a plot module draws."""
    _WARMERS.append(warm)
    return warm


def warm_scenes() -> int:
    """Build every registered background at every scale in this thread; the number of scenes held.

    gunicorn's master calls it before it forks (gunicorn.conf.py): every worker then starts with all
    the backgrounds drawn (shared copy-on-write), so no visitor's request pays for drawing one.
    """
    for scale in SCALES:
        for warm in _WARMERS:
            warm(scale)
    return len(_cache.scenes)


# --- Animation ------------------------------------------------------------------------------------


def frame_indices(n: int, max_frames: int = MAX_FRAMES) -> list[int]:
    """At most ``max_frames`` increasing indices in [0, n), evenly spread, always ending at n - 1."""
    if n <= 0:
        return []
    if n <= max_frames:
        return list(range(n))
    step = (n - 1) / (max_frames - 1)
    return sorted({round(i * step) for i in range(max_frames)})


def rgb(colour: str) -> tuple[int, int, int]:
    """A "#rrggbb" colour as an (r, g, b) tuple for PIL.ImageDraw."""
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def clip_segment(
    p: tuple[float, float], q: tuple[float, float], box: tuple[float, float, float, float]
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The part of segment p–q inside box (left, top, right, bottom), or None (Liang–Barsky)."""
    left, top, right, bottom = box
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for edge_p, edge_q in ((-dx, p[0] - left), (dx, right - p[0]), (-dy, p[1] - top), (dy, bottom - p[1])):
        if edge_p == 0:
            if edge_q < 0:
                return None
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return (p[0] + t0 * dx, p[1] + t0 * dy), (p[0] + t1 * dx, p[1] + t1 * dy)


def draw_polyline(
    image: Image.Image,
    points: Sequence[tuple[float, float]],
    box: tuple[float, float, float, float],
    colour: str,
    width: int,
) -> None:
    """A polyline in image pixels, clipped to box (left, top, right, bottom), with round joints."""
    draw = ImageDraw.Draw(image)
    fill = rgb(colour)
    radius = width / 2
    for p, q in zip(points, points[1:], strict=False):
        clipped = clip_segment(p, q, box)
        if clipped is None:
            continue
        (x0, y0), (x1, y1) = clipped
        draw.line((x0, y0, x1, y1), fill=fill, width=width)
        # Round caps hide the gaps Pillow leaves between thick segments at sharp turns.
        draw.ellipse((x1 - radius, y1 - radius, x1 + radius, y1 + radius), fill=fill)


def draw_dot(
    image: Image.Image, xy: tuple[float, float], radius: float, fill: str, outline: str = BLACK, width: int = 1
) -> None:
    """A filled circle with an outline at pixel xy."""
    x, y = xy
    ImageDraw.Draw(image).ellipse(
        (x - radius, y - radius, x + radius, y + radius), fill=rgb(fill), outline=rgb(outline), width=width
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _idat(image: Image.Image) -> bytes:
    """zlib stream of a palette image's rows, each with filter byte 0 (palette images compress best unfiltered)."""
    pixels = np.asarray(image, dtype=np.uint8)
    rows = np.zeros((pixels.shape[0], pixels.shape[1] + 1), dtype=np.uint8)
    rows[:, 1:] = pixels
    return zlib.compress(rows.tobytes(), 1)


class ApngWriter:
    """An animated PNG encoded frame by frame, as the frames are drawn: no frame is kept raw.

    Written directly rather than with Pillow's APNG writer (which converts every frame to RGBA twice
    and holds them all): one 256-colour ``palette`` image shared by every frame (take it from the last
    frame: it holds every colour of the path), the first frame in full, then only the rectangle that
    differs from the previous frame, compressed at once. Only those compressed rectangles are kept
    until ``finish``: at scale 2 a raw frame is 2.8 MB, a compressed rectangle a few kB.
    """

    def __init__(self, palette: Image.Image, duration_ms: int) -> None:
        self.palette = palette
        self.duration_ms = duration_ms
        self.size: tuple[int, int] | None = None
        # (box, compressed rows, duration): a frame identical to the previous lengthens that one instead.
        self.frames: list[tuple[tuple[int, int, int, int], bytes, int]] = []

    def add(self, frame: Image.Image, box: tuple[int, int, int, int] | None) -> None:
        """Encode ``frame`` (RGB); ``box`` is where it differs from the previous frame (None: nowhere)."""
        if self.size is None:
            self.size = frame.size
            box = (0, 0, *frame.size)
        if len(self.frames) >= MAX_FRAMES:
            raise ValueError(f"an animation has at most {MAX_FRAMES} frames")
        if box is None:
            last_box, data, duration = self.frames[-1]
            self.frames[-1] = (last_box, data, duration + self.duration_ms)
            return
        indexed = frame.crop(box).quantize(palette=self.palette, dither=Image.Dither.NONE)
        self.frames.append((box, _idat(indexed), self.duration_ms))

    def finish(self, last_ms: int | None = None) -> bytes:
        """The APNG bytes, looping; the last frame is held ``last_ms`` when given."""
        if not self.frames or self.size is None:
            raise ValueError("an animation needs at least one frame")
        if last_ms is not None:
            box, data, duration = self.frames[-1]
            self.frames[-1] = (box, data, duration - self.duration_ms + last_ms)
        width, height = self.size
        raw_palette = self.palette.getpalette()[: 3 * 256]
        out = [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)),
            _chunk(b"PLTE", bytes(raw_palette)),
            _chunk(b"acTL", struct.pack(">II", len(self.frames), 0)),  # 0 plays = loop forever
        ]
        sequence = 0
        for number, ((left, top, right, bottom), data, duration) in enumerate(self.frames):
            # fcTL: size, offset, delay (ms / 1000), dispose none, blend source.
            control = struct.pack(">IIIIIHHBB", sequence, right - left, bottom - top, left, top, duration, 1000, 0, 0)
            out.append(_chunk(b"fcTL", control))
            sequence += 1
            if number == 0:
                out.append(_chunk(b"IDAT", data))
            else:
                out.append(_chunk(b"fdAT", struct.pack(">I", sequence) + data))
                sequence += 1
        out.append(_chunk(b"IEND", b""))
        return b"".join(out)


def encode_apng(frames: Sequence[Image.Image], duration_ms: int, last_ms: int | None = None) -> bytes:
    """A looping animated PNG of RGB ``frames`` (at most MAX_FRAMES); the last is held ``last_ms``.

    For frames already drawn; ``path_apng`` encodes its frames as it draws them instead.
    """
    if not frames:
        raise ValueError("an animation needs at least one frame")
    frames = list(frames)[-MAX_FRAMES:]
    if len(frames) == 1:
        return _png(frames[0])
    writer = ApngWriter(_palette(frames[-1]), duration_ms)
    writer.add(frames[0], None)
    for previous, frame in zip(frames, frames[1:], strict=False):
        writer.add(frame, ImageChops.difference(frame, previous).getbbox())
    return writer.finish(last_ms)


def _union(*boxes: tuple[float, float, float, float] | None) -> tuple[float, float, float, float] | None:
    """The smallest box (left, top, right, bottom) holding every given box; None if none is given."""
    boxes = [b for b in boxes if b is not None]
    if not boxes:
        return None
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def _pixel_box(box: tuple[float, float, float, float], size: tuple[int, int]) -> tuple[int, int, int, int] | None:
    """A float box grown to whole pixels (plus one for antialiasing) and clipped to the image; None if empty."""
    left, top = max(0, int(box[0]) - 1), max(0, int(box[1]) - 1)
    right, bottom = min(size[0], int(box[2]) + 2), min(size[1], int(box[3]) + 2)
    return (left, top, right, bottom) if left < right and top < bottom else None


def path_apng(
    scene: Scene,
    image: Image.Image,
    xs: Sequence[float],
    ys: Sequence[float],
    *,
    colour: str = BLACK,
    dot: str = ORANGE,
    duration_ms: int = 60,
    last_ms: int = 1500,
    on_frame: Callable[[Image.Image, int], None] | None = None,
) -> bytes:
    """An APNG of a path (data coordinates) being traced over ``image``, a still of ``scene``.

    At most MAX_FRAMES frames: long paths are subsampled with ``frame_indices``. Frame i shows the
    path up to point ``index`` with a dot there; ``on_frame(frame, index)`` may draw more on it, the
    same on every frame (patches pasted at fixed places).

    Frames are encoded as they are drawn (``ApngWriter``), over one working image: a frame differs
    from the previous one only where the new stretch of path and the two dots are, so only that
    rectangle is redrawn and compared. The palette comes from the final frame, drawn first.
    """
    pixels = scene.to_pixels(xs, ys)
    box = scene.axes_box()
    width = 3 * scene.scale
    radius = 5.5 * scene.scale
    indices = frame_indices(len(pixels))
    if not indices:
        raise ValueError("an animation needs at least one point")

    def dot_box(index: int) -> tuple[float, float, float, float] | None:
        """The box the dot at point ``index`` covers, outline included; None outside the axes (no dot)."""
        x, y = pixels[index]
        if not (box[0] <= x <= box[2] and box[1] <= y <= box[3]):
            return None
        r = radius + scene.scale
        return x - r, y - r, x + r, y + r

    def finish_frame(frame: Image.Image, index: int) -> None:
        """The dot at point ``index`` (inside the axes only), then the caller's overlay."""
        if dot_box(index) is not None:
            draw_dot(frame, pixels[index], radius, dot, BLACK, scene.scale)
        if on_frame is not None:
            on_frame(frame, index)

    # The final frame first, for the palette: every colour of the animation is in it.
    final = image.copy()
    draw_polyline(final, pixels[: indices[-1] + 1], box, colour, width)
    finish_frame(final, indices[-1])
    writer = ApngWriter(_palette(final), duration_ms)
    del final

    path = image.copy()  # the path so far, without the dot
    frame = image.copy()  # the frame being drawn: the path, the dot, the caller's overlay
    drawn = indices[0]
    draw_polyline(path, pixels[: drawn + 1], box, colour, width)
    frame.paste(path)
    finish_frame(frame, drawn)
    if len(indices) == 1:
        return _png(frame)
    writer.add(frame, None)
    pad = width / 2 + 1
    for index in indices[1:]:
        stretch = pixels[drawn : index + 1]
        # This frame differs from the previous one only around the new stretch of path and the two dots.
        sx, sy = [p[0] for p in stretch], [p[1] for p in stretch]
        near = (min(sx) - pad, min(sy) - pad, max(sx) + pad, max(sy) + pad)
        region = _pixel_box(_union(near, dot_box(drawn), dot_box(index)), frame.size)
        draw_polyline(path, stretch, box, colour, width)
        drawn = index
        if region is None:  # the whole stretch lies outside the image
            writer.add(frame, None)
            continue
        before = frame.crop(region)
        frame.paste(path.crop(region), region[:2])
        finish_frame(frame, index)
        changed = ImageChops.difference(frame.crop(region), before).getbbox()
        if changed is not None:
            left, top = region[:2]
            changed = (changed[0] + left, changed[1] + top, changed[2] + left, changed[3] + top)
        writer.add(frame, changed)
    return writer.finish(last_ms)
