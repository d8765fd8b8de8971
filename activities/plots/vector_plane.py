"""The matrix and classifier figures with every part a matplotlib artist, for SVG (see ``plots.vector``)."""

import math

from matplotlib.figure import Figure

from activities.maths.matrix import MatrixResult
from activities.plots import classifier, matrix, style, vector


def matrix_figure(result: MatrixResult) -> Figure:
    """``plots.matrix.render`` with its Pillow labels (Ae₁, Ae₂ and the determinant box) as figure text."""
    half = matrix.window(result)
    scene = vector.fresh_scene(lambda fresh: matrix._build(fresh, half))
    matrix._update(scene, result, half)
    (a, b), (c, d) = result.matrix
    (ox, oy), tip1, tip2 = scene.to_pixels((0, a, b), (0, c, d))
    left, top, right, bottom = scene.axes_box()
    for (px, py), words, colour in ((tip1, "Ae\u2081", style.ORANGE), (tip2, "Ae\u2082", style.BLUISH_GREEN)):
        length = math.hypot(px - ox, py - oy)
        if length < 1 or not (left <= px <= right and top <= py <= bottom):
            continue
        lx, ly = px + 13 * (px - ox) / length, py + 13 * (py - oy) / length
        vector.text(scene.fig, (lx, ly), words, size=style.FONT_LABEL, colour=colour, anchor="mm", bold=True)
    det = result.determinant
    if result.orientation == "collapsed":
        words = "det A = 0: area \u00d7 0\ncollapsed onto a line"
    else:
        orient = "preserved (solid)" if det > 0 else "reversed (hatched)"
        words = f"det A = {matrix._fmt(det)}: area \u00d7 {matrix._fmt(abs(det))}\norientation {orient}"
    vector.text(scene.fig, (left + 10, top + 10), words, box=True)
    return vector.still(scene)


def classifier_figure(points, weights: tuple[float, float, float], misclassified) -> Figure:
    """``plots.classifier.render``'s picture (already all matplotlib) with the state's artists set."""
    scene = vector.fresh_scene(classifier._build)
    classifier.show(points, weights, misclassified)(scene)
    return vector.still(scene)
