"""Cached static backgrounds: a figure drawn once per (kind, key, size, scale), its changing artists per state.

``render_scene(kind, key, scale, build, update, size)`` is the common path: ``build(scene)`` draws the static
parts once and registers the changing artists with ``scene.dynamic(artist, name)``; ``update(scene)``
sets their data for this state; only those artists are redrawn over the saved background.
Scenes live in a per-thread LRU (``MAX_SCENES``): Agg canvases are not thread-safe, and the bound
keeps memory fixed. The scenes of a thread share one Agg pixel buffer per size and scale.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable

from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import RendererAgg
from PIL import Image

from activities.engine.encode import canvas_image, to_png
from activities.engine.layout import DESK, SCALES, SIZES, Size, axes_box, check_scale
from activities.engine.style import new_figure

# Per thread: every background the activities draw (17 per size and scale, 68 in all: matrix 4
# windows, descent 5 surfaces, field 5, and one each for the classifier, distributions and CLT; the
# test cycles them all), with room for a few more. A scene holds its figure and a copy of its
# background: ~3 MB at scale 1, ~5.5 MB at scale 2 on the desk size, about 60 % of that on the phone
# size (bench/sheets.py measures them: +150 MiB RSS for the desk's 34, +91 MiB for the phone's).
MAX_SCENES = 80


class Scene:
    """A figure whose static background is drawn once; dynamic artists are redrawn per render."""

    def __init__(self, scale: int, size: Size = DESK) -> None:
        self.scale = check_scale(scale)
        self.size = size
        self.fig, self.canvas, self.ax = new_figure(scale, size)
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
        """Draw with this thread's one Agg renderer for this size and scale instead of one per scene.

        Every scene's canvas would otherwise keep its own full-size pixel buffer (3.7 MB at scale 2)
        besides its background; a thread draws one scene at a time and every render starts by
        restoring the whole background, so one buffer per size and scale serves them all. ``_lastKey`` is the
        canvas's own check that its renderer fits the figure (matplotlib's FigureCanvasAgg).
        """
        width, height = self.canvas.get_width_height(physical=True)
        renderer = _cache.renderers.get((self.size, self.scale))
        if renderer is None:
            renderer = _cache.renderers[self.size, self.scale] = RendererAgg(width, height, self.fig.dpi)
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
        return canvas_image(self.canvas)

    def axes_box(self) -> tuple[float, float, float, float]:
        """The main axes in image pixels: left, top, right, bottom (origin top-left)."""
        left, top, width, height = axes_box(self.scale, self.size)
        return left, top, left + width, top + height

    def png(self, update: Callable[[Scene], None] | None = None) -> bytes:
        """This state as PNG bytes."""
        return to_png(self.image(update))

    def to_pixels(self, xs: Iterable[float], ys: Iterable[float]) -> list[tuple[float, float]]:
        """Image pixel coordinates (origin top-left, this scene's scale) of data points, for ImageDraw."""
        height = self.canvas.get_width_height(physical=True)[1]
        points = self.ax.transData.transform(list(zip(xs, ys, strict=True)))
        return [(float(px), float(height - py)) for px, py in points]


class _SceneCache(threading.local):
    def __init__(self) -> None:
        self.scenes: OrderedDict[tuple, Scene] = OrderedDict()
        self.renderers: dict[tuple[Size, int], RendererAgg] = {}  # one pixel buffer per size and scale


_cache = _SceneCache()


def get_scene(kind: str, key: Hashable, scale: int, build: Callable[[Scene], None], size: Size = DESK) -> Scene:
    """This thread's scene for (kind, key, size, scale), built and frozen on first use (LRU-bounded)."""
    cache_key = (kind, key, size.name, scale)
    scenes = _cache.scenes
    scene = scenes.get(cache_key)
    if scene is not None:
        scenes.move_to_end(cache_key)
        return scene
    scene = Scene(scale, size)
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
    size: Size = DESK,
) -> bytes:
    """PNG bytes of a state: cached background for (kind, key, size, scale), then ``update`` and redraw."""
    return get_scene(kind, key, scale, build, size).png(update)


def clear_scenes() -> None:
    """Forget this thread's cached scenes."""
    _cache.scenes.clear()


# Each plot module registers a function drawing every background it can use at a scale and size.
_WARMERS: list[Callable[[int, Size], None]] = []


def backgrounds(warm: Callable[[int, Size], None]) -> Callable[[int, Size], None]:
    """Register ``warm(scale, size)``, which builds (``get_scene``) every background a plot module draws."""
    _WARMERS.append(warm)
    return warm


def warm_scenes() -> int:
    """Build every registered background at every size and scale in this thread; the number of scenes held.

    gunicorn's master calls it before it forks (gunicorn.conf.py): every worker then starts with all
    the backgrounds drawn (shared copy-on-write), so no visitor's request pays for drawing one.
    """
    for size in SIZES.values():
        for scale in SCALES:
            for warm in _WARMERS:
                warm(scale, size)
    return len(_cache.scenes)
