"""The registry of activity kinds: slug -> ``Kind``, in the order the catalogue lists them.

Each kind lives in its own module here and defines ``KIND``; the web layer finds kinds only
through ``REGISTRY`` and ``get_kind``.
"""

from activities.kinds import (
    clt,
    distributions,
    gradient_descent,
    gradient_field,
    linear_classifier,
    matrix_transform,
)
from activities.kinds.base import Kind

REGISTRY: dict[str, Kind] = {
    module.KIND.slug: module.KIND
    for module in (matrix_transform, gradient_field, gradient_descent, linear_classifier, distributions, clt)
}


def get_kind(slug: str) -> Kind | None:
    """The registered kind with this slug, or None."""
    return REGISTRY.get(slug)
