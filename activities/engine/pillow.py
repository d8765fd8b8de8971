"""Drawing with Pillow over a scene's image: text, polylines, dots, and a path traced as an APNG.

Pillow is ~10× cheaper than matplotlib for text that changes with every state, and ~20× cheaper
than one matplotlib draw per animation frame.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PIL import Image, ImageChops, ImageDraw, ImageFont

from activities.engine.encode import MAX_FRAMES, ApngWriter, palette, to_png
from activities.engine.layout import DPI
from activities.engine.style import BLACK, FONT_FILES, FONT_NOTE, FONT_SMALLEST, GRID, INK, ORANGE, rgb

if TYPE_CHECKING:
    from activities.engine.scenes import Scene


@functools.lru_cache(maxsize=32)
def font(size: float = FONT_NOTE, scale: int = 1, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The figures' font (the site's Source Sans 3, the file matplotlib draws with) at ``size`` points for this
    scale, for text drawn with Pillow.

    Pillow's basic layout, whichever libraries it was built with: the same text is laid out the same on every
    machine (the same PNG bytes for a state), and it spaces this font more evenly at figure sizes than Raqm does.
    """
    if size < FONT_SMALLEST:
        raise ValueError(f"figure text is never under {FONT_SMALLEST} pt (asked for {size} pt)")
    path = str(FONT_FILES["bold" if bold else "normal"])
    return ImageFont.truetype(path, round(size * DPI * scale / 72), layout_engine=ImageFont.Layout.BASIC)


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


def frame_indices(n: int, max_frames: int = MAX_FRAMES) -> list[int]:
    """At most ``max_frames`` increasing indices in [0, n), evenly spread, always ending at n - 1."""
    if n <= 0:
        return []
    if n <= max_frames:
        return list(range(n))
    step = (n - 1) / (max_frames - 1)
    return sorted({round(i * step) for i in range(max_frames)})


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
    writer = ApngWriter(palette(final), duration_ms)
    del final

    path = image.copy()  # the path so far, without the dot
    frame = image.copy()  # the frame being drawn: the path, the dot, the caller's overlay
    drawn = indices[0]
    draw_polyline(path, pixels[: drawn + 1], box, colour, width)
    frame.paste(path)
    finish_frame(frame, drawn)
    if len(indices) == 1:
        return to_png(frame)
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
