"""The gradient field as a script: maths.py's own RK4 and surface functions, then the contours, arrows and particle."""

from activities.engine.script import maths_source
from activities.kinds.gradient_field import maths

BODY = """
FIELD, FORMULA = {slug!r}, {text!r}
f, grad = {f}, {grad}  # the field and its gradient
START = {start!r}  # the particle's start (x, y), or None for no particle
SIGN = {sign!r}  # +1: uphill along ∇f (ascent); −1: downhill (descent)
DT = {dt!r}  # the RK4 time step
WINDOW = {window!r}  # (xmin, xmax, ymin, ymax)


def point(p):
    return [round(float(p[0]), 6), round(float(p[1]), 6)]


particle = None
if START is not None:
    path, reason = rk4_path(grad, WINDOW, DT, SIGN, *START)
    particle = {{
        "start": point(path[0]),
        "path": [point(p) for p in path],
        "end": point(path[-1]),
        "steps": len(path) - 1,
        "reason": reason,
    }}
data = {{"field": FIELD, "formula": FORMULA, "particle": particle}}

fig = Figure(figsize=(7, 5.2))
ax = fig.subplots()
xmin, xmax, ymin, ymax = WINDOW
gx, gy = np.meshgrid(np.linspace(xmin, xmax, 301), np.linspace(ymin, ymax, 301))
surface = f(gx, gy)
ax.contour(gx, gy, surface, levels=np.unique(np.quantile(surface, np.linspace(0, 1, 17)))[1:-1], cmap="viridis")
ax_, ay_ = np.meshgrid(np.linspace(xmin, xmax, 17), np.linspace(ymin, ymax, 13))
u, v = grad(ax_, ay_)
ax.quiver(ax_, ay_, u, v, color="#555555")
if particle is not None:
    ax.plot(path[:, 0], path[:, 1], color="#D55E00", lw=2, label=f"particle ({{reason}})")
    ax.plot(*path[0], "o", color="#D55E00")
    ax.legend(loc="upper right")
ax.set(xlim=(xmin, xmax), ylim=(ymin, ymax), aspect="equal", xlabel="x", ylabel="y", title=FORMULA)
"""


def script(values: dict) -> str:
    field = maths.FIELDS[values["field"]]
    x, y = values.get("x"), values.get("y")
    start = (float(x), float(y)) if x is not None and y is not None else None
    return (
        "\n"
        + maths_source(maths.rk4_path, field.f, field.grad)
        + BODY.format(
            slug=field.slug,
            text=field.text,
            start=start,
            sign=1.0 if values["direction"] == "ascent" else -1.0,
            dt=field.dt,
            f=field.f.__name__,
            grad=field.grad.__name__,
            window=tuple(field.window),
        )
    )
