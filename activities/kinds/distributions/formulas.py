"""The distributions' formulas in MathML: each density or mass function with its support, and a moment.

No fraction sits in an exponent, where it would be set at script size: the normal density is written with exp(…),
the Student t power as −(ν + 1)/2 on one line.
"""

from activities.engine.notation import frac, mi, mn, mo, paren, row, signed, sup

F_X = row(mi("f"), paren(mi("x")))
P_K = row(mi("P"), paren(mi("X"), mo("="), mi("k")))
GAMMA = '<mi mathvariant="normal">Γ</mi>'
E = '<mi mathvariant="normal">e</mi>'
EXP = "<mi>exp</mi><mo>\u2061</mo>"  # the function exp, applied to what follows


def density_formula(dist: str) -> str:
    """The density or mass function in symbols, with its support."""
    if dist == "normal":
        exponent = row(mo("−"), frac(sup(paren(mi("x"), mo("−"), mi("μ")), mn(2)), row(mn(2), sup(mi("σ"), mn(2)))))
        front = frac(mn(1), row(mi("σ"), f"<msqrt>{mn(2)}{mi('π')}</msqrt>"))
        return row(F_X, mo("="), front, EXP, paren(exponent))
    if dist == "uniform":
        return row(
            F_X,
            mo("="),
            frac(mn(1), row(mi("b"), mo("−"), mi("a"))),
            mo(","),
            mi("a"),
            mo("≤"),
            mi("x"),
            mo("≤"),
            mi("b"),
        )
    if dist == "exponential":
        return row(F_X, mo("="), mi("λ"), sup(E, row(mo("−"), mi("λ"), mi("x"))), mo(","), mi("x"), mo("≥"), mn(0))
    if dist == "gamma":
        top = row(sup(mi("x"), row(mi("k"), mo("−"), mn(1))), sup(E, row(mo("−"), mi("x"), mo("/"), mi("θ"))))
        bottom = row(GAMMA, paren(mi("k")), sup(mi("θ"), mi("k")))
        return row(F_X, mo("="), frac(top, bottom), mo(","), mi("x"), mo(">"), mn(0))
    if dist == "beta":
        top = row(
            sup(mi("x"), row(mi("α"), mo("−"), mn(1))),
            sup(paren(mn(1), mo("−"), mi("x")), row(mi("β"), mo("−"), mn(1))),
        )
        bottom = row('<mi mathvariant="normal">B</mi>', paren(mi("α"), mo(","), mi("β")))
        return row(F_X, mo("="), frac(top, bottom), mo(","), mn(0), mo("&lt;"), mi("x"), mo("&lt;"), mn(1))
    if dist == "student-t":
        half = frac(row(mi("ν"), mo("+"), mn(1)), mn(2))
        top = row(GAMMA, paren(half))
        bottom = row(f"<msqrt>{mi('ν')}{mi('π')}</msqrt>", GAMMA, paren(frac(mi("ν"), mn(2))))
        power = row(mo("−"), paren(mi("ν"), mo("+"), mn(1)), mo("/"), mn(2))
        return row(
            F_X,
            mo("="),
            frac(top, bottom),
            sup(paren(mn(1), mo("+"), frac(sup(mi("x"), mn(2)), mi("ν"))), power),
        )
    if dist == "binomial":
        choose = paren('<mfrac linethickness="0">' + mi("n") + mi("k") + "</mfrac>")
        return row(
            P_K,
            mo("="),
            choose,
            sup(mi("p"), mi("k")),
            sup(paren(mn(1), mo("−"), mi("p")), row(mi("n"), mo("−"), mi("k"))),
            mo(","),
            mi("k"),
            mo("="),
            mn(0),
            mo(","),
            mo("…"),
            mo(","),
            mi("n"),
        )
    if dist == "poisson":
        top = row(sup(mi("λ"), mi("k")), sup(E, row(mo("−"), mi("λ"))))
        return row(
            P_K,
            mo("="),
            frac(top, row(mi("k"), mo("!"))),
            mo(","),
            mi("k"),
            mo("="),
            mn(0),
            mo(","),
            mn(1),
            mo(","),
            mo("…"),
        )
    return row(
        P_K,
        mo("="),
        sup(paren(mn(1), mo("−"), mi("p")), row(mi("k"), mo("−"), mn(1))),
        mi("p"),
        mo(","),
        mi("k"),
        mo("="),
        mn(1),
        mo(","),
        mn(2),
        mo(","),
        mo("…"),
    )


def moment_formula(name: str, value: float | None, note: str) -> str:
    lhs = row(mi(name), paren(mi("X")))
    if value is None:
        return row(lhs, "<mtext>" + f" is {note}" + "</mtext>")
    return row(lhs, mo("="), signed(round(value, 6)))
