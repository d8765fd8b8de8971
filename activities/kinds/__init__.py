"""The registry of activity kinds: slug -> ``Kind`` instance, in the order the catalogue lists them.

Each activity is a folder here (``activities/kinds/<package>/``) whose ``kind`` module holds its one
``Kind`` instance as ``KIND``; the registry finds every such folder, so a new activity is a new folder.
The folder also says what the class does not restate: its slug is the package's name with dashes for
underscores (``gradient_descent`` → ``gradient-descent``), and its ``listing.json`` is its catalogue row
in the seed's words (``Listing``: position, title, instructions, hint), both set on the kind's class here.
The web layer finds kinds only through ``REGISTRY`` and ``get_kind``.
"""

import importlib
import json
import pkgutil
from pathlib import Path

from activities.kinds.base import Kind, Listing


def _discover() -> dict[str, Kind]:
    """Every folder's ``KIND``, with its slug and listing, in catalogue order (``Kind.listing.position``)."""
    found = []
    for module in pkgutil.iter_modules(__path__):
        if not module.ispkg:
            continue
        kind = importlib.import_module(f"{__name__}.{module.name}.kind").KIND
        listing = json.loads((Path(module.module_finder.path) / module.name / "listing.json").read_text("utf-8"))
        type(kind).slug = module.name.replace("_", "-")
        type(kind).listing = Listing(**listing)
        found.append(kind)
    return {kind.slug: kind for kind in sorted(found, key=lambda kind: kind.listing.position)}


REGISTRY: dict[str, Kind] = _discover()


def get_kind(slug: str) -> Kind | None:
    """The registered kind with this slug, or None."""
    return REGISTRY.get(slug)
