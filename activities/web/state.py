"""An activity's state from a query, one interaction step, and where its panel sits.

A state is the kind's clean parameters; its canonical query string (``params.encode``) is its one
URL. Requests may also carry an interaction (a click on the figure in image pixels, or an action
button ``do=…``) and the panel's place (``embed``, ``level``), neither of which is state.
"""

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.http import QueryDict

from activities.engine import params as param_specs
from activities.engine.cache import remember, state_key, state_result
from activities.engine.layout import DESK, SIZES, Size, pixel_to_data
from activities.engine.params import ParamError
from activities.kinds.base import Kind
from activities.web import urls_for

# Keys a request may carry besides the state: never part of the canonical URL.
CLICK_X, CLICK_Y = "click.x", "click.y"
ACTION = "do"
# A course panel's place in its htmx requests: the course slug (sent as "embed", a name kept so that
# every URL stays as it was; in the code it is ``Place.course``, never the embed page) and its heading level.
COURSE, LEVEL, PREVIOUS = "embed", "level", "was"
# The state a form was rendered from (its canonical query), so a refused request can still show it.
GOOD = "good"
# Longest ``good`` a form carries: with 200 classifier points typed beside it, the request line stays
# under gunicorn's and nginx's 8 KB limit. A longer state is left out (a refusal then shows Reset's).
MAX_GOOD_LENGTH = 2000
COURSE_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
SCALES = {"1": 1, "2": 2}


def parse_state(kind: Kind, data: Mapping) -> dict:
    """Clean parameters from a query; raises ParamError with a readable message."""
    values = param_specs.parse(kind.params, data)
    return _switch_defaults(kind, values, data)


def _switch_defaults(kind: Kind, values: dict, data: Mapping) -> dict:
    """When a form switches a kind's main choice (a distribution), start from that choice's defaults.

    The form sends the choice it was rendered with as ``was``; the numbers typed for the old choice
    (μ = 0 for a normal) would often be out of range for the new one (λ = 0 for an exponential).
    """
    key = kind.main_choice
    previous = data.get(PREVIOUS)
    if key is None or key not in values or previous is None or previous == values[key]:
        return values
    return kind.switched(values)


def good_state(kind: Kind, data: Mapping) -> dict | None:
    """The last good state a form sent (``good``), or None when absent, too long or malformed."""
    raw = str(data.get(GOOD, ""))
    if not raw or len(raw) > MAX_GOOD_LENGTH:
        return None
    try:
        return param_specs.parse(kind.params, QueryDict(raw))
    except ParamError:
        return None


def state_refusal(kind: Kind, values: dict) -> ParamError | None:
    """The kind's own ParamError for this state (checks across parameters), or None."""
    try:
        state_result(kind, values, canonical_query(kind, values))
    except ParamError as exc:
        return exc
    return None


def valid_state(kind: Kind, data: Mapping) -> dict:
    """The clean state a file is made from (PNG, SVG, WAV, CSV, data.json, script), or a ParamError.

    One rule for every format, the page's: the parameters parse, and the kind's own computation
    accepts them (checks across parameters), so no format answers 200 for a state the others refuse.
    """
    values = param_specs.parse(kind.params, data)
    refusal = state_refusal(kind, values)
    if refusal is not None:
        raise refusal
    return values


def first_good_state(kind: Kind, *candidates: dict | None) -> dict:
    """The first candidate state the kind computes, else the kind's defaults."""
    for values in candidates:
        if values is not None and state_refusal(kind, values) is None:
            return values
    return param_specs.parse(kind.params, {})


def canonical_query(kind: Kind, values: Mapping) -> str:
    return param_specs.encode(kind.params, values)


def page_url(kind: Kind, values: Mapping | None = None) -> str:
    if values is None:
        return urls_for.page_url(kind.slug)
    return f"{urls_for.page_url(kind.slug)}?{canonical_query(kind, values)}"  # "?" even for an empty state


def _pixel(data: Mapping, key: str) -> float:
    raw = str(data.get(key, "")).strip()
    try:
        value = float(raw[:40])
    except ValueError:
        raise ParamError("A click on the figure must be sent as two numbers (click.x and click.y).") from None
    if not math.isfinite(value):
        raise ParamError("A click on the figure must be sent as two finite numbers.")
    return value


def interact(kind: Kind, values: dict, data: Mapping) -> dict | None:
    """The state after this request's click or action, or None when it has neither.

    A click arrives in image pixels at scale 1 (origin top-left); the kind's own axes limits map it
    to data coordinates. A click outside the axes, or on a figure where clicks mean nothing, leaves
    the state as it is.
    """
    if CLICK_X in data or CLICK_Y in data:
        px, py = _pixel(data, CLICK_X), _pixel(data, CLICK_Y)
        limits = kind.limits(values)
        point = pixel_to_data(px, py, limits) if limits is not None else None
        if point is None:
            return dict(values)
        return kind.step(values, click=point) or dict(values)
    if ACTION in data:
        action = str(data.get(ACTION, ""))
        if action not in {a.value for a in kind.actions}:
            raise ParamError(f"“{action[:40]}” is not something this activity can do.")
        return _after_action(kind, values, action)
    return None


def _after_action(kind: Kind, values: dict, action: str) -> dict:
    """The state after an action button, kept in the plots cache: a fit over 200 points is done once."""
    key = f"activities:step:{state_key(kind, canonical_query(kind, values), ACTION, action)}"
    return dict(remember(key, lambda: kind.step(values, action=action) or dict(values)))


def parse_scale(data: Mapping) -> int:
    raw = str(data.get("scale", "1")).strip() or "1"
    if raw not in SCALES:
        raise ParamError("scale must be 1 or 2.")
    return SCALES[raw]


def parse_size(data: Mapping) -> Size:
    """The figure's sheet: ``size=phone`` for the phone rendering (larger type for its width), else the desk one."""
    raw = str(data.get("size", DESK.name)).strip() or DESK.name
    if raw not in SIZES:
        raise ParamError(f"size must be one of: {', '.join(SIZES)}.")
    return SIZES[raw]


@dataclass(frozen=True)
class Place:
    """A panel's place: its activity's own page (no course) or a course's section (``course``: its slug).

    The embed page, framed by other sites, is a third place: ``embed_panel.FramePlace``.
    """

    course: str = ""
    level: int = 2
    framed = False  # the embed page, framed by other sites (activities.web.embed_panel.FramePlace)

    @classmethod
    def from_query(cls, data: Mapping) -> "Place":
        """The place a fragment request names; anything malformed means the standalone page."""
        course = str(data.get(COURSE, ""))
        if not COURSE_RE.fullmatch(course):
            return cls()
        level = str(data.get(LEVEL, ""))
        return cls(course=course, level=int(level) if level in {"2", "3", "4", "5"} else 4)

    @property
    def standalone(self) -> bool:
        return not self.course

    def panel_id(self, slug: str) -> str:
        return f"activity-{self.course}-{slug}" if self.course else f"activity-{slug}"

    @property
    def hx_vals(self) -> str:
        """What every htmx request from an embedded panel adds, so the answer fits the same place."""
        if self.standalone:
            return ""
        return f'{{"{COURSE}": "{self.course}", "{LEVEL}": "{self.level}"}}'
