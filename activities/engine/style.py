"""The house style: Okabe–Ito colour-blind-safe palette, type scale, and the styled Figure + Agg canvas.

Never pyplot: its global registry of figures is shared between requests.
"""

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from activities.engine.layout import AXES_RECT, DPI, HEIGHT, WIDTH, check_scale

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
    fig = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI * check_scale(scale), facecolor=PAPER)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes(AXES_RECT)
    style_axes(ax)
    return fig, canvas, ax


def rgb(colour: str) -> tuple[int, int, int]:
    """A "#rrggbb" colour as an (r, g, b) tuple for PIL.ImageDraw."""
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)
