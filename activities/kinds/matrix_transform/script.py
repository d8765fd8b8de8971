"""The matrix transform as a script: determinant, trace, eigenvalues and the image of the unit square."""

from activities.kinds.matrix_transform.maths import COLLAPSE_TOL, REPEATED_TOL

BODY = '''
a, b, c, d = {a!r}, {b!r}, {c!r}, {d!r}  # the matrix [[a, b], [c, d]] acting on column vectors
COLLAPSE_TOL = {collapse!r}  # |det| below this: the square collapses onto a line or a point
REPEATED_TOL = {repeated!r}  # relative tolerance on the discriminant for a repeated eigenvalue


def eigenvalues(a, b, c, d):
    """Roots of λ² − tr λ + det = 0 as (re, im), larger real part first, without cancellation."""
    tr, det = a + d, a * d - b * c
    disc = (a - d) ** 2 + 4 * b * c
    if abs(disc) <= REPEATED_TOL * max(1.0, tr * tr, abs(det)):
        disc = 0.0
    if disc >= 0:
        root = math.sqrt(disc)
        big = (tr + math.copysign(root, tr)) / 2 if tr != 0 else root / 2
        small = det / big if big != 0 else (tr - root) / 2 if tr != 0 else -root / 2
        pair = sorted((big, small), reverse=True)
        return [[pair[0], 0.0], [pair[1], 0.0]]
    im = math.sqrt(-disc) / 2
    return [[tr / 2, im], [tr / 2, -im]]


det = a * d - b * c
corners = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
image = [[a * x + b * y + 0.0, c * x + d * y + 0.0] for x, y in corners]
data = {{
    "matrix": [[a, b], [c, d]],
    "determinant": det,
    "trace": a + d,
    "eigenvalues": eigenvalues(a, b, c, d),
    "square_image": image,
    "orientation": "collapsed" if abs(det) < COLLAPSE_TOL else "preserved" if det > 0 else "reversed",
}}

fig = Figure(figsize=(6, 6))
ax = fig.subplots()
square = np.array(corners + corners[:1])
shape = np.array(image + image[:1])
ax.fill(square[:, 0], square[:, 1], color="#cccccc", alpha=0.5, label="unit square")
ax.fill(shape[:, 0], shape[:, 1], color="#0072B2", alpha=0.4, label="its image")
ax.annotate("", xy=(a, c), xytext=(0, 0), arrowprops={{"color": "#D55E00"}})
ax.annotate("", xy=(b, d), xytext=(0, 0), arrowprops={{"color": "#009E73"}})
for (re, im) in data["eigenvalues"]:
    if im == 0 and (b, re - a) != (0, 0):
        v = np.array([b, re - a]) if math.hypot(b, re - a) >= math.hypot(re - d, c) else np.array([re - d, c])
        v = v / np.hypot(*v) * 3
        ax.plot([-v[0], v[0]], [-v[1], v[1]], "--", color="#555555", lw=1)
half = max(2.0, 1.2 * float(np.abs(shape).max()))
ax.set(xlim=(-half, half), ylim=(-half, half), aspect="equal")
ax.set_title(f"A = [[{{a}}, {{b}}], [{{c}}, {{d}}]], det = {{det:.4g}}")
ax.axhline(0, color="black", lw=0.6)
ax.axvline(0, color="black", lw=0.6)
ax.legend(loc="upper left")
'''


def script(values: dict) -> str:
    return BODY.format(
        a=float(values["a"]),
        b=float(values["b"]),
        c=float(values["c"]),
        d=float(values["d"]),
        collapse=COLLAPSE_TOL,
        repeated=REPEATED_TOL,
    )
