"""A panel's figure beyond its PNG: the still for ``motion=off``, Replay, and the keyboard crosshair.

``motion=off`` is not state (like ``scale``): it asks for the final still of an animated figure,
for visitors without JavaScript who want no motion. The form carries it as a hidden input and the
panel's links carry it while it is on. ``play`` (digits) only makes a new image URL, so a browser
plays an animation again (Replay); the server ignores its value.
"""

import math
import re
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from activities.engine.layout import DESK, HEIGHT, PHONE, WIDTH, Size, axes_box
from activities.engine.params import ParamError, format_number
from activities.web import urls_for

MOTION, MOTION_OFF = "motion", "off"
REPLAY = "play"
REPLAY_RE = re.compile(r"[0-9]{1,6}")
# The widest viewport (CSS px) shown the phone sheet (engine/layout.py). Below it a figure takes the screen's
# width (at least 320 px, static/css/activities.css) and the phone sheet's 10 pt type is ≥ 11 CSS px;
# from it on, the desk sheet is shown at least 448 px wide, which keeps its 10 pt type ≥ 11 CSS px too.
# A phone on its side (a low landscape screen) shows the figure beside the controls at 330–380 px: the phone
# sheet too (static/css/activities.css).
PHONE_UP_TO = 447
PHONE_MEDIA = f"(max-width: {PHONE_UP_TO}px), (orientation: landscape) and (max-height: 480px) and (max-width: 959px)"
# The crosshair moves by about 1/40 of the axes' height per arrow key, ten times that with Shift.
CROSSHAIR_STEPS = 40
LARGE_STEP = 10


def parse_motion(data: Mapping) -> bool:
    """Whether the request asks for still figures (``motion=off``); raises ParamError for other values."""
    raw = str(data.get(MOTION, "")).strip()
    if raw not in {"", "on", MOTION_OFF}:
        raise ParamError("motion must be on or off.")
    if not REPLAY_RE.fullmatch(str(data.get(REPLAY, "0"))):
        raise ParamError("play must be a whole number of at most 6 digits.")
    return raw == MOTION_OFF


def motion_query(motion_off: bool) -> str:
    """What a URL of the panel adds while motion is off ("" otherwise)."""
    return f"&{MOTION}={MOTION_OFF}" if motion_off else ""


def nice_step(span: float) -> float:
    """A round step (1, 2 or 5 times a power of ten, at least 0.01) of about span / CROSSHAIR_STEPS."""
    raw = max(span / CROSSHAIR_STEPS, 0.01)
    power = 10 ** math.floor(math.log10(raw))
    return max(f * power for f in (1, 2, 5) if f * power <= raw * (1 + 1e-9))


class FigureView:
    """What the figure's template shows besides the plot: still URLs, motion links, crosshair, click effect."""

    # The <img>'s width and height attributes: the desk sheet's, whose aspect both sheets share.
    width, height = WIDTH, HEIGHT

    def __init__(self, panel: Any) -> None:
        self.panel = panel

    @cached_property
    def description(self) -> str:
        """The alt text: what the figure of this state shows, in words (``Kind.describe``)."""
        return self.panel.kind.describe(self.panel.values, self.panel.result)

    @property
    def moving(self) -> bool:
        """The figure of this state is an animation (and motion is not off)."""
        panel = self.panel
        return panel.ok and not panel.motion_off and panel.kind.animates(panel.values)

    @property
    def animates(self) -> bool:
        """The figure of this state is an animation when motion is on."""
        return self.panel.ok and self.panel.kind.animates(self.panel.values)

    @property
    def motion_query(self) -> str:
        return motion_query(self.panel.motion_off)

    def _plot(self, *extra: str) -> str:
        return urls_for.file_url(self.panel.kind.slug, "plot", self.panel.query, *extra)

    def _srcset(self, size: Size, still: bool) -> str:
        """The figure on a sheet at scales 1 and 2, as a ``srcset`` (the still of an animation when ``still``)."""
        options = [f"{MOTION}={MOTION_OFF}"] if still else []
        if size != DESK:
            options.append(f"size={size.name}")
        return f"{self._plot(*options)} 1x, {self._plot(*options, 'scale=2')} 2x"

    @property
    def _still(self) -> bool:
        return self.panel.motion_off and self.animates

    @property
    def still_url(self) -> str:
        return self._plot(f"{MOTION}={MOTION_OFF}")

    @property
    def src(self) -> str:
        return self.still_url if self._still else self.panel.urls.plot

    @property
    def srcset(self) -> str:
        """The desk sheet, for screens wider than ``PHONE_UP_TO``."""
        return self._srcset(DESK, self._still)

    @property
    def phone_srcset(self) -> str:
        """The phone sheet (larger type for its width), for screens up to ``PHONE_UP_TO`` px wide."""
        return self._srcset(PHONE, self._still)

    @property
    def still_srcsets(self) -> tuple[str, str]:
        """The last frame on the desk and phone sheets, shown instead of an animation to reduced motion."""
        return self._srcset(DESK, True), self._srcset(PHONE, True)

    @property
    def phone_media(self) -> str:
        return PHONE_MEDIA

    @property
    def stop_url(self) -> str:
        return self.panel.urls.here + motion_query(True)

    @property
    def play_url(self) -> str:
        return self.panel.urls.here

    @property
    def crosshair(self) -> dict[str, str] | None:
        """The axes box in image pixels (left top width height), the data limits and the steps, as text."""
        panel = self.panel
        limits = panel.kind.limits(panel.values) if panel.ok else None
        if limits is None:
            return None
        step = nice_step(limits[3] - limits[2])
        return {
            "axes": " ".join(repr(float(v)) for v in axes_box(1)),
            "limits": " ".join(repr(float(v)) for v in limits),
            "step": format_number(step),
            "large": format_number(step * LARGE_STEP),
        }

    @property
    def effect(self) -> str:
        """What the click on the figure that led to this state did, in words ("" when no click led here)."""
        panel = self.panel
        if panel.before is None or not panel.ok:
            return ""
        if dict(panel.before) == dict(panel.values):
            return "That click changed nothing: click inside the plot's axes."
        return panel.kind.clicked(panel.before, panel.values, panel.result)

    @property
    def cache_parts(self) -> tuple[str, ...]:
        """What the panel's cached HTML depends on here besides its state and place."""
        return self.motion_query, self.effect
