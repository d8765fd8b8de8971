"""The classifier figure with every part a matplotlib artist, for SVG (see ``engine.vector``)."""

from matplotlib.figure import Figure

from activities.engine import vector
from activities.kinds.linear_classifier import plot as classifier


def classifier_figure(points, weights: tuple[float, float, float], misclassified) -> Figure:
    """``plots.classifier.render``'s picture (already all matplotlib) with the state's artists set."""
    scene = vector.fresh_scene(classifier.build_scene)
    classifier.show(points, weights, misclassified)(scene)
    return vector.still(scene)
