"""The panel on an embed page (``…/embed/?<state>``): framed by other sites, with its controls hidden or locked.

Every link and form of an embedded panel leads back to the embed page, carrying the lockdown
(``hide``, ``lock``, ``pin``), so a student inside an ``<iframe>`` stays inside it, with or without
JavaScript. Links that leave the activity (its own page, its numbers) open a new tab.
"""

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from activities.engine import params as param_specs
from activities.kinds.base import Kind
from activities.web import urls_for
from activities.web.lock import Lockdown
from activities.web.panel import Panel
from activities.web.panel_form import EmbedPanelForm
from activities.web.state import Place

# The size of the iframe in the code a teacher copies: the panel at the figure's width, with its
# controls and numbers below it (the host page may make it narrower: it fits any width from 320 px).
# The height is what a parent that runs no script shows: the tallest embed at 720 px wide, with its
# Download menu open (measured by bench/embed_heights.py: 1,328–1,997 px closed, 2,028 px open, for
# "Rosenbrock valley with Adam"), and some room for text that wraps differently (the test server's
# page measures 2,063 px). With script, the code's few lines size the iframe to the height its page
# posts (static/js/embed_frame.js), capped at MAX_HEIGHT.
IFRAME_WIDTH, IFRAME_HEIGHT = 720, 2100
MAX_HEIGHT = 20_000
HEIGHT_MESSAGE = "dmath-embed-height"


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

    def _cache_identity(self) -> tuple:
        return (*super()._cache_identity(), "framed", self.lockdown.query)

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


def site_origin_only() -> str:
    """The scheme, host and port of the site's public address: what ``event.origin`` says in a parent page."""
    parts = urlsplit(site_origin())
    return f"{parts.scheme}://{parts.netloc}"


# Runs on the parent's page (inline there is the parent's choice): it listens for the embed page's
# height, from this iframe only (its window) and from the site's origin only, and sets it, capped.
_SIZER = (
    '<script>(function(f){{addEventListener("message",function(e){{var d=e.data,h=d&&d.type==={type}&&'
    "Math.ceil(+d.height);if(e.origin==={origin}&&e.source===f.contentWindow&&h>0)f.height=Math.min(h,{cap})}})}})"
    "(document.currentScript.previousElementSibling)</script>"
)


def _js_string(text: str) -> SafeString:
    """A JavaScript string literal safe inside a <script> element (no "<", so no "</script>")."""
    return mark_safe(json.dumps(text).replace("<", "\\u003c"))  # noqa: S308 (escaped just above)


def iframe_code(title: str, src: str) -> str:
    """The <iframe> a teacher pastes into a course page or an LMS, and the lines that size it to its content.

    Where the parent page runs no script (many learning platforms strip it), the iframe keeps its
    fixed height, enough for the tallest embed at its width.
    """
    frame = format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy" style="max-width: 100%"></iframe>',
        src,
        f"{title} — interactive activity",
        IFRAME_WIDTH,
        IFRAME_HEIGHT,
    )
    sizer = format_html(_SIZER, type=_js_string(HEIGHT_MESSAGE), origin=_js_string(site_origin_only()), cap=MAX_HEIGHT)
    return format_html("{}\n{}", frame, sizer)
