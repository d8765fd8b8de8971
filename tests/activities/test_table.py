"""The numbers behind each figure as an HTML table under it: the same numbers as data.json, formatted for people."""

import math
from html.parser import HTMLParser

import pytest

from activities.engine.notation import MINUS, number
from activities.web.tabular import numbers

from .exports import ALL_STATES, columns, state_query

pytestmark = pytest.mark.django_db

# Rows the HTML shows of a long column at most: the CSV carries every row.
MOST_ROWS = 102


class NumbersTable(HTMLParser):
    """The facts (data-key → text) and tables (captions, data-key headers, rows of cell texts) in the details."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <details class="activity__table">
        self.summary = ""
        self.facts: dict[str, str] = {}
        self.tables: list[dict] = []
        self.regions: list[dict] = []
        self.text: list[str] | None = None
        self.fact: str | None = None
        self.where = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "details" and "activity__table" in (a.get("class") or ""):
            self.depth = 1
            return
        if not self.depth:
            return
        if tag == "details":
            self.depth += 1
        if tag == "div" and a.get("role") == "region":
            self.regions.append(a)
        elif tag == "div" and "data-key" in a:
            self.fact = a["data-key"]
        elif tag == "table":
            self.tables.append({"caption": "", "keys": [], "scopes": [], "rows": []})
        elif tag == "th":
            self.tables[-1]["keys"].append(a.get("data-key"))
            self.tables[-1]["scopes"].append(a.get("scope"))
        elif tag == "tr" and self.where == "tbody":
            self.tables[-1]["rows"].append([])
        if tag in {"summary", "caption", "dd", "td"}:
            self.text = []
        if tag in {"thead", "tbody"}:
            self.where = tag

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "details":
            self.depth -= 1
        text = " ".join("".join(self.text or []).split())
        if tag == "summary":
            self.summary = text
        elif tag == "caption":
            self.tables[-1]["caption"] = text
        elif tag == "dd":
            self.facts[self.fact] = text
        elif tag == "td":
            self.tables[-1]["rows"][-1].append(text)
        if tag in {"summary", "caption", "dd", "td"}:
            self.text = None


def shown(value) -> str:
    """A value as people read it: numbers by activities.engine.notation's formatter, with the minus sign U+2212."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return number(value)
    return value


def numbers_table(client, slug: str, query: str) -> NumbersTable:
    response = client.get(f"/activities/{slug}/?{query}")
    assert response.status_code == 200
    parser = NumbersTable()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.parametrize(("slug", "name"), ALL_STATES)
def test_the_table_shows_the_numbers_of_data_json(client, catalogue, slug, name):
    query = state_query(client, slug, name)
    page = numbers_table(client, slug, query)
    facts, cols = columns(client.get(f"/activities/{slug}/data.json?{query}").json())
    assert page.summary == "Numbers behind the figure"
    assert page.facts == {key: shown(value) for key, value in facts.items()}

    seen = [key for table in page.tables for key in table["keys"]]
    assert sorted(seen) == sorted(cols), "every column of data.json, once"
    assert len(page.regions) == len(page.tables)
    for table, region in zip(page.tables, page.regions, strict=True):
        assert table["caption"] and set(table["scopes"]) == {"col"}
        assert region["tabindex"] == "0" and region["aria-labelledby"]
        want = [[shown(v) for v in row] for row in zip(*(cols[key] for key in table["keys"]), strict=True)]
        rows = table["rows"]
        assert len(rows) <= MOST_ROWS
        if len(want) <= len(rows):
            assert rows == want
        else:  # a long column: rows in order, from the first to the last, each one of data.json's
            assert rows[0] == want[0] and rows[-1] == want[-1]
            positions = [want.index(row) for row in rows]
            assert positions == sorted(positions)
            assert f"{len(want)} rows" in table["caption"] and "CSV" in table["caption"]


def test_a_negative_number_is_written_with_the_minus_sign(client, catalogue):
    page = numbers_table(client, "matrix-transform", "a=1&b=0.5&c=-0.3&d=1")
    matrix = next(table for table in page.tables if "matrix.0" in table["keys"])
    assert matrix["rows"] == [["1", "0.5"], [f"{MINUS}0.3", "1"]]
    cells = [cell for table in page.tables for row in table["rows"] for cell in row]
    assert not any(cell.startswith("-") for cell in cells)


def test_the_401_point_density_is_thinned_out_and_says_so(client, catalogue):
    page = numbers_table(client, "distributions", "dist=normal&p1=0&p2=1")
    (curve,) = page.tables
    assert curve["keys"] == ["x", "density", "cdf"]
    assert 30 <= len(curve["rows"]) <= MOST_ROWS
    assert "401 rows" in curve["caption"]
    # x from −4 to 4 in steps of 0.02 (a normal's ±4σ), and the density at x = 0 is 1/√(2π).
    assert curve["rows"][0][0] == f"{MINUS}4" and curve["rows"][-1][0] == "4"
    centre = next(row for row in curve["rows"] if row[0] == "0")
    assert centre[1] == number(1 / math.sqrt(2 * math.pi)) and centre[2] == "0.5"


