"""The panel: everything the activity template shows for one state (or one error), and its cached HTML."""

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import InitVar, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import get_template, render_to_string

from activities.engine import params as param_specs
from activities.engine.cache import remember, state_key, state_result
from activities.engine.params import ParamError
from activities.kinds.base import Kind
from activities.web import state as states
from activities.web import tabular, urls_for
from activities.web.figure_view import FigureView
from activities.web.panel_form import PanelForm
from activities.web.state import Place, canonical_query

PANEL_TEMPLATE = "activities/activity_page.html"


@dataclass(frozen=True)
class PanelTexts:
    """The activity's words (its ``Activity`` row, which staff edit; the kind's title when there is none)."""

    title: str
    instructions: str = ""
    hint: str = ""


@dataclass(frozen=True)
class Refusal:
    """Why a request was refused, the parameter it names (``param``, "" for the request as a whole) and what
    the visitor sent (kept in the inputs); false, with status 200, when the request was not refused."""

    message: str = ""
    param: str = ""
    sent: Mapping = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.message)

    @property
    def status(self) -> int:
        """The panel's HTTP status: 400 for a refused request, else 200."""
        return 400 if self.message else 200


class Readout:
    """What the kind computes for the state, in words and numbers: the summary, the formula and the tables."""

    def __init__(self, panel: "Panel") -> None:
        self.panel = panel

    @cached_property
    def summary(self) -> list:
        return self.panel.kind.summary(self.panel.values, self.panel.result)

    @cached_property
    def formula(self) -> str:
        return self.panel.kind.formula(self.panel.values)

    @cached_property
    def numbers(self) -> Any:
        """The figure's numbers as facts and tables (activities.web.tabular), from data.json's dict."""
        kind = self.panel.kind
        return tabular.numbers(kind, kind.data(self.panel.values, self.panel.result))


@dataclass
class Panel:
    """Everything the panel template shows for one state (or one error) of one activity.

    Its parts are groups: ``texts`` (the activity's words), ``refusal`` (a refused request), ``readout``
    (summary, formula, tables), ``figure`` (``FigureView``), ``urls`` (``urls_for.PanelUrls``) and ``form``
    (``panel_form.PanelForm``: controls, hidden fields, presets).
    """

    kind: Kind
    texts: PanelTexts
    place: Place = field(default_factory=Place)
    # The clean state the figure, readouts, presets and links show: on a refused request, the last good one.
    values: dict | None = None
    refusal: Refusal = field(default_factory=Refusal)
    start: InitVar[dict | None] = None  # the state "Reset" returns to (defaults on the standalone page)
    # An htmx swap (so JavaScript runs): fill the live region with the new state, show the sliders.
    announce: bool = False
    motion_off: bool = False  # still figures (motion=off, not state): kept in the form and the links
    before: dict | None = None  # the state a click on the figure started from (to say what it did)

    def __post_init__(self, start: dict | None) -> None:
        self._start = start

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
        raw: Mapping | None = None,
        **kwargs: Any,
    ) -> "Panel":
        """A panel for a state checked by the kind's own computation, or for a refused request.

        A refusal (``refusal``, or the kind's ParamError for ``values``) keeps a state on screen: the
        request's own state when it is good (an action was refused), else ``fallback`` (the form's last
        good state), else the Reset state. ``raw`` is what the visitor sent, shown again on a refusal.
        """
        if refusal is None and values is not None:
            refusal = states.state_refusal(kind, values)
            values = None if refusal is not None else values
        if refusal is not None:
            values = states.first_good_state(kind, values, fallback, kwargs.get("start"))
        texts = PanelTexts(
            title=getattr(activity, "title", "") or kind.title,
            instructions=getattr(activity, "instructions", ""),
            hint=getattr(activity, "hint", ""),
        )
        return cls(
            kind=kind,
            texts=texts,
            place=place or Place(),
            values=values,
            refusal=Refusal(str(refusal), refusal.field, raw or {}) if refusal is not None else Refusal(),
            **kwargs,
        )

    # Identity and place

    @property
    def id(self) -> str:
        return self.place.panel_id(self.kind.slug)

    @property
    def ok(self) -> bool:
        return not self.refusal

    # State and URLs

    @cached_property
    def query(self) -> str:
        return canonical_query(self.kind, self.values)

    @cached_property
    def urls(self) -> urls_for.PanelUrls:
        """Its page, this state here, Reset and each file of this state (``urls_for.PanelUrls``)."""
        return urls_for.PanelUrls(self)

    def _cache_identity(self) -> tuple:
        """Everything besides the state and template that the panel's HTML depends on (``panel_html``)."""
        start = canonical_query(self.kind, self._start) if self._start is not None else ""
        texts = (self.texts.title, self.texts.instructions, self.texts.hint)
        return (*texts, self.place.course, self.place.level, start, *self.figure.cache_parts, self.announce)

    def start_values(self) -> dict:
        """The state Reset returns to."""
        return self._start if self._start is not None else param_specs.parse(self.kind.params, {})

    # The figure (``figure.html`` reads its size, alt text and hint here)

    @cached_property
    def figure(self) -> FigureView:
        """The figure's still URLs, motion links, keyboard crosshair and what a click did."""
        return FigureView(self)

    # What the kind computes for this state

    @cached_property
    def result(self) -> Any:
        return state_result(self.kind, self.values, self.query)

    @cached_property
    def readout(self) -> Readout:
        """The summary, formula and tables of this state (``Readout``)."""
        return Readout(self)

    # The form

    @cached_property
    def form(self) -> PanelForm:
        """Its controls, the hidden fields that keep its state and the presets (``panel_form.PanelForm``)."""
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
    key = f"activities:panel:{state_key(panel.kind, panel.query, template_version(), *panel._cache_identity())}"
    return remember(key, lambda: render_to_string(f"{PANEL_TEMPLATE}#panel", {"panel": panel}))
