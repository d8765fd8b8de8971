"""How every activity writes numbers and formulas: one number formatter, one MathML builder, one minus sign.

Text and MathML both write a negative number with the minus sign U+2212 ("−0.3"), never the hyphen;
only URLs (``params.format_number``) keep the ASCII "-" that a query string and a number input read.
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


def paren(*parts: str) -> str:
    return row(mo("("), *parts, mo(")"))


def signed(value: float, decimals: int | None = None, **style: object) -> str:
    """A number as MathML, a negative one as the operator − and its magnitude (formatted by ``number``)."""
    text = number(value, decimals, **style)
    return row(mo(MINUS), mn(text[1:])) if text.startswith(MINUS) else mn(text)


def factor(value: float, decimals: int | None = None, **style: object) -> str:
    """A number as a factor in a product: a negative one in brackets."""
    text = number(value, decimals, **style)
    return row(mo("("), mo(MINUS), mn(text[1:]), mo(")")) if text.startswith(MINUS) else mn(text)


def table(*rows: str) -> str:
    """A block formula of several lines, one row each."""
    return '<math display="block"><mtable>' + "".join(f"<mtr><mtd>{r}</mtd></mtr>" for r in rows) + "</mtable></math>"