def test_lists_grouped_by_a_kind_share_a_table_only_when_their_lengths_agree():
    class Grouping:
        number_tables = (("a", "b", "c"), ("h.edges", "h.counts"))
        number_labels = {"a": "first"}

    data = {"a": [1, 2, 3], "b": [1.5, 2.5], "c": [4, 5, 6], "d": 5, "h": {"edges": [0.0, 1.0, 2.0], "counts": [7, 8]}}
    found = numbers(Grouping(), data)
    assert [(f.key, f.value) for f in found.facts] == [("d", 5)]
    tables = {t.key: [(c.key, c.label, c.values) for c in t.columns] for t in found.tables}
    assert tables == {
        "a": [("a", "first", [1, 2, 3]), ("c", "c", [4, 5, 6])],
        "h.edges": [
            ("h.edges.left", "h.edges.left", [0.0, 1.0]),
            ("h.edges.right", "h.edges.right", [1.0, 2.0]),
            ("h.counts", "h.counts", [7, 8]),
        ],
        "b": [("b", "b", [1.5, 2.5])],
    }


def test_the_table_links_to_every_value_as_csv(client, catalogue):
    html = client.get("/activities/clt/?source=die&n=2&draws=100&seed=1").content.decode()
    assert 'href="/activities/clt/data.csv?source=die&amp;n=2&amp;draws=100&amp;seed=1"' in html


# States whose tables are long or wide: a 401-point curve, a descent path, a particle's path, a histogram.
LONG_TABLES = [
    "/activities/distributions/?dist=beta&p1=2&p2=5",
    "/activities/gradient-descent/?loss=rosenbrock&optimizer=adam&steps=500&x=-1.5&y=2&lr=0.05",
    "/activities/gradient-field/?field=himmelblau&x=0&y=4.5&direction=descent",
    "/activities/clt/?source=die&n=2&draws=1000&seed=1",
    "/activities/linear-classifier/",
    "/activities/matrix-transform/",
]
PHONE = {"width": 360, "height": 740}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_opened_tables_pass_axe_and_scroll_in_their_own_box_on_a_phone(browser, live_server, catalogue):
    from tests.quality.conftest import AXE_JS
    from tests.quality.test_gates import axe_violations

    context = browser.new_context(bypass_csp=True, viewport=PHONE)
    problems = {}
    try:
        for path in LONG_TABLES:
            page = context.new_page()
            page.goto(live_server.url + path, wait_until="load")
            details = page.locator("details.activity__table")
            details.locator("summary").click()
            assert details.get_attribute("open") == "", path
            problems[path] = axe_violations(page, AXE_JS)
            # The page itself never scrolls sideways; a table wider or taller than its box scrolls inside it.
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
            box = details.locator(".activity__table-scroll").last
            size = box.evaluate("b => [b.scrollHeight, b.clientHeight, b.getBoundingClientRect().right]")
            assert size[2] <= PHONE["width"], path
            if size[0] > size[1]:
                box.focus()
                before = page.evaluate("window.scrollY")
                page.keyboard.press("PageDown")
                page.wait_for_function("b => b.scrollTop > 0", arg=box.element_handle(), timeout=5_000)
                assert page.evaluate("window.scrollY") == before, f"{path}: the page scrolled, not the table"
            page.close()
    finally:
        context.close()
    assert not any(problems.values()), problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_with_long_tables_have_no_html_errors(live_server, catalogue, tmp_path):
    """The Nu HTML Checker on pages whose tables are full (the quality gates check the default states)."""
    import json
    import shutil
    import subprocess
    import urllib.request

    from tests.quality.conftest import VNU_JAR

    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        pytest.fail("the Nu HTML Checker needs java and node_modules/vnu-jar (make test installs both)")
    files = []
    for index, path in enumerate(LONG_TABLES):
        with urllib.request.urlopen(live_server.url + path, timeout=30) as response:
            html = response.read().decode()
        # As if opened: <details open> is what a visitor who opened the table has.
        file = tmp_path / f"page{index}.html"
        file.write_text(html.replace('<details class="activity__table">', '<details class="activity__table" open>'))
        files.append(str(file))
    result = subprocess.run(
        [
            java,
            "-XX:TieredStopAtLevel=1",
            "-Xss4m",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            *files,
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    errors = [m for m in json.loads(result.stdout)["messages"] if m["type"] in {"error", "non-document-error"}]
    assert not errors, [(m.get("url"), m["message"], m.get("extract")) for m in errors[:10]]
