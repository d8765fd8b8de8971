"""The web side of an activity: its state from a query, one interaction step, the panel, the cached PNG.

A state is the kind's clean parameters; its canonical query string (``params.encode``) is its one
URL. Requests may also carry an interaction (a click on the figure in image pixels, or an action
button ``do=…``) and the panel's place (``embed``, ``level``), neither of which is state.
"""

import functools
import hashlib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.template.loader import get_template, render_to_string
from django.urls import reverse

from activities import params as param_specs
from activities.kinds.base import Kind
from activities.params import ParamError
from activities.plots.base import HEIGHT, WIDTH, pixel_to_data

# Keys a request may carry besides the state: never part of the canonical URL.
CLICK_X, CLICK_Y = "click.x", "click.y"
ACTION = "do"
EMBED, LEVEL, PREVIOUS = "embed", "level", "was"
EMBED_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
SCALES = {"1": 1, "2": 2}
# A week: a plot URL is a pure function of its query and the code version, so it never goes stale.
PLOT_MAX_AGE = 7 * 24 * 60 * 60
# The cache alias for what can be recomputed: computed results, PNGs and panels (settings.CACHES).
PLOTS_CACHE = "plots"
PANEL_TEMPLATE = "activities/activity_page.html"


def plots_cache():
    """The cache of results, PNGs and panels: budgeted, and never holding what must not be lost."""
    return caches[PLOTS_CACHE]


