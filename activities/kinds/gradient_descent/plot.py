"""Draw an optimiser's path over a loss surface as an APNG, with the minima and a loss-per-step inset."""

import numpy as np
from PIL import Image, ImageDraw

from activities.engine import pillow, scenes, style
from activities.engine.layout import DESK, Size
from activities.engine.notation import count, number
from activities.kinds.gradient_descent.maths import LOSSES, Loss, Run
from activities.kinds.gradient_field import surface_plot as surface

INSET_SIZE = (160, 80)  # loss inset in pixels at scale 1, top right inside the axes
# Rosenbrock and Himmelblau span several decades around narrow valleys: geometric levels show the floor.
GEOMETRIC_FROM = {"rosenbrock": 0.1, "himmelblau": 0.5}


def build_scene(scene: scenes.Scene, loss: Loss) -> None:
    ax = scene.ax
    surface.contour_background(ax, loss.f, loss.window, geometric_from=GEOMETRIC_FROM.get(loss.slug))
    mx, my = zip(*loss.minima, strict=True)
    if loss.saddle:
        ax.plot(mx, my, "X", markersize=11, color="white", markeredgecolor=style.BLACK, zorder=3)
        note = "\u2716 saddle point: no minimum"
    else:
        ax.plot(mx, my, "*", markersize=15, color="white", markeredgecolor=style.BLACK, zorder=3)
        note = "\u2605 minimum" if len(loss.minima) == 1 else "\u2605 minima"
    surface.titles(scene, loss.text, note)
    surface.path_artists(scene, zorder=4)


def loss_scale(losses: np.ndarray) -> tuple[np.ndarray, bool]:
    """Values to plot in the inset and whether they are log10: log when positive over > 2 decades."""
    low, high = float(losses.min()), float(losses.max())
    if low > 0 and high / low > 100:
        return np.log10(losses), True
    return losses, False


class Inset:
    """The loss-against-iteration inset, drawn with Pillow on each frame (on top of the path)."""

    def __init__(self, scene: scenes.Scene, losses: np.ndarray) -> None:
        s = scene.scale
        left, top, right, bottom = scene.axes_box()
        w, h = INSET_SIZE[0] * s, INSET_SIZE[1] * s
        self.scale = s
        self.box = (right - w - 8 * s, top + 8 * s, right - 8 * s, top + 8 * s + h)
        bx0, by0, bx1, by1 = self.box
        # Plot area inside the box: room for the title above and the step count below.
        self.area = (bx0 + 8 * s, by0 + 26 * s, bx1 - 8 * s, by1 - 8 * s)
        values, self.log = loss_scale(losses)
        low, high = float(values.min()), float(values.max())
        if high - low < 1e-12 * max(1.0, abs(high)):
            low, high = low - 1, high + 1
        ax0, ay0, ax1, ay1 = self.area
        n = max(len(values) - 1, 1)
        self.points = [
            (ax0 + (ax1 - ax0) * i / n, ay1 - (ay1 - ay0) * (float(v) - low) / (high - low))
            for i, v in enumerate(values)
        ]
        self.steps = len(values) - 1
        self.first, self.last = float(losses[0]), float(losses[-1])

    def draw(self, image: Image.Image) -> None:
        """Draw the inset; identical on every frame, so it adds nothing to the APNG's frame differences."""
        s = self.scale
        draw = ImageDraw.Draw(image)
        draw.rounded_rectangle(self.box, radius=4 * s, fill=(255, 255, 255), outline=style.rgb(style.GRID), width=s)
        bx0, by0, bx1, by1 = self.box
        title = f"loss{' (log)' if self.log else ''} over {count(self.steps, 'step')}"
        pillow.draw_text(image, (bx0 + 8 * s, by0 + 5 * s), title, scale=s, size=style.FONT_SMALL, colour=style.MUTED)
        ax0, ay0, ax1, ay1 = self.area
        draw.line((ax0, ay1, ax1, ay1), fill=style.rgb(style.GRID), width=s)
        if len(self.points) > 1:
            draw.line(self.points, fill=style.rgb(style.BLUE), width=2 * s, joint="curve")
        pillow.draw_dot(image, self.points[0], 3 * s, "#FFFFFF", style.BLACK, s)
        pillow.draw_dot(image, self.points[-1], 3 * s, style.ORANGE, style.BLACK, s)


def _fmt(value: float) -> str:
    return number(value, significant=4, scientific=True)


def status(loss: Loss, run: Run) -> str:
    """One line saying how the run ended, shown in the figure (and used by the text alternative)."""
    if run.diverged:
        if loss.saddle:
            return f"ran away after {count(run.steps_taken, 'step')}: the saddle has no minimum"
        return f"diverged after {count(run.steps_taken, 'step')}: \u03b7 is too large for this surface"
    if run.converged:
        return f"converged after {count(run.steps_taken, 'step')}, loss {_fmt(float(run.losses[-1]))}"
    first, last = _fmt(float(run.losses[0])), _fmt(float(run.losses[-1]))
    if run.diverging:  # neither stopped early, but the loss is running away
        return f"diverging after {count(run.steps_taken, 'step')}, loss up from {first} to {last}"
    return f"{count(run.steps_taken, 'step')}, not yet converged: loss {last}"


_scene = surface.scenes_for("gradient-descent", LOSSES, build_scene)


def render(loss: Loss, run: Run, label: str, scale: int = 1, size: Size = DESK) -> bytes:
    """APNG of the path over the cached contour background; ``label`` names optimiser and η."""
    scene = _scene(loss, scale, size)
    xs, ys = run.path[:, 0], run.path[:, 1]

    def show(scene: scenes.Scene) -> None:
        scene["ghost"].set_data(xs, ys)
        scene["start"].set_data(xs[:1], ys[:1])

    image = scene.image(show)
    inset = Inset(scene, run.losses)
    left, top, right, bottom = scene.axes_box()
    pad = 8 * scale
    text = f"{label}\n{status(loss, run)}"

    # The inset and the status line sit over the path on every frame: drawn once, pasted per frame.
    overlay = image.copy()
    inset.draw(overlay)
    boxes = [
        tuple(int(v) for v in inset.box),
        pillow.draw_text(overlay, (left + pad, bottom - pad), text, scale=scale, anchor="ld", box=True),
    ]
    boxes = [(b[0], b[1], b[2] + 1, b[3] + 1) for b in boxes]
    patches = [(overlay.crop(b), b[:2]) for b in boxes]
    image = overlay

    def on_frame(frame: Image.Image, index: int) -> None:
        for patch, corner in patches:
            frame.paste(patch, corner)

    return pillow.path_apng(scene, image, xs, ys, colour=style.VERMILLION, dot=style.ORANGE, on_frame=on_frame)
