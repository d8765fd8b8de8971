"""The registry of activity kinds: slug -> ``Kind`` instance, in the order the catalogue lists them.

Each kind is one ``Kind`` subclass in its own module here, whose instance is that module's
``KIND``; the web layer finds kinds only through ``REGISTRY`` and ``get_kind``.
"""

from activities.kinds import clt, distributions, gradient_descent, gradient_field, linear_classifier, matrix_transform
from activities.kinds.base import Kind

# Each module's one instance of its Kind subclass (``KIND``), in catalogue order.
REGISTRY: dict[str, Kind] = {
    module.KIND.slug: module.KIND
    for module in (matrix_transform, gradient_field, gradient_descent, linear_classifier, distributions, clt)
}


def get_kind(slug: str) -> Kind | None:
    """The registered kind with this slug, or None."""
    return REGISTRY.get(slug)
