"""Where everything sits in a figure: sizes, the axes rectangle, image pixels <-> data coordinates.

A figure comes in two sizes (issue 19, item 3). ``DESK`` is ``WIDTH`` × ``HEIGHT`` = 560 × 420 px at
scale 1 (dpi 100) and 1120 × 840 px at scale 2 (dpi 200, same layout). ``PHONE`` is 400 × 300 px (800 ×
600 at scale 2): the same drawing with the same type sizes in points on a smaller sheet, so its text is
larger for the width it is shown at (a phone shows it 320–450 CSS px wide: 10 pt stays ≥ 11 CSS px).
Both sizes put the main axes at the same ``AXES_RECT`` (figure fractions left, bottom, width, height)
with the same 4:3 aspect, so a point's place as a fraction of the image, the equal-aspect windows and
every click are the same whichever size a browser shows: clicks always arrive in desk pixels at scale
1. No tight_layout, so a click in image pixels maps to data coordinates with arithmetic alone. No
matplotlib here: the web layer imports this to read a click.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    """A figure's sheet: its name in URLs and its width and height in pixels at scale 1."""

    name: str
    width: int
    height: int


DESK = Size("desk", 560, 420)
PHONE = Size("phone", 400, 300)
SIZES = {size.name: size for size in (DESK, PHONE)}
WIDTH, HEIGHT = DESK.width, DESK.height  # px at scale 1: the size clicks and the crosshair are measured in
DPI = 100  # scale 1; scale 2 uses 200 dpi with the same layout
SCALES = (1, 2)
# Main axes rectangle in figure fractions (left, bottom, width, height); fixed so clicks map exactly.
# Margins for the phone's type: tick labels and an axis label left and below, a title or legend above.
# The axes keep the aspect (470.4 : 348.6) of the first layout, so every window drawn with equal scales
# (the matrix, the classifier's ±6.74) is the same as before.
_AXES_HEIGHT = 0.79
AXES_RECT = (0.15, 0.135, _AXES_HEIGHT * 0.84 / 0.83, _AXES_HEIGHT)

Limits = tuple[float, float, float, float]


def check_scale(scale: int) -> int:
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, not {scale!r}")
    return scale


def axes_box(scale: int, size: Size = DESK) -> tuple[float, float, float, float]:
    """The axes rectangle in image pixels of a size at a scale: left, top, width, height (origin top-left)."""
    left, bottom, width, height = AXES_RECT
    w, h = size.width * scale, size.height * scale
    return left * w, (1 - bottom - height) * h, width * w, height * h


def pixel_to_data(px: float, py: float, limits: Limits, scale: int = 1) -> tuple[float, float] | None:
    """Data coordinates of image pixel (px, py), origin top-left; None if outside the axes."""
    left, top, width, height = axes_box(check_scale(scale))
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
    left, top, width, height = axes_box(check_scale(scale))
    xmin, xmax, ymin, ymax = limits
    return left + (x - xmin) / (xmax - xmin) * width, top + (ymax - y) / (ymax - ymin) * height


def equal_aspect_limits(cx: float, cy: float, half_height: float) -> Limits:
    """A window centred on (cx, cy) with equal x and y scales on screen at AXES_RECT."""
    ratio = (AXES_RECT[2] * WIDTH) / (AXES_RECT[3] * HEIGHT)
    half_width = half_height * ratio
    return cx - half_width, cx + half_width, cy - half_height, cy + half_height
