"""The registry of activity kinds: slug -> ``Kind`` instance, in the order the catalogue lists them.

Each activity is a folder here (``activities/kinds/<slug>/``) whose ``kind`` module holds its one
``Kind`` instance as ``KIND``; the registry finds every such folder, so a new activity is a new folder.
The web layer finds kinds only through ``REGISTRY`` and ``get_kind``.
"""

import importlib
import pkgutil

from activities.kinds.base import Kind


def _discover() -> dict[str, Kind]:
    """Every folder's ``KIND``, in catalogue order (``Kind.listing.position``)."""
    found = [
        importlib.import_module(f"{__name__}.{module.name}.kind").KIND
        for module in pkgutil.iter_modules(__path__)
        if module.ispkg
    ]
    return {kind.slug: kind for kind in sorted(found, key=lambda kind: kind.listing.position)}


REGISTRY: dict[str, Kind] = _discover()


def get_kind(slug: str) -> Kind | None:
    """The registered kind with this slug, or None."""
    return REGISTRY.get(slug)
