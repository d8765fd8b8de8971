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

from activities.engine import params as param_specs
from activities.engine.cache import remember, state_key, state_result
from activities.engine.layout import HEIGHT, WIDTH
from activities.engine.params import ParamError
from activities.kinds.base import Kind
from activities.web import state as states
from activities.web import tabular, urls_for
from activities.web.figure_view import FigureView, motion_query
from activities.web.panel_form import PanelForm
from activities.web.state import Place, canonical_query

PANEL_TEMPLATE = "activities/activity_page.html"


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
    # The clean state the figure, readouts, presets and links show: on a refused request, the last good one.
    values: dict | None = None
    error: str = ""  # why the request was refused ("" when it was not)
    error_field: str = ""  # the parameter the refusal names ("" for the request as a whole)
    raw: Mapping = field(default_factory=dict)  # what the visitor sent, kept in the inputs on error
    start: dict | None = None  # the state "Reset" returns to (defaults on the standalone page)
    # An htmx swap (so JavaScript runs): fill the live region with the new state, show the sliders.
    announce: bool = False
    motion_off: bool = False  # still figures (motion=off, not state): kept in the form and the links
    before: dict | None = None  # the state a click on the figure started from (to say what it did)

    @classmethod
    def build(
        cls,
        kind: Kind,
        activity: Any = None,
        *,
        place: Place | None = None,
        values: dict | None = None,
        refusal: ParamError | None = None,
        fallback: dict | None = None,
        **kwargs: Any,
    ) -> "Panel":
        """A panel for a state checked by the kind's own computation, or for a refused request.

        A refusal (``refusal``, or the kind's ParamError for ``values``) keeps a state on screen: the
        request's own state when it is good (an action was refused), else ``fallback`` (the form's last
        good state), else the Reset state.
        """
        if refusal is None and values is not None:
            refusal = states.state_refusal(kind, values)
            values = None if refusal is not None else values
        if refusal is not None:
            values = states.first_good_state(kind, values, fallback, kwargs.get("start"))
        return cls(
            kind=kind,
            title=getattr(activity, "title", "") or kind.title,
            instructions=getattr(activity, "instructions", ""),
            hint=getattr(activity, "hint", ""),
            place=place or Place(),
            values=values,
            error=str(refusal) if refusal is not None else "",
            error_field=refusal.field if refusal is not None else "",
            **kwargs,
        )

    # Identity and place

    @property
    def id(self) -> str:
        return self.place.panel_id(self.kind.slug)

    @property
    def level(self) -> int:
        return self.place.level

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def status(self) -> int:
        return 200 if self.ok else 400

    # State and URLs

    @cached_property
    def query(self) -> str:
        return canonical_query(self.kind, self.values)

    @cached_property
    def urls(self) -> urls_for.PanelUrls:
        """Its page, this state here, Reset and each file of this state (``urls_for.PanelUrls``)."""
        return urls_for.PanelUrls(self)

    def cache_identity(self) -> tuple:
        """Everything besides the state and template that the panel's HTML depends on (``panel_html``)."""
        start = canonical_query(self.kind, self.start) if self.start is not None else ""
        texts = (self.title, self.instructions, self.hint)
        return (*texts, self.place.course, self.place.level, start, *self.figure.cache_parts, self.announce)

    def start_values(self) -> dict:
        """The state Reset returns to."""
        return self.start if self.start is not None else param_specs.parse(self.kind.params, {})

    @cached_property
    def presets(self) -> list[Link]:
        defaults = param_specs.parse(self.kind.params, {})
        links = []
        for preset in self.kind.presets:
            query = canonical_query(self.kind, {**defaults, **preset.values})
            href = f"{self.urls.base}?{query}{motion_query(self.motion_off)}"
            links.append(Link(preset.label, href, current=query == self.query))
        return links

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return HEIGHT

    @property
    def clickable(self) -> bool:
        return self.kind.limits(self.values) is not None

    @cached_property
    def figure(self) -> FigureView:
        """The figure's still URLs, motion links, keyboard crosshair and what a click did."""
        return FigureView(self)

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
        """The figure's numbers as facts and tables (activities.web.tabular), from data.json's dict."""
        return tabular.numbers(self.kind, self.kind.data(self.values, self.result))

    @cached_property
    def formula(self) -> str:
        return self.kind.formula(self.values)

    # The form

    @cached_property
    def typed(self) -> dict[str, str]:
        """Each control's text: the state's value, or on a refused request what the visitor sent."""
        texts, values = {}, self.values or {}
        for spec in self.kind.params:
            text = spec.encode(values.get(spec.name)) if spec.name in values else None
            texts[spec.name] = "" if text is None else str(text)
            if not self.ok and spec.name in self.raw:
                texts[spec.name] = str(self.raw.get(spec.name, ""))[: param_specs.MAX_RAW_LENGTH]
        return texts

    @cached_property
    def form(self) -> PanelForm:
        """Its controls and the hidden fields that keep its state (``panel_form.PanelForm``)."""
        return PanelForm(self)


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
    key = f"activities:panel:{state_key(panel.kind, panel.query, template_version(), *panel.cache_identity())}"
    return remember(key, lambda: render_to_string(f"{PANEL_TEMPLATE}#panel", {"panel": panel}))
