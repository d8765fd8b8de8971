"""The plots cache: what a state computes, its PNG and (in ``panel``) its panel, keyed by code version.

A plot URL is a pure function of its canonical query and the code that computes and draws, so
everything here can be recomputed and is kept in the budgeted ``plots`` cache (settings.CACHES).
"""

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.core.cache import caches

from activities.engine import encode
from activities.engine import params as param_specs
from activities.engine.layout import DESK, Size
from activities.kinds.base import Kind

# A week: a plot URL is a pure function of its query and the code version, so it never goes stale.
PLOT_MAX_AGE = 7 * 24 * 60 * 60
# The cache alias for what can be recomputed: computed results, PNGs and panels (settings.CACHES).
PLOTS_CACHE = "plots"


def plots_cache():
    """The cache of results, PNGs and panels: budgeted, and never holding what must not be lost."""
    return caches[PLOTS_CACHE]


def remember(key: str, make: Callable[[], Any]) -> Any:
    """The value cached under this key, or ``make()``'s, which is then kept for PLOT_MAX_AGE."""
    cache = plots_cache()
    value = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, PLOT_MAX_AGE)
    return value


def _code_version() -> str:
    """A digest of the code that computes and draws (engine and kinds): a deploy changing a plot changes its ETag."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted([*root.glob("engine/*.py"), *root.glob("kinds/**/*.py")]):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


CODE_VERSION = _code_version()


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
        query = param_specs.encode(kind.params, values)
    return remember(f"activities:result:{state_key(kind, query)}", lambda: kind.compute(dict(values)))


def state_etag(kind: Kind, query: str, variant: str, label: str = "") -> str:
    """The ETag of a file made from a state (its PNG at a scale, its still, WAV or SVG): code, state and variant."""
    digest = hashlib.sha256(f"{CODE_VERSION}|{kind.slug}|{query}|{variant}".encode()).hexdigest()
    return f'"{label}{digest[:32]}"'


def plot_etag(kind: Kind, query: str, scale: int, *, still: bool = False, size: Size = DESK) -> str:
    """The ETag of a state's figure at a size and scale; the still of an animation (``motion=off``) has its own."""
    return state_etag(kind, query, f"{size.name}|{scale}|still" if still else f"{size.name}|{scale}")


def plot_png(kind: Kind, values: dict, scale: int, etag: str, size: Size = DESK) -> bytes:
    """The PNG of a state, from the plots cache when it was drawn before (keyed by its ETag)."""
    key = f"activities:png:{etag.strip(chr(34))}"
    return remember(key, lambda: kind.render(values, state_result(kind, values), scale, size))


def still_png(kind: Kind, values: dict, scale: int, etag: str, size: Size = DESK) -> bytes:
    """The last frame of a state's figure as a plain PNG (``motion=off``), cached under its own ETag.

    Taken from the animation itself (``encode.still_png``), so it is exactly the picture it stops on.
    """
    moving = plot_etag(kind, param_specs.encode(kind.params, values), scale, size=size)
    return remember(
        f"activities:png:{etag.strip(chr(34))}", lambda: encode.still_png(plot_png(kind, values, scale, moving, size))
    )
