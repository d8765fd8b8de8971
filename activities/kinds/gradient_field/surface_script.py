"""The surfaces f(x, y) and their gradients as script text, written as activities.maths computes them.

The same operations in the same order, so a script's numbers equal the server's to the last bit.
"""

SURFACES = {
    "bowl": ("return x**2 + y**2", "return 2 * x, 2 * y"),
    "elongated": ("return x**2 + 10 * y**2", "return 2 * x, 20 * y"),
    "rosenbrock": (
        "return (1 - x) ** 2 + 100 * (y - x**2) ** 2",
        "return -2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)",
    ),
    "himmelblau": (
        "return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2",
        "u, v = x**2 + y - 11, x + y**2 - 7\n    return 4 * x * u + 2 * v, 2 * u + 4 * y * v",
    ),
    "saddle": ("return x**2 - y**2", "return 2 * x, -2 * y"),
    "hill": (
        "return np.exp(-(x**2 + y**2))",
        "e = np.exp(-(x**2 + y**2))\n    return -2 * x * e, -2 * y * e",
    ),
    "ripple": ("return np.sin(x) * np.cos(y)", "return np.cos(x) * np.cos(y), -np.sin(x) * np.sin(y)"),
}


def surface_code(slug: str, text: str) -> str:
    """``f`` and ``grad`` for one surface, as Python source."""
    f, grad = SURFACES[slug]
    return f'''
def f(x, y):
    """{text}"""
    {f}


def grad(x, y):
    """The gradient of f: (∂f/∂x, ∂f/∂y)."""
    {grad}
'''
