"""Truth in the small things (issue 11, point 8): what the page, the alt text and the figure say is so."""

import io
import re
from html import unescape

import numpy as np
import pytest
from PIL import Image

from activities.engine.layout import axes_box, data_to_pixel
from activities.kinds.linear_classifier import plot as classifier_plot
from activities.kinds.linear_classifier.kind import LIMITS
from activities.kinds.matrix_transform import plot as matrix_plot
from activities.kinds.matrix_transform.maths import transform

pytestmark = pytest.mark.django_db

DESCENT = "/activities/gradient-descent/"


def numbers(html: str) -> dict[str, str]:
    """The key numbers a visitor reads beside the figure: label → value."""
    pairs = re.findall(r"<dt>([^<]*)<span\s+class=\"visually-hidden\">:</span></dt>\s*<dd>([^<]*)</dd>", html)
    return {unescape(label).strip(): unescape(value).strip() for label, value in pairs}


def alt_text(html: str) -> str:
    return unescape(re.search(r'<img class="activity__plot"[^>]*?alt="([^"]*)"', html, re.S).group(1))


def image(content: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(content)).convert("RGB")).astype(int)


# --- Descent: "diverging" when the loss runs away ----------------------------------------------------


def test_bowl_with_a_step_too_large_says_diverging(client, catalogue):
    """η = 1.05 on x² + y²: each step multiplies the loss by (1 − 2η)² = 1.21, and the page says so."""
    html = client.get(DESCENT, {"lr": "1.05"}).content.decode()
    data = client.get(f"{DESCENT}data.json", {"lr": "1.05"}).json()

    losses = np.array(data["losses"])
    assert len(losses) == 51 and losses[-1] > 10_000 * losses[0]
    assert np.allclose(losses[1:] / losses[:-1], (1 - 2 * 1.05) ** 2, rtol=1e-12)
    assert data["status"] == "diverging" and not data["converged"] and not data["diverged"]
    assert numbers(html)["Status"] == "diverging"
    alt = alt_text(html)
    assert "diverging after 50 steps" in alt and "not yet converged" not in html


def test_a_converging_run_says_converged(client, catalogue):
    """η = 0.1 on the bowl: |∇f| = 2|x| shrinks by 0.8 a step, below 10⁻³ well within 50 steps."""
    html = client.get(DESCENT).content.decode()
    data = client.get(f"{DESCENT}data.json").json()
    assert data["status"] == "converged" and data["converged"]
    assert numbers(html)["Status"] == "converged"
    assert "converged after" in alt_text(html) and "diverg" not in alt_text(html)


def test_one_step_is_one_step_in_words(client, catalogue):
    """η = 0.5 on x² + y² lands on the minimum in one step (x − 0.5 · 2x = 0): "1 step", never "1 steps"."""
    html = client.get(DESCENT, {"lr": "0.5"}).content.decode()
    assert client.get(f"{DESCENT}data.json", {"lr": "0.5"}).json()["steps_taken"] == 1
    assert "after 1 step," in alt_text(html) and "1 steps" not in html
    svg = client.get(f"{DESCENT}plot.svg", {"lr": "0.5"}).content.decode()
    assert ">loss over 1 step<" in svg and "1 steps" not in svg


def test_a_slow_run_is_not_yet_converged_and_not_diverging(client, catalogue):
    """η = 0.001 for 20 steps: the loss falls by (1 − 0.002)² a step, so the run is short of the minimum."""
    html = client.get(DESCENT, {"lr": "0.001", "steps": "20"}).content.decode()
    data = client.get(f"{DESCENT}data.json", {"lr": "0.001", "steps": "20"}).json()
    assert data["losses"][-1] == pytest.approx(4.5 * 0.998**40, rel=1e-12)
    assert data["status"] == "not yet converged"
    assert numbers(html)["Status"] == "not yet converged"
    assert "not yet converged" in alt_text(html)


# --- Matrix: eigenvectors named only when they are real ----------------------------------------------

ROTATION = {"a": "0.866", "b": "-0.5", "c": "0.5", "d": "0.866"}  # eigenvalues 0.866 ± 0.5i
SHEAR = {"a": "1", "b": "1", "c": "0", "d": "1"}  # eigenvalue 1, eigenvector (1, 0)
REDDISH_PURPLE = (0xCC, 0x79, 0xA7)  # Okabe–Ito: the dashed eigenvector lines


