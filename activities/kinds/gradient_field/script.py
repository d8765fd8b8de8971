"""The gradient field as a script: its contours and arrows, and the particle's RK4 path when there is one."""

from activities.kinds.gradient_field.maths import FIELDS, MAX_STEPS, STALL_TOL
from activities.kinds.gradient_field.surface_script import surface_code

BODY = """
FIELD, FORMULA = {slug!r}, {text!r}
START = {start!r}  # the particle's start (x, y), or None for no particle
SIGN = {sign!r}  # +1: uphill along ∇f (ascent); −1: downhill (descent)
DT = {dt!r}  # the RK4 time step
MAX_STEPS = {max_steps!r}
STALL_TOL = {stall!r}  # |∇f| below this: the particle has reached a critical point
WINDOW = {window!r}  # (xmin, xmax, ymin, ymax)
{surface}

def inside(x, y):
    xmin, xmax, ymin, ymax = WINDOW
    return xmin <= x <= xmax and ymin <= y <= ymax


def to_edge(p, q):
    \"\"\"Where the segment p → q (p inside, q outside) crosses the window's edge.\"\"\"
    xmin, xmax, ymin, ymax = WINDOW
    t = 1.0
    for lo, hi, a, b in ((xmin, xmax, p[0], q[0]), (ymin, ymax, p[1], q[1])):
        if b > hi:
            t = min(t, (hi - a) / (b - a))
        elif b < lo:
            t = min(t, (lo - a) / (b - a))
    return p + t * (q - p)


def velocity(p):
    gx, gy = grad(p[0], p[1])
    return SIGN * np.array([gx, gy])


def flow(x0, y0):
    \"\"\"Classical fourth-order Runge–Kutta along ±∇f, until it stalls, leaves the window or runs out of steps.\"\"\"
    points = [np.array([x0, y0], dtype=float)]
    reason = "step limit"
    for _ in range(MAX_STEPS):
        p = points[-1]
        k1 = velocity(p)
        if np.hypot(k1[0], k1[1]) < STALL_TOL:
            reason = "stalled"
            break
        k2 = velocity(p + DT / 2 * k1)
        k3 = velocity(p + DT / 2 * k2)
        k4 = velocity(p + DT * k3)
        q = p + DT / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        if not inside(q[0], q[1]):
            points.append(to_edge(p, q))
            reason = "left the window"
            break
        points.append(q)
    return np.array(points), reason


def point(p):
    return [round(float(p[0]), 6), round(float(p[1]), 6)]


particle = None
if START is not None:
    path, reason = flow(*START)
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
    field = FIELDS[values["field"]]
    x, y = values.get("x"), values.get("y")
    start = (float(x), float(y)) if x is not None and y is not None else None
    return BODY.format(
        slug=field.slug,
        text=field.text,
        start=start,
        sign=1.0 if values["direction"] == "ascent" else -1.0,
        dt=field.dt,
        max_steps=MAX_STEPS,
        stall=STALL_TOL,
        window=tuple(field.window),
        surface=surface_code(field.slug, field.text),
    )
