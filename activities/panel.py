"""The panel: everything the activity template shows for one state (or one error), and its cached HTML."""

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.urls import reverse

from activities import params as param_specs
from activities import tabular
from activities.kinds.base import Kind
from activities.params import ParamError
from activities.plot_cache import remember, state_key, state_result
from activities.plots.layout import HEIGHT, WIDTH
from activities.state import PREVIOUS, Place, canonical_query, page_url

PANEL_TEMPLATE = "activities/activity_page.html"


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
    def csv_url(self) -> str:
        return self._url("csv", self.query)

    @property
    def script_url(self) -> str:
        return self._url("script", self.query)

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
    def numbers(self) -> Any:
        """The figure's numbers as facts and tables (activities.tabular), from data.json's dict."""
        return tabular.numbers(self.kind, self.kind.data(self.values, self.result))

    @cached_property
    def formula(self) -> str:
        return self.kind.formula(self.values)

    # The form

    @cached_property
    def controls(self) -> list[Control]:
        # Parameters that mean nothing in this state (Adam's β₁ for plain gradient descent) are kept
        # as hidden inputs, so the state survives a switch back.
        hidden = self.kind.hidden(self.values) if self.ok else set()
        labels = self.kind.labels(self.values if self.ok else self.raw)
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
        """The main choice this form was rendered with, as ("was", value), for kinds that have one."""
        key = self.kind.main_choice
        if key is None or not self.ok or key not in self.values:
            return None
        return PREVIOUS, self.values[key]

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
    """A digest of the panel's templates (the page and its includes), so a deploy changing one changes every key."""
    page = Path(get_template(PANEL_TEMPLATE).origin.name)
    digest = hashlib.sha256()
    for source in [page, *sorted((page.parent / "panel").glob("*.html"))]:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


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
    return remember(key, lambda: render_to_string(f"{PANEL_TEMPLATE}#panel", {"panel": panel}))
