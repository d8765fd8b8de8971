"""The panel on an embed page (``…/embed/?<state>``): framed by other sites, with its controls hidden or locked.

Every link and form of an embedded panel leads back to the embed page, carrying the lockdown
(``hide``, ``lock``, ``pin``), so a student inside an ``<iframe>`` stays inside it, with or without
JavaScript. Links that leave the activity (its own page, its numbers) open a new tab.
"""

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.conf import settings
from django.utils.html import format_html

from activities.engine import params as param_specs
from activities.kinds.base import Kind
from activities.web import urls_for
from activities.web.figure_view import motion_query
from activities.web.lock import Lockdown
from activities.web.panel import Link, Panel
from activities.web.panel_form import EmbedPanelForm
from activities.web.state import Place, canonical_query

# The size of the iframe in the code a teacher copies: the panel at the figure's width, with its
# controls and numbers below it (the host page may make it narrower: it fits any width from 320 px).
IFRAME_WIDTH, IFRAME_HEIGHT = 720, 1400


@dataclass(frozen=True)
class FramePlace(Place):
    """The embed page: a page of its own (the panel's title is its h1) that pushes no history."""

    level: int = 1
    framed = True

    @property
    def standalone(self) -> bool:
        return False

    @property
    def hx_vals(self) -> str:
        return ""


@dataclass
class EmbedPanel(Panel):
    """A panel whose form, presets and Reset lead to the embed page, with its hidden and locked controls."""

    lockdown: Lockdown = field(default_factory=Lockdown)

    @classmethod
    def build(cls, kind: Kind, activity: Any = None, *, lockdown: Lockdown | None = None, **kwargs: Any) -> "Panel":
        """As ``Panel.build``, with the locked values in every state a refusal may fall back to.

        The Reset state (and so the last resort of a refused request) is the defaults with the
        locked values in place: a refusal must not show, nor link to, a state the lock forbids.
        """
        lockdown = lockdown or Lockdown()
        start = kwargs.pop("start", None)
        start = lockdown.apply(kind, start if start is not None else param_specs.parse(kind.params, {}))
        fallback = kwargs.pop("fallback", None)
        fallback = lockdown.apply(kind, fallback) if fallback is not None else None
        return super().build(kind, activity, lockdown=lockdown, start=start, fallback=fallback, **kwargs)

    @cached_property
    def urls(self) -> urls_for.EmbedUrls:
        return urls_for.EmbedUrls(self)

    def cache_identity(self) -> tuple:
        return (*super().cache_identity(), "framed", self.lockdown.query)

    @cached_property
    def presets(self) -> list[Link]:
        defaults = param_specs.parse(self.kind.params, {})
        links = []
        for preset in self.kind.presets:
            values = self.lockdown.apply(self.kind, {**defaults, **preset.values})
            href = self.urls.state(values) + motion_query(self.motion_off)
            links.append(Link(preset.label, href, current=canonical_query(self.kind, values) == self.query))
        return links

    @cached_property
    def form(self) -> EmbedPanelForm:
        return EmbedPanelForm(self)


def site_origin() -> str:
    """The site's public address for absolute links (as in emails): SITE_URL, else the first allowed host."""
    return settings.SITE_URL or settings.LOCAL_SITE_URL


def embed_src(slug: str, query: str, lockdown: Lockdown | None = None) -> str:
    """The absolute address of an embed page: the state's canonical query, then its lockdown."""
    parts = [query, lockdown.query if lockdown else ""]
    return site_origin() + urls_for.embed_page_url(slug, *parts)


def iframe_code(title: str, src: str) -> str:
    """The <iframe> a teacher pastes into a course page or an LMS."""
    return format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy"></iframe>',
        src,
        f"{title} — interactive activity",
        IFRAME_WIDTH,
        IFRAME_HEIGHT,
    )
