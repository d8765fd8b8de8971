"""Gradient descent as a script: maths.py's own loss, optimiser step and loop, for this state's choice only."""

from activities.engine.script import maths_source
from activities.kinds.gradient_descent import maths

# Each optimiser's coefficients, besides the learning rate.
COEFFICIENTS = {"gd": (), "momentum": ("momentum",), "nesterov": ("momentum",), "adam": ("beta1", "beta2", "eps")}

BODY = """
f, grad = {f}, {grad}  # the loss and its gradient
x0, y0 = {x!r}, {y!r}  # the start
lr = {lr!r}  # the learning rate η
steps = {steps!r}  # at most this many steps
settings = {settings}  # the optimiser's coefficients
GROWTH = {growth_applies!r}  # whether a loss growing geometrically counts (not for bounded steps)
WINDOW = {window!r}  # the figure's window (xmin, xmax, ymin, ymax)
MINIMA = {minima!r}


def finite(value):
    value = float(value)
    if math.isnan(value):
        return 0.0
    return value if math.isfinite(value) else math.copysign(1e308, value)


points, losses, converged, diverged, grad_norm = descend(f, grad, {step}, x0, y0, lr, steps, settings)
# "diverging": neither converged nor diverged, but the loss runs away (see runaway).
diverging = not (converged or diverged) and runaway(np.array(losses), peak_loss(f, WINDOW), GROWTH)
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
    loss = maths.LOSSES[values["loss"]]
    optimizer = values["optimizer"]
    step = maths.STEPS[optimizer]
    settings = "{" + ", ".join(f"{name!r}: {float(values[name])!r}" for name in COEFFICIENTS[optimizer]) + "}"
    code = maths_source(maths.descend, step, maths.runaway, maths.peak_loss, loss.f, loss.grad)
    return (
        "\n"
        + code
        + BODY.format(
            f=loss.f.__name__,
            grad=loss.grad.__name__,
            step=step.__name__,
            x=float(values["x"]),
            y=float(values["y"]),
            lr=float(values["lr"]),
            steps=int(values["steps"]),
            settings=settings,
            growth_applies=optimizer != "adam",  # bounded steps (Adam) cannot grow the loss geometrically
            window=tuple(loss.window),
            minima=tuple(tuple(float(v) for v in m) for m in loss.minima),
            marks="saddle point" if loss.saddle else "minimum",
            title=f"{loss.label}, {optimizer}",
        )
    )
