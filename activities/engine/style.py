"""The house style: the site's type and colours, a colour-blind-safe palette for data, the styled Figure + Agg canvas.

Figures are drawn in the site's own text font, Source Sans 3 (activities/engine/fonts: TTF instances at weights 400
and 700 of the family the page's woff2 files come from, subset to Latin, Greek and the maths symbols; SIL Open Font
License), registered with matplotlib's font manager when this module is imported, so a figure's labels look like
the page around them. Pillow draws its text with the same files (engine/pillow.py). DejaVu Sans, matplotlib's own,
stands behind it for any character the subset lacks.

Never pyplot: its global registry of figures is shared between requests.
"""

from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from activities.engine.layout import AXES_RECT, DESK, DPI, Size, check_scale

# --- Type -----------------------------------------------------------------------------------------

FONTS = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"normal": FONTS / "SourceSans3-Regular.ttf", "bold": FONTS / "SourceSans3-Bold.ttf"}
FAMILY = "Source Sans 3"
for _path in FONT_FILES.values():
    font_manager.fontManager.addfont(str(_path))
# Process-wide and set once, before any figure exists: every figure of every request gets the same fonts, so the
# same state still draws the same bytes.
matplotlib.rcParams["font.family"] = [FAMILY, "DejaVu Sans"]
matplotlib.rcParams["mathtext.fontset"] = "dejavusans"
matplotlib.rcParams["axes.unicode_minus"] = True

# --- The site's colours (static/css/site.css, :root custom properties) ----------------------------

NAVY = "#0b2545"  # --navy
NAVY_2 = "#13315c"  # --navy-2
GOLD = "#f2c14e"  # --gold
ACCENT = "#8d2a0f"  # --accent
TINT = "#f4f6fa"  # --tint
SITE_PALETTE = {"navy": NAVY, "navy-2": NAVY_2, "gold": GOLD, "accent": ACCENT, "tint": TINT}

# --- Data palette (Okabe & Ito, "Color Universal Design"), its black the site's navy --------------

BLACK = NAVY
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
PALETTE = (BLACK, ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILLION, REDDISH_PURPLE)
# Neutrals for text, secondary lines, grid and background: the page's own.
INK = "#1b1f24"  # --ink
MUTED = "#4a5563"  # --muted
GRID = "#d8dee8"  # --line
PAPER = "#ffffff"  # --paper
SITE_PALETTE |= {"ink": INK, "muted": MUTED, "line": GRID, "paper": PAPER}

# --- Type scale (points; at 100 dpi, 1 pt = 1.39 px at either size): nothing under 10 pt ------------------

FONT_TICK = 10
FONT_LABEL = 11
FONT_TITLE = 12
FONT_NOTE = 10
FONT_SMALL = 10
# No figure text is smaller (tests/activities/test_sheets.py reads every text of every background; pillow.font
# refuses less): with the sheets' widths on screen (web/figure_view.py) it is what keeps text ≥ 11 CSS px.
FONT_SMALLEST = 10


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


def new_figure(scale: int = 1, size: Size = DESK) -> tuple[Figure, FigureCanvasAgg, Axes]:
    """A styled figure of a size (560×420 or 400×300, × scale) with its Agg canvas and main axes at AXES_RECT."""
    fig = Figure(figsize=(size.width / DPI, size.height / DPI), dpi=DPI * check_scale(scale), facecolor=PAPER)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes(AXES_RECT)
    style_axes(ax)
    return fig, canvas, ax


def rgb(colour: str) -> tuple[int, int, int]:
    """A "#rrggbb" colour as an (r, g, b) tuple for PIL.ImageDraw."""
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)
