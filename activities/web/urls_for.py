"""Every URL of an activity, built in one place: its page, its embed page and each of its files.

``activities.urls`` routes them; this module is the only one that reverses them, so a route renamed
there is one edit here. A query is the state's canonical query (``state.canonical_query``), then any
options (``scale=2``, ``motion=off``, an embed's lockdown), joined with ``&``; an empty part is left out.
"""

from django.urls import reverse


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
