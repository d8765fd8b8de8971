"""The linear classifier as a script: maths.py's own classify, then the points, the line and who is misclassified."""

from activities.engine.script import maths_source
from activities.kinds.linear_classifier import maths
from activities.kinds.linear_classifier.plot import LIMITS

BODY = """
w1, w2, b = {w1!r}, {w2!r}, {b!r}  # blue where w1·x + w2·y + b > 0, red where < 0
POINTS = {points}  # (x, y, colour)
LIMITS = {limits!r}  # the window (xmin, xmax, ymin, ymax)

scores, predicted, wrong, accuracy = classify(POINTS, w1, w2, b)
xy, target = arrays(POINTS)
wrong = list(wrong)  # a point exactly on the line belongs to neither side: it counts as misclassified
labels = [label for _, _, label in POINTS]
data = {{
    "accuracy": accuracy,
    "misclassified": wrong,
    "counts": {{"red": labels.count("red"), "blue": labels.count("blue"), "misclassified": len(wrong)}},
    "points": [{{"x": x, "y": y, "label": label}} for x, y, label in POINTS],
    "weights": {{"w1": w1, "w2": w2, "b": b}},
}}

fig = Figure(figsize=(7, 5.2))
ax = fig.subplots()
xmin, xmax, ymin, ymax = LIMITS
gx, gy = np.meshgrid(np.linspace(xmin, xmax, 300), np.linspace(ymin, ymax, 300))
ax.contourf(gx, gy, w1 * gx + w2 * gy + b, levels=[-1e9, 0, 1e9], colors=["#f7d0c4", "#cfe3f4"])
colours = {{"blue": "#0072B2", "red": "#D55E00"}}
for label in ("blue", "red"):
    mine = [i for i, name in enumerate(labels) if name == label]
    ax.scatter(xy[mine, 0], xy[mine, 1], color=colours[label], label=label, zorder=3)
if wrong:
    ax.scatter(xy[wrong, 0], xy[wrong, 1], s=180, facecolors="none", edgecolors="red", lw=2, label="misclassified")
if w1 or w2:
    ax.contour(gx, gy, w1 * gx + w2 * gy + b, levels=[0], colors="black")
ax.set(xlim=(xmin, xmax), ylim=(ymin, ymax), aspect="equal", xlabel="x", ylabel="y")
ax.set_title(f"{{w1}}x + {{w2}}y + {{b}} = 0")
ax.legend(loc="upper left")
"""


def script(values: dict) -> str:
    rows = [f"    {(float(x), float(y), str(label))!r},\n" for x, y, label in values["points"]]
    points = "[\n" + "".join(rows) + "]" if rows else "[]"
    return (
        "\n"
        + maths_source(maths.classify)
        + BODY.format(
            w1=float(values["w1"]), w2=float(values["w2"]), b=float(values["b"]), points=points, limits=tuple(LIMITS)
        )
    )