def _key_strip(content: bytes) -> np.ndarray:
    """The figure's top margin, above the axes, where the key sits."""
    top = int(axes_box(1)[1])
    return image(content)[:top]


def _purple_pixels(pixels: np.ndarray) -> int:
    return int((np.abs(pixels - REDDISH_PURPLE).max(axis=2) < 30).sum())


def test_a_rotation_names_no_eigenvector(client, catalogue):
    a, b, c, d = (float(ROTATION[k]) for k in "abcd")
    assert (a + d) ** 2 - 4 * (a * d - b * c) < 0  # complex eigenvalues: no real direction is kept
    html = client.get("/activities/matrix-transform/", ROTATION).content.decode()
    alt = alt_text(html)
    assert "complex eigenvalues" in alt and "eigenvector" not in alt
    assert "eigenvector" not in " ".join(matrix_plot.legend_labels(transform(a, b, c, d)))
    plot = client.get("/activities/matrix-transform/plot.png", ROTATION).content
    assert _purple_pixels(_key_strip(plot)) == 0
    svg = client.get("/activities/matrix-transform/plot.svg", ROTATION).content.decode()
    assert ">unit square<" in svg and "eigenvector" not in svg


def test_a_shear_names_its_eigenvector(client, catalogue):
    html = client.get("/activities/matrix-transform/", SHEAR).content.decode()
    assert "eigenvector lines along (1, 0)" in alt_text(html)
    assert "eigenvectors" in matrix_plot.legend_labels(transform(1, 1, 0, 1))
    plot = client.get("/activities/matrix-transform/plot.png", SHEAR).content
    assert _purple_pixels(_key_strip(plot)) > 20
    assert ">eigenvectors<" in client.get("/activities/matrix-transform/plot.svg", SHEAR).content.decode()


# --- Classifier: misclassified points highlight red ------------------------------------------------

# With the line x + y = 0, (1, 1) is red but on the blue side (1 + 1 > 0), and (3, −1) is blue on the
# blue side (3 − 1 > 0): exactly the first point is misclassified.
POINTS = "1,1,red;3,-1,blue"


def _red_ring_hits(pixels: np.ndarray, x: float, y: float) -> int:
    """How many of 24 directions around the point (x, y) cross a red pixel within 16 px of it."""
    cx, cy = data_to_pixel(x, y, LIMITS)
    hits = 0
    for angle in np.linspace(0, 2 * np.pi, 24, endpoint=False):
        for radius in np.arange(6, 16, 0.5):
            r, g, b = pixels[round(cy + radius * np.sin(angle)), round(cx + radius * np.cos(angle))]
            # Red, and not the class's vermillion (213, 94, 0), nor the red side's tint.
            if r > 150 and g < 50 and b < 110:
                hits += 1
                break
    return hits


def test_a_misclassified_point_is_ringed_red(client, catalogue):
    query = {"points": POINTS, "w1": "1", "w2": "1", "b": "0"}
    data = client.get("/activities/linear-classifier/data.json", query).json()
    assert data["misclassified"] == [0]
    assert "1 point is misclassified (ringed in red)" in alt_text(
        client.get("/activities/linear-classifier/", query).content.decode()
    )
    pixels = image(client.get("/activities/linear-classifier/plot.png", query).content)
    assert _red_ring_hits(pixels, 1, 1) >= 20  # a ring: red all around the misclassified point
    assert _red_ring_hits(pixels, 3, -1) == 0  # the well-classified point has none


def test_the_classifier_key_says_what_the_ring_means():
    assert "misclassified (red ring)" in classifier_plot.legend_labels()


# --- One link text everywhere ---------------------------------------------------------------------


def test_the_link_to_a_state_has_one_name_everywhere(client, catalogue):
    """ "Link to this state" on the activity's page and in every embedded panel, named apart by its title."""
    page = client.get("/activities/clt/").content.decode()
    programme = client.get("/programmes/msc-machine-learning-mathematics/").content.decode()
    assert re.search(r'<a href="/activities/clt/\?[^"]*">Link to this state</a>', page)
    assert "Permalink" not in page and "Permalink" not in programme
    embedded = re.findall(r">Link to this state<span\s+class=\"visually-hidden\"> of ([^<]+)</span></a>", programme)
    titles = re.findall(r'class="activity__title" id="[^"]+">([^<]+)<', programme)
    assert len(embedded) == len(titles) >= 6 and embedded == titles
