"""How often "diverging" would be said of a run that does not run away: the survey behind the
thresholds in activities/maths/descent.py (`.venv/bin/python bench/descent_status.py`).

Random runs (every surface and optimiser, η log-uniform from 0.0001 to 2, β from 0 to 0.999,
starts uniform in each window) are followed for 4,000 steps, eight times the page's limit, to learn
how each ends. Each prefix of at most MAX_STEPS steps, as the page would show it, is then judged
by the module's own test. A false alarm is a prefix called "diverging" whose run never crosses
DIVERGE_BOUND; a late call is a run that crosses it within MAX_STEPS with its loss risen and no
prefix called "diverging" first, when there were at least 2 × GROWTH_WINDOW steps to see it
coming. Prints the counts and, for Adam, the widest excursion (largest loss ÷ the window's largest
loss) among runs that stayed bounded.
"""

import argparse
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from activities.kinds.gradient_descent import maths as descent  # noqa: E402

FOLLOW = 4000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=24000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    page_limit, descent.MAX_STEPS = descent.MAX_STEPS, FOLLOW  # follow beyond the page's limit
    false_alarms, late, runaways, caught, adam_widest = [], [], 0, 0, 0.0
    for _ in range(args.runs):
        loss = descent.LOSSES[rng.choice(list(descent.LOSSES))]
        optimizer = str(rng.choice(descent.OPTIMIZERS))
        xmin, xmax, ymin, ymax = loss.window
        x0, y0 = rng.uniform(xmin, xmax), rng.uniform(ymin, ymax)
        lr = float(10 ** rng.uniform(-4, math.log10(2)))
        beta = float(rng.choice([0.0, 0.5, 0.9, 0.99, 0.999]))
        r = descent.run(loss, x0, y0, lr, FOLLOW, optimizer, momentum=beta, beta1=beta)
        peak = descent.window_peak(loss.slug)
        called = next(
            (
                n
                for n in range(1, min(r.steps_taken, page_limit) + 1)
                if descent._diverging(loss, r.losses[: n + 1], optimizer)
            ),
            None,
        )
        if r.diverged:
            runaways += 1
            caught += called is not None
            if (
                called is None
                and 2 * descent.GROWTH_WINDOW < r.steps_taken <= page_limit
                and r.losses[-2] > r.losses[0]
            ):
                late.append((loss.slug, optimizer, round(lr, 4), beta, round(x0, 2), round(y0, 2), r.steps_taken))
        elif called is not None:
            false_alarms.append((loss.slug, optimizer, round(lr, 4), beta, round(x0, 2), round(y0, 2), called))
        if optimizer == "adam" and not r.diverged:
            adam_widest = max(adam_widest, float(r.losses[: page_limit + 1].max()) / peak)
    print(f"{args.runs} runs, {runaways} crossed DIVERGE_BOUND within {FOLLOW} steps")
    print(f"runaways called diverging before they crossed: {caught}")
    print(f"false alarms (called diverging, never crossed): {len(false_alarms)}")
    for row in false_alarms[:20]:
        print("  ", row)
    print(f"runaways with a rising loss never called diverging first: {len(late)}")
    for row in late[:20]:
        print("  ", row)
    print(f"Adam's widest bounded excursion within {page_limit} steps: {adam_widest:.0f} × the window's largest loss")


if __name__ == "__main__":
    main()
