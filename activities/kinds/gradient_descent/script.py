"""Gradient descent as a script: this state's loss and optimiser only, stepping exactly as the server does."""

from activities.kinds.gradient_descent.maths import (
    DIVERGE_BOUND,
    GRAD_TOL,
    GROWTH_FACTOR,
    GROWTH_WINDOW,
    LOSS_BOUND,
    LOSSES,
    MAX_STEPS,
)
from activities.kinds.gradient_field.surface_script import surface_code

# Each optimiser's update, indented for the loop's body; v is the velocity or Adam's first moment.
UPDATES = {
    "gd": """
    x, y = x - lr * gx, y - lr * gy""",
    "momentum": """
    # Heavy ball: v ← βv − η∇f(x), x ← x + v.
    vx, vy = momentum * vx - lr * gx, momentum * vy - lr * gy
    x, y = x + vx, y + vy""",
    "nesterov": """
    # Nesterov: the gradient is taken at the look-ahead point x + βv.
    lx, ly = grad(x + momentum * vx, y + momentum * vy)
    vx, vy = momentum * vx - lr * lx, momentum * vy - lr * ly
    x, y = x + vx, y + vy""",
    "adam": """
    # Adam (Kingma & Ba 2015) with bias-corrected moments.
    vx, vy = beta1 * vx + (1 - beta1) * gx, beta1 * vy + (1 - beta1) * gy
    sx, sy = beta2 * sx + (1 - beta2) * gx * gx, beta2 * sy + (1 - beta2) * gy * gy
    c1, c2 = 1 - beta1**k, 1 - beta2**k
    x = x - lr * (vx / c1) / (math.sqrt(sx / c2) + eps)
    y = y - lr * (vy / c1) / (math.sqrt(sy / c2) + eps)""",
}
COEFFICIENTS = {"gd": (), "momentum": ("momentum",), "nesterov": ("momentum",), "adam": ("beta1", "beta2", "eps")}

BODY = """
x0, y0 = {x!r}, {y!r}  # the start
lr = {lr!r}  # the learning rate η
steps = {steps!r}  # at most this many steps
{coefficients}
GRAD_TOL = {grad_tol!r}  # converged when |∇f| < this
DIVERGE_BOUND = {bound!r}  # diverged when |x| or |y| exceeds this
LOSS_BOUND, GROWTH_WINDOW, GROWTH_FACTOR = {loss_bound!r}, {growth_window!r}, {growth_factor!r}
GROWTH = {growth_applies!r}  # whether a loss growing geometrically counts (not for bounded steps)
WINDOW = {window!r}  # the figure's window (xmin, xmax, ymin, ymax)
MINIMA = {minima!r}
{surface}

def finite(value):
    value = float(value)
    if math.isnan(value):
        return 0.0
    return value if math.isfinite(value) else math.copysign(1e308, value)


x, y = x0, y0
points, losses = [(x, y)], [f(x, y)]
vx = vy = 0.0
sx = sy = 0.0
converged = diverged = False
gx, gy = grad(x, y)
for k in range(1, steps + 1):
    if math.hypot(gx, gy) < GRAD_TOL:
        converged = True
        break
{update}
    value = f(x, y)
    points.append((x, y))
    losses.append(value)
    if not (math.isfinite(value) and abs(x) <= DIVERGE_BOUND and abs(y) <= DIVERGE_BOUND):
        diverged = True
        break
    gx, gy = grad(x, y)
else:
    converged = math.hypot(gx, gy) < GRAD_TOL

# "diverging": neither converged nor diverged, but the loss runs away: past LOSS_BOUND times the
# window's largest loss, or (when GROWTH applies) its running maximum doubled over each of the last two
# windows of GROWTH_WINDOW steps, out of the picture.
gridx, gridy = np.meshgrid(np.linspace(WINDOW[0], WINDOW[1], 201), np.linspace(WINDOW[2], WINDOW[3], 201))
peak = float(np.max(f(gridx, gridy)))
record = np.maximum.accumulate(np.array(losses))
n = len(losses) - 1
recent = max(losses[-GROWTH_WINDOW:])
diverging = not (converged or diverged) and (
    recent > LOSS_BOUND * peak
    or (
        GROWTH
        and n >= 2 * GROWTH_WINDOW
        and recent > peak
        and record[n - 2 * GROWTH_WINDOW] > 0
        and record[n - GROWTH_WINDOW] >= GROWTH_FACTOR * record[n - 2 * GROWTH_WINDOW]
        and record[n] >= GROWTH_FACTOR * record[n - GROWTH_WINDOW]
    )
)
status = "diverged" if diverged else "converged" if converged else "diverging" if diverging else "not yet converged"

data = {{
    "path": [[finite(px), finite(py)] for px, py in points],
    "losses": [finite(v) for v in losses],
    "converged": converged,
    "diverged": diverged,
    "steps_taken": len(points) - 1,
    "final": {{"x": finite(points[-1][0]), "y": finite(points[-1][1]), "loss": finite(losses[-1])}},
    "status": status,
}}

fig = Figure(figsize=(7, 5.2))
ax = fig.subplots()
xmin, xmax, ymin, ymax = WINDOW
gridx, gridy = np.meshgrid(np.linspace(xmin, xmax, 301), np.linspace(ymin, ymax, 301))
surface = f(gridx, gridy)
# Levels at quantiles of f, so steep walls (Rosenbrock) do not take every colour.
ax.contourf(gridx, gridy, surface, levels=np.unique(np.quantile(surface, np.linspace(0, 1, 31))), cmap="viridis")
path = np.array(points)
ax.plot(path[:, 0], path[:, 1], "o-", color="white", ms=3, lw=1.2, label="path")
ax.plot(*path[0], "o", color="#E69F00", ms=8, label="start")
ax.plot([m[0] for m in MINIMA], [m[1] for m in MINIMA], "*", color="red", ms=12, label={marks!r})
ax.set(xlim=(xmin, xmax), ylim=(ymin, ymax), aspect="equal", xlabel="x", ylabel="y")
ax.set_title(f"{title}: {{len(points) - 1}} steps, final loss {{losses[-1]:.4g}}")
ax.legend(loc="upper right")
"""


def script(values: dict) -> str:
    loss = LOSSES[values["loss"]]
    optimizer = values["optimizer"]
    coefficients = "\n".join(f"{name} = {float(values[name])!r}" for name in COEFFICIENTS[optimizer])
    return BODY.format(
        x=float(values["x"]),
        y=float(values["y"]),
        lr=float(values["lr"]),
        steps=max(0, min(int(values["steps"]), MAX_STEPS)),
        coefficients=coefficients,
        grad_tol=GRAD_TOL,
        bound=DIVERGE_BOUND,
        loss_bound=LOSS_BOUND,
        growth_window=GROWTH_WINDOW,
        growth_factor=GROWTH_FACTOR,
        growth_applies=optimizer != "adam",  # bounded steps (Adam) cannot grow the loss geometrically
        window=tuple(loss.window),
        minima=tuple(tuple(float(v) for v in m) for m in loss.minima),
        surface=surface_code(loss.slug, loss.text),
        update=UPDATES[optimizer].strip("\n"),
        marks="saddle point" if loss.saddle else "minimum",
        title=f"{loss.label}, {optimizer}",
    )
