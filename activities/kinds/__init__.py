"""The registry of activity kinds: slug -> ``Kind`` instance, in the order the catalogue lists them.

Each kind is one ``Kind`` subclass in its own module here, whose instance is that module's
``KIND``; the web layer finds kinds only through ``REGISTRY`` and ``get_kind``.
"""

from activities.kinds.base import Kind
from activities.kinds.clt import kind as clt
from activities.kinds.distributions import kind as distributions
from activities.kinds.gradient_descent import kind as gradient_descent
from activities.kinds.gradient_field import kind as gradient_field
from activities.kinds.linear_classifier import kind as linear_classifier
from activities.kinds.matrix_transform import kind as matrix_transform

# Each module's one instance of its Kind subclass (``KIND``), in catalogue order.
REGISTRY: dict[str, Kind] = {
    module.KIND.slug: module.KIND
    for module in (matrix_transform, gradient_field, gradient_descent, linear_classifier, distributions, clt)
}


def get_kind(slug: str) -> Kind | None:
    """The registered kind with this slug, or None."""
    return REGISTRY.get(slug)
