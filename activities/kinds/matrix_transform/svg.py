"""The matrix figure with every part a matplotlib artist, for SVG (see ``engine.vector``)."""

from matplotlib.figure import Figure

from activities.engine import vector
from activities.kinds.matrix_transform import plot as matrix
from activities.kinds.matrix_transform.maths import MatrixResult


def matrix_figure(result: MatrixResult) -> Figure:
    """``plots.matrix.render`` with its Pillow labels (Ae₁, Ae₂ and the determinant box) as figure text."""
    half = matrix.window(result)
    scene = vector.fresh_scene(lambda fresh: matrix.build_scene(fresh, half))
    matrix.update_scene(scene, result, half)
    for xy, words, look in matrix.words(scene, result):
        vector.text(scene.fig, xy, words, **look)
    # The key names only what is drawn: eigenvectors only when they are real (as the PNG blanks them).
    key, shown = scene.extra["key"], matrix.legend_labels(result)
    for index, label in enumerate(matrix.KEY):
        if label not in shown:
            key.legend_handles[index].set_visible(False)
            key.get_texts()[index].set_visible(False)
    return vector.still(scene)