def _code_version() -> str:
    """A digest of the code that computes and draws: a deploy that changes a plot changes its ETag."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(
        [*root.glob("maths/*.py"), *root.glob("plots/*.py"), *root.glob("kinds/*.py"), root / "params.py"]
    ):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


CODE_VERSION = _code_version()


# --- State ----------------------------------------------------------------------------------------


def parse_state(kind: Kind, data: Mapping) -> dict:
    """Clean parameters from a query; raises ParamError with a readable message."""
    values = param_specs.parse(kind.params, data)
    return _switch_defaults(kind, values, data)


def _switch_defaults(kind: Kind, values: dict, data: Mapping) -> dict:
    """When a form switches a kind's main choice (a distribution), start from that choice's defaults.

    The form sends the choice it was rendered with as ``was``; the numbers typed for the old choice
    (μ = 0 for a normal) would often be out of range for the new one (λ = 0 for an exponential).
    """
    defaults = kind.extra.get("param_defaults")
    key = kind.extra.get("param_key", "dist")
    previous = data.get(PREVIOUS)
    if not defaults or key not in values or previous is None or previous == values[key]:
        return values
    p1, p2 = defaults.get(values[key], (None, None))
    return {
        **values,
        "p1": p1 if p1 is not None else values.get("p1"),
        "p2": p2 if p2 is not None else values.get("p2"),
    }


def canonical_query(kind: Kind, values: Mapping) -> str:
    return param_specs.encode(kind.params, values)


def state_key(kind: Kind, query: str, *parts: object) -> str:
    """A cache key for a state: the code version, the kind and a digest of its canonical query.

    The digest keeps keys short whatever the query (a classifier's points run to 6,000 characters).
    """
    digest = hashlib.sha256("|".join([CODE_VERSION, kind.slug, query, *map(str, parts)]).encode()).hexdigest()
    return digest[:40]


def state_result(kind: Kind, values: Mapping, query: str | None = None) -> Any:
    """What the kind computes for a state, computed once and then kept in the plots cache.

    Its page, its htmx fragment, its ``data.json`` and its PNG all start from this result: a costly
    state (a CLT run of 10⁷ values) is computed once, not once per request. A ParamError from the
    kind's own checks across parameters is raised every time (it is cheap, and not a result).
    """
    if query is None:
        query = canonical_query(kind, values)
    key = f"activities:result:{state_key(kind, query)}"
    cache = plots_cache()
    result = cache.get(key)
    if result is None:
        result = kind.compute(dict(values))
        cache.set(key, result, PLOT_MAX_AGE)
    return result


def page_url(kind: Kind, values: Mapping | None = None) -> str:
    url = reverse("activities:page", kwargs={"slug": kind.slug})
    return f"{url}?{canonical_query(kind, values)}" if values is not None else url


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
    cache = plots_cache()
    moved = cache.get(key)
    if moved is None:
        moved = kind.step(values, action=action) or dict(values)
        cache.set(key, moved, PLOT_MAX_AGE)
    return dict(moved)


# --- Where a panel sits ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A panel's place: its own page (no embed) or a course's section (embed = the course slug)."""

    embed: str = ""
    level: int = 2

    @classmethod
    def from_query(cls, data: Mapping) -> "Place":
        """The place a fragment request names; anything malformed means the standalone page."""
        embed = str(data.get(EMBED, ""))
        if not EMBED_RE.fullmatch(embed):
            return cls()
        level = str(data.get(LEVEL, ""))
        return cls(embed=embed, level=int(level) if level in {"2", "3", "4", "5"} else 4)

    @property
    def standalone(self) -> bool:
        return not self.embed

    def panel_id(self, slug: str) -> str:
        return f"activity-{self.embed}-{slug}" if self.embed else f"activity-{slug}"

    @property
    def hx_vals(self) -> str:
        """What every htmx request from an embedded panel adds, so the answer fits the same place."""
        if self.standalone:
            return ""
        return f'{{"{EMBED}": "{self.embed}", "{LEVEL}": "{self.level}"}}'


# --- The panel ------------------------------------------------------------------------------------


@dataclass
class Control:
    """One form control generated from a parameter spec."""

    name: str
    id: str
    label: str
    widget: str  # "number", "select", "textarea" or "hidden"
    value: str
    help: str = ""
    min: str = ""
    max: str = ""
    step: str = ""
    slider: bool = False
    required: bool = True
    choices: tuple = ()

    @property
    def help_id(self) -> str:
        return f"{self.id}-help" if self.help else ""


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    current: bool = False


@dataclass
class Panel:
    """Everything the panel template shows for one state (or one error) of one activity."""

    kind: Kind
    title: str
    instructions: str = ""
    hint: str = ""
    place: Place = field(default_factory=Place)
    values: dict | None = None  # the clean state; None when the request was bad
    error: str = ""
    raw: Mapping = field(default_factory=dict)  # what the visitor sent, kept in the inputs on error
    start: dict | None = None  # the state "Reset" returns to (defaults on the standalone page)
    # An htmx swap (so JavaScript runs): fill the live region with the new state, show the sliders.
    announce: bool = False

    @classmethod
    def build(cls, kind: Kind, activity: Any = None, *, place: Place | None = None, **kwargs: Any) -> "Panel":
        """A panel whose state is checked by the kind's own computation: its ParamError becomes the panel's."""
        panel = cls(
            kind=kind,
            title=getattr(activity, "title", "") or kind.title,
            instructions=getattr(activity, "instructions", ""),
            hint=getattr(activity, "hint", ""),
            place=place or Place(),
            **kwargs,
        )
        if panel.values is not None and not panel.error:
            try:
                panel.result  # noqa: B018 (compute now, so a cross-parameter ParamError is the panel's)
            except ParamError as exc:
                panel.error, panel.values = str(exc), None
        return panel

    # Identity and place

    @property
    def id(self) -> str:
        return self.place.panel_id(self.kind.slug)

    @property
    def level(self) -> int:
        return self.place.level

    @property
    def ok(self) -> bool:
        return self.values is not None and not self.error

    @property
    def status(self) -> int:
        return 200 if self.ok else 400

    # State and URLs

    @cached_property
    def query(self) -> str:
        return canonical_query(self.kind, self.values) if self.ok else ""

    @property
    def base_url(self) -> str:
        return page_url(self.kind)

    @property
    def permalink(self) -> str:
        return f"{self.base_url}?{self.query}"

    def _url(self, name: str, query: str) -> str:
        return reverse(f"activities:{name}", kwargs={"slug": self.kind.slug}) + (f"?{query}" if query else "")

    @property
    def plot_url(self) -> str:
        return self._url("plot", self.query)

    @property
    def plot_url_2x(self) -> str:
        return self._url("plot", f"{self.query}&scale=2" if self.query else "scale=2")

    @property
    def data_url(self) -> str:
        return self._url("data", self.query)

    @property
    def reset_url(self) -> str:
        return page_url(self.kind, self._start_values())

    def _start_values(self) -> dict:
        return self.start if self.start is not None else param_specs.parse(self.kind.params, {})

    @cached_property
    def presets(self) -> list[Link]:
        defaults = param_specs.parse(self.kind.params, {})
        links = []
        for preset in self.kind.presets:
            query = canonical_query(self.kind, {**defaults, **preset.values})
            links.append(Link(preset.label, f"{self.base_url}?{query}", current=query == self.query))
        return links

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return HEIGHT

    @property
    def clickable(self) -> bool:
        return self.ok and self.kind.limits(self.values) is not None

    # What the kind computes for this state

    @cached_property
    def result(self) -> Any:
        return state_result(self.kind, self.values, self.query)

    @cached_property
    def description(self) -> str:
        return self.kind.describe(self.values, self.result)

    @cached_property
    def summary(self) -> list:
        return self.kind.summary(self.values, self.result)

    @cached_property
    def formula(self) -> str:
        return self.kind.formula(self.values)

    # The form

    @cached_property
    def controls(self) -> list[Control]:
        hidden = set(self.kind.extra.get("hidden_params", ()))
        if self.ok:
            # Parameters that mean nothing in this state (Adam's β₁ for plain gradient descent) are
            # kept as hidden inputs, so the state survives a switch back.
            for name, (key, shown_for) in self.kind.extra.get("visible_when", {}).items():
                if self.values.get(key) not in shown_for:
                    hidden.add(name)
        labels = self._labels()
        controls = []
        for spec in self.kind.params:
            control = self._control(spec, labels.get(spec.name, spec.label))
            if spec.name in hidden or labels.get(spec.name, "") is None:
                control.widget = "hidden"
            controls.append(control)
        return controls

    @property
    def visible_controls(self) -> list[Control]:
        return [c for c in self.controls if c.widget in {"number", "select"}]

    @property
    def text_controls(self) -> list[Control]:
        return [c for c in self.controls if c.widget == "textarea"]

    @property
    def hidden_controls(self) -> list[Control]:
        return [c for c in self.controls if c.widget == "hidden"]

    @property
    def previous_choice(self) -> tuple[str, str] | None:
        """The main choice this form was rendered with, as ("was", value), for kinds with per-choice defaults."""
        key = self.kind.extra.get("param_key", "dist")
        if not self.kind.extra.get("param_defaults") or not self.ok or key not in self.values:
            return None
        return PREVIOUS, self.values[key]

    def _labels(self) -> dict:
        """Per-state labels, such as μ and σ for a normal distribution's p1 and p2 (None: unused)."""
        table = self.kind.extra.get("param_labels")
        key = self.kind.extra.get("param_key", "dist")
        if not table:
            return {}
        choice = self.values.get(key) if self.ok else str(self.raw.get(key, ""))
        names = table.get(choice)
        if names is None:
            return {}
        return dict(zip(("p1", "p2"), names, strict=False))

    def _value(self, spec: Any) -> str:
        if self.ok:
            text = spec.encode(self.values.get(spec.name))
            return "" if text is None else str(text)
        return str(self.raw.get(spec.name, ""))[: param_specs.MAX_RAW_LENGTH]

    def _control(self, spec: Any, label: str) -> Control:
        control = Control(
            name=spec.name,
            id=f"{self.id}-{spec.name}",
            label=label,
            widget="textarea",
            value=self._value(spec),
            help=getattr(spec, "help", ""),
        )
        if isinstance(spec, param_specs.Float | param_specs.Int):
            control.widget = "number"
            control.min = param_specs.format_number(spec.min)
            control.max = param_specs.format_number(spec.max)
            control.step = param_specs.format_number(spec.step)
            control.required = spec.default is not None
            # A slider where its steps are few enough to drag through (not for ε from 1e-12 to 0.01).
            control.slider = (
                isinstance(spec, param_specs.Float)
                and spec.default is not None
                and 0 < (spec.max - spec.min) / spec.step <= 10_000
            )
        elif isinstance(spec, param_specs.Choice):
            control.widget = "select"
            control.choices = spec.choices
        return control


@functools.cache
def template_version() -> str:
    """A digest of the panel's template, so that a deploy changing it changes every panel's cache key."""
    origin = get_template(PANEL_TEMPLATE).origin.name
    with open(origin, "rb") as source:
        return hashlib.sha256(source.read()).hexdigest()[:12]


def panel_html(panel: Panel) -> str:
    """The panel's HTML, from the plots cache when this state was shown in this place before.

    A panel is a pure function of its state, its place, its Reset state, its activity's texts and
    the code and template: a repeated page or fragment renders none of it again. Error panels (they
    echo what the visitor typed) and DEBUG (templates change under a developer's hands) are not cached.
    """
    if not panel.ok or settings.DEBUG:
        return render_to_string(f"{PANEL_TEMPLATE}#panel", {"panel": panel})
    start = canonical_query(panel.kind, panel.start) if panel.start is not None else ""
    place = panel.place
    identity = (template_version(), panel.title, panel.instructions, panel.hint, place.embed, place.level, start)
    key = f"activities:panel:{state_key(panel.kind, panel.query, *identity, panel.announce)}"
    cache = plots_cache()
    html = cache.get(key)
    if html is None:
        html = render_to_string(f"{PANEL_TEMPLATE}#panel", {"panel": panel})
        cache.set(key, html, PLOT_MAX_AGE)
    return html


# --- The PNG --------------------------------------------------------------------------------------


def parse_scale(data: Mapping) -> int:
    raw = str(data.get("scale", "1")).strip() or "1"
    if raw not in SCALES:
        raise ParamError("scale must be 1 or 2.")
    return SCALES[raw]


def plot_etag(kind: Kind, query: str, scale: int) -> str:
    digest = hashlib.sha256(f"{CODE_VERSION}|{kind.slug}|{query}|{scale}".encode()).hexdigest()
    return f'"{digest[:32]}"'


def plot_png(kind: Kind, values: dict, scale: int, etag: str) -> bytes:
    """The PNG of a state, from the plots cache when it was drawn before (keyed by its ETag)."""
    key = f"activities:png:{etag.strip(chr(34))}"
    cache = plots_cache()
    png = cache.get(key)
    if png is None:
        png = kind.render(values, state_result(kind, values), scale)
        cache.set(key, png, PLOT_MAX_AGE)
    return png
