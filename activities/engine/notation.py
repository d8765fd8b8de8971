"""How every activity writes numbers and formulas: one number formatter, one MathML builder, one minus sign.

Text and MathML both write a negative number with the minus sign U+2212 ("−0.3"), never the hyphen;
only URLs (``params.format_number``) keep the ASCII "-" that a query string and a number input read.

In MathML a negative number is one ``<mn>`` ("<mn>−0.3</mn>"): an ``<mo>−</mo>`` before it would be spaced as a
binary operator ("( − 0.3)"). Brackets are ``stretchy`` operators, so that they grow around a matrix, a vector or
a fraction (with the bundled STIX Two Math, whose MATH table has their larger sizes); bold vectors are the
mathematical bold letters (U+1D400…), which every MathML renderer shows bold, rather than ``mathvariant="bold"``,
which MathML Core (Chromium) ignores.
"""

from activities.engine.params import format_number

MINUS = "\u2212"


def number(
    value: float, decimals: int | None = None, *, significant: int | None = None, scientific: bool = False
) -> str:
    """A number for people: rounded to ``decimals`` places without trailing zeros (never "−0"), or to
    ``significant`` digits, or by default in its shortest form to 6 significant digits.

    ``scientific`` writes values from 10⁶ up, or under 10⁻³, as "1.00e−04".
    """
    if scientific and value != 0 and (abs(value) >= 1e6 or abs(value) < 1e-3):
        text = f"{value:.2e}"
    elif decimals is not None:
        text = f"{round(value, decimals):.{decimals}f}".rstrip("0").rstrip(".") or "0"
    elif significant is not None:
        text = f"{value:.{significant}g}"
    else:
        text = format_number(value)
    return "0" if text == "-0" else text.replace("-", MINUS)


# --- MathML ---------------------------------------------------------------------------------------


def count(n: int, noun: str) -> str:
    """A whole number and its noun, singular for one: "1 step", "38 steps"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def mi(name: str) -> str:
    return f"<mi>{name}</mi>"


def mn(value: float | str) -> str:
    """A number (as given when text, else in its shortest form) as MathML; for a signed one, ``signed``."""
    return f"<mn>{value if isinstance(value, str) else number(value)}</mn>"


def mo(op: str) -> str:
    return f"<mo>{op}</mo>"


def row(*parts: str) -> str:
    return "<mrow>" + "".join(parts) + "</mrow>"


def frac(top: str, bottom: str) -> str:
    return f"<mfrac>{top}{bottom}</mfrac>"


def sup(base: str, power: str) -> str:
    return f"<msup>{base}{power}</msup>"


def fence(bracket: str) -> str:
    """An opening or closing bracket that stretches to the height of what it encloses."""
    return f'<mo stretchy="true">{bracket}</mo>'


def paren(*parts: str, brackets: str = "()") -> str:
    """``parts`` in stretchy brackets: round by default, or e.g. "[]"."""
    return row(fence(brackets[0]), *parts, fence(brackets[1]))


def matrix(*rows: tuple[str, ...] | list[str], brackets: str = "[]") -> str:
    """A matrix (or, with one entry a row, a column vector) of MathML entries in stretchy brackets."""
    body = "".join("<mtr>" + "".join(f"<mtd>{entry}</mtd>" for entry in r) + "</mtr>" for r in rows)
    return paren(f"<mtable>{body}</mtable>", brackets=brackets)


def bold(letter: str) -> str:
    """A bold upright Latin letter (a vector's name) as the mathematical bold character, e.g. "x" → "𝐱"."""
    if len(letter) != 1 or not ("a" <= letter <= "z" or "A" <= letter <= "Z"):
        raise ValueError(f"no mathematical bold letter for {letter!r}")
    base = 0x1D41A + ord(letter) - ord("a") if letter.islower() else 0x1D400 + ord(letter) - ord("A")
    return f"<mi>{chr(base)}</mi>"


def signed(value: float, decimals: int | None = None, **style: object) -> str:
    """A number as MathML, formatted by ``number``: a negative one is one ``<mn>`` with its minus sign."""
    return mn(number(value, decimals, **style))


def factor(value: float, decimals: int | None = None, **style: object) -> str:
    """A number as a factor in a product: a negative one in brackets, "(−0.3)"."""
    text = number(value, decimals, **style)
    return paren(mn(text)) if text.startswith(MINUS) else mn(text)


def table(*rows: str) -> str:
    """A block formula of several lines, one row each, each line in display style (a table's cells would otherwise
    set their fractions at script size)."""
    lines = "".join(f"<mtr><mtd>{r}</mtd></mtr>" for r in rows)
    return f'<math display="block"><mtable displaystyle="true">{lines}</mtable></math>'
