"""Every URL of an activity, built in one place: its page, its embed page, each of its files, a panel's links.

``activities.urls`` routes them; this module is the only one that reverses them, so a route renamed
there is one edit here. A query is the state's canonical query (``state.canonical_query``), then any
options (``scale=2``, ``motion=off``, an embed's lockdown), joined with ``&``; an empty part is left out.
"""

from django.urls import reverse

from activities.engine import params as param_specs


def _with(url: str, *parts: str) -> str:
    query = "&".join(part for part in parts if part)
    return f"{url}?{query}" if query else url


def page_url(slug: str, *query: str) -> str:
    """The activity's own page (``/activities/<slug>/``), of a state when a query is given."""
    return _with(reverse("activities:page", kwargs={"slug": slug}), *query)


def embed_page_url(slug: str, *query: str) -> str:
    """The embed page (``…/embed/``) that other sites frame, of a state and its lockdown."""
    return _with(reverse("activities:embed", kwargs={"slug": slug}), *query)


def file_url(slug: str, name: str, *query: str) -> str:
    """A file of a state by its route name (``plot``, ``svg``, ``audio``, ``data``, ``csv``, ``script``)."""
    return _with(reverse(f"activities:{name}", kwargs={"slug": slug}), *query)


def _canonical(kind, values) -> str:
    return param_specs.encode(kind.params, values)


def embed_url(kind, values: dict, lockdown) -> str:
    """The embed page of a state, with the locked values in place, and its lockdown."""
    return embed_page_url(kind.slug, _canonical(kind, lockdown.apply(kind, values)), lockdown.query)


class PanelUrls:
    """Every URL a panel links to (``panel.urls``): its page, its state here, Reset, and each file of its state."""

    def __init__(self, panel) -> None:
        self.panel = panel

    @property
    def base(self) -> str:
        """Where the panel's form is sent: the activity's page (the embed page in ``EmbedUrls``)."""
        return page_url(self.panel.kind.slug)

    def state(self, values: dict) -> str:
        """A state of this activity where the panel is shown."""
        return f"{self.base}?{_canonical(self.panel.kind, values)}"

    @property
    def permalink(self) -> str:
        """The state's own address on the activity's page."""
        return f"{self.base}?{self.panel.query}"

    @property
    def here(self) -> str:
        """This state where it is shown: the activity's page here, an embed (with its lock) in ``EmbedUrls``."""
        return self.permalink

    @property
    def reset(self) -> str:
        return self.state(self.panel.start_values()) + self.panel.figure.motion_query

    def _file(self, name: str, *extra: str) -> str:
        return file_url(self.panel.kind.slug, name, self.panel.query, *extra)

    @property
    def plot(self) -> str:
        return self._file("plot")

    @property
    def plot_2x(self) -> str:
        return self._file("plot", "scale=2")

    @property
    def data(self) -> str:
        return self._file("data")

    @property
    def csv(self) -> str:
        return self._file("csv")

    @property
    def script(self) -> str:
        return self._file("script")


class EmbedUrls(PanelUrls):
    """The embed page's panel: its form, presets and Reset stay on the embed page, with its lockdown."""

    @property
    def base(self) -> str:
        return embed_page_url(self.panel.kind.slug)

    def state(self, values: dict) -> str:
        return embed_url(self.panel.kind, values, self.panel.lockdown)

    @property
    def permalink(self) -> str:
        """The activity's own page (opened in a new tab: it may not be framed)."""
        panel = self.panel
        if not panel.ok:
            return page_url(panel.kind.slug)
        return page_url(panel.kind.slug, _canonical(panel.kind, panel.values))

    @property
    def here(self) -> str:
        return self.state(self.panel.values) if self.panel.values is not None else self.reset
