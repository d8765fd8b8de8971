"""The formulas' MathML is typeset as a reader expects (issue 19, item 5): a negative number is one <mn> with the
minus sign U+2212, brackets stretch, bold vectors are bold characters, no fraction is set small in an exponent."""

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings

from activities.engine import notation
from activities.engine.params import parse as parse_params
from activities.kinds import REGISTRY

MINUS = "\u2212"
BRACKETS = set("()[]{}")


def _states():
    """Every kind's default state and each of its presets, plus a matrix with negative entries."""
    for slug, kind in REGISTRY.items():
        defaults = parse_params(kind.params, {})
        yield slug, "default", defaults
        for preset in kind.presets:
            yield slug, preset.slug, {**defaults, **preset.values}
    matrix = REGISTRY["matrix-transform"]
    yield "matrix-transform", "negative", {**parse_params(matrix.params, {}), "a": -0.3, "b": 2, "c": -1, "d": -4}


STATES = list(_states())


def _tree(markup: str) -> ET.Element:
    assert markup.startswith('<math display="block">') and markup.endswith("</math>"), markup[:80]
    return ET.fromstring(markup)


def _is_minus(el: ET.Element) -> bool:
    return el.tag == "mo" and (el.text or "").strip() in {MINUS, "-"}


def _is_fence(el: ET.Element) -> bool:
    return el.tag == "mo" and (el.text or "").strip() in BRACKETS


def _matrices(root: ET.Element):
    """The tables written between brackets: matrices and vectors."""
    for parent in root.iter():
        children = list(parent)
        for i, child in enumerate(children):
            if child.tag == "mtable" and 0 < i < len(children) - 1 and _is_fence(children[i - 1]):
                yield child


@pytest.mark.parametrize(("slug", "name", "values"), STATES, ids=[f"{s}-{n}" for s, n, _ in STATES])
def test_formula_is_typeset_mathml(slug, name, values) -> None:
    markup = REGISTRY[slug].formula(values)
    root = _tree(markup)
    for parent in root.iter():
        children = list(parent)
        for i, child in enumerate(children):
            # A minus sign directly in front of a number where nothing precedes it is the number's sign: one <mn>.
            prefix = i == 0 or (children[i - 1].tag == "mo" and children[i - 1].text in {"(", "[", "=", ",", "≈"})
            if _is_minus(child) and i + 1 < len(children) and children[i + 1].tag == "mn":
                assert not prefix, (slug, name, ET.tostring(parent, encoding="unicode"))
    for el in root.iter("mn"):
        assert "-" not in (el.text or ""), el.text  # the minus sign, never the hyphen
    for el in root.iter("mo"):
        if _is_fence(el):
            assert el.get("stretchy") == "true", (slug, name, ET.tostring(el, encoding="unicode"))
    for table in _matrices(root):
        for cell in table.iter("mtd"):
            # An entry's sign is part of its number: no operator − in front of an entry's first number.
            leaves = [el for el in cell.iter() if el.tag in {"mo", "mn", "mi"}]
            assert not (_is_minus(leaves[0]) and leaves[1].tag == "mn"), ET.tostring(cell, encoding="unicode")
    for sup in root.iter("msup"):
        exponent = list(sup)[1]
        assert exponent.tag != "mfrac" and not list(exponent.iter("mfrac")), (slug, name, "fraction in an exponent")
    for table in root.findall("mtable"):  # a formula of several lines: each line in display style
        assert table.get("displaystyle") == "true", (slug, name)
    assert 'mathvariant="bold"' not in markup and "mathvariant='bold'" not in markup


def test_a_negative_matrix_entry_is_one_number_with_the_minus_sign() -> None:
    kind = REGISTRY["matrix-transform"]
    markup = kind.formula({**parse_params(kind.params, {}), "a": -0.3, "b": 2, "c": -1, "d": 4})
    table = next(_matrices(_tree(markup)))
    entries = ["".join(cell.itertext()) for cell in table.iter("mtd")]
    assert entries == [f"{MINUS}0.3", "2", f"{MINUS}1", "4"]
    # det A = ad − bc = (−0.3)(4) − (2)(−1) = 0.8, the negative factors bracketed
    assert f'<mo stretchy="true">(</mo><mn>{MINUS}0.3</mn><mo stretchy="true">)</mo>' in markup
    assert markup.endswith("<mo>=</mo><mn>0.8</mn></mrow></math>")


def test_vectors_are_bold_letters() -> None:
    assert notation.bold("x") == "<mi>\U0001d431</mi>"  # MATHEMATICAL BOLD SMALL X
    assert notation.bold("A") == "<mi>\U0001d400</mi>"
    kind = REGISTRY["gradient-descent"]
    assert "\U0001d431" in kind.formula(parse_params(kind.params, {}))
    with pytest.raises(ValueError):
        notation.bold("σ")


def test_the_normal_density_has_no_fraction_in_an_exponent() -> None:
    kind = REGISTRY["distributions"]
    markup = kind.formula({**parse_params(kind.params, {}), "dist": "normal"})
    assert "<mi>exp</mi>" in markup and '<msup><mi mathvariant="normal">e</mi>' not in markup


def test_the_maths_font_has_every_character_the_formulas_use() -> None:
    """STIX Two Math is subset (static/fonts/README.md, whose command made the file): a character outside the subset
    would come from another font. (fontTools needs Brotli to open a woff2, which the project does not install: the
    ranges are read from the documented command.)"""
    readme = (Path(settings.BASE_DIR) / "static" / "fonts" / "README.md").read_text()
    command = readme[readme.index("pyftsubset STIXTwoMath") :]
    spec = re.search(r'--unicodes="([^"]+)"', command.replace("\\\n", "")).group(1)
    ranges = []
    for part in spec.split(","):
        low, _, high = part.removeprefix("U+").partition("-")
        ranges.append((int(low, 16), int(high or low, 16)))
    used = set()
    for slug, _name, values in STATES:
        used.update(html.unescape(re.sub(r"<[^>]+>", "", REGISTRY[slug].formula(values))))
    kind = REGISTRY["distributions"]
    for dist in ("normal", "uniform", "exponential", "gamma", "beta", "student-t", "binomial", "poisson", "geometric"):
        used.update(
            html.unescape(re.sub(r"<[^>]+>", "", kind.formula({**parse_params(kind.params, {}), "dist": dist})))
        )
    assert {"∇", "𝐱", "𝒩", MINUS} <= used
    assert sorted(c for c in used if not any(low <= ord(c) <= high for low, high in ranges)) == []
    # A one-letter <mi> is drawn with the italic mathematical letters (italic h is U+210E).
    assert any(low <= 0x1D44E and high >= 0x1D467 for low, high in ranges)
