"""The matrix transform as a script: the maths module's own functions, then this matrix's numbers and figure."""

from activities.engine.script import maths_source
from activities.kinds.matrix_transform import maths

DRIVER = """
a, b, c, d = {a!r}, {b!r}, {c!r}, {d!r}  # the matrix [[a, b], [c, d]] acting on column vectors
matrix = ((a, b), (c, d))
det = a * d - b * c
image = [list(corner) for corner in square_image(matrix)]
data = {{
    "matrix": [[a, b], [c, d]],
    "determinant": det,
    "trace": a + d,
    "eigenvalues": [list(pair) for pair in eigenvalues(a, b, c, d)],
    "square_image": image,
    "orientation": orientation(det),
}}

fig = Figure(figsize=(6, 6))
ax = fig.subplots()
square = np.array(UNIT_SQUARE + UNIT_SQUARE[:1])
shape = np.array(image + image[:1])
ax.fill(square[:, 0], square[:, 1], color="#cccccc", alpha=0.5, label="unit square")
ax.fill(shape[:, 0], shape[:, 1], color="#0072B2", alpha=0.4, label="its image")
ax.annotate("", xy=(a, c), xytext=(0, 0), arrowprops={{"color": "#D55E00"}})
ax.annotate("", xy=(b, d), xytext=(0, 0), arrowprops={{"color": "#009E73"}})
for re, im in data["eigenvalues"]:
    v = eigenvector(a, b, c, d, re) if im == 0 else None
    if v is not None:  # None: complex eigenvalues, or A = λI (every direction)
        ax.plot([-3 * v[0], 3 * v[0]], [-3 * v[1], 3 * v[1]], "--", color="#555555", lw=1)
half = max(2.0, 1.2 * float(np.abs(shape).max()))
ax.set(xlim=(-half, half), ylim=(-half, half), aspect="equal")
ax.set_title(f"A = [[{{a}}, {{b}}], [{{c}}, {{d}}]], det = {{det:.4g}}")
ax.axhline(0, color="black", lw=0.6)
ax.axvline(0, color="black", lw=0.6)
ax.legend(loc="upper left")
"""

EXPORTED = (maths.eigenvalues, maths.eigenvector, maths.orientation, maths.square_image)


def script(values: dict) -> str:
    numbers = {key: float(values[key]) for key in "abcd"}
    return "\n" + maths_source(*EXPORTED) + DRIVER.format(**numbers)
