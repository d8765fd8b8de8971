"""Where everything sits in a figure: sizes, the axes rectangle, image pixels <-> data coordinates.

Every figure is ``WIDTH`` × ``HEIGHT`` = 560 × 420 px at scale 1 (dpi 100) and 1120 × 840 px at
scale 2 (dpi 200, same layout). The main axes always sit at ``AXES_RECT`` (figure fractions left,
bottom, width, height): no tight_layout, so a click in image pixels maps to data coordinates with
arithmetic alone. No matplotlib here: the web layer imports this to read a click.
"""

WIDTH = 560  # px at scale 1
HEIGHT = 420
DPI = 100  # scale 1; scale 2 uses 200 dpi with the same layout
SCALES = (1, 2)
# Main axes rectangle in figure fractions (left, bottom, width, height); fixed so clicks map exactly.
AXES_RECT = (0.12, 0.11, 0.84, 0.83)

Limits = tuple[float, float, float, float]


def check_scale(scale: int) -> int:
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, not {scale!r}")
    return scale


def axes_box(scale: int) -> tuple[float, float, float, float]:
    """The axes rectangle in image pixels: left, top, width, height (origin top-left)."""
    left, bottom, width, height = AXES_RECT
    w, h = WIDTH * scale, HEIGHT * scale
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
