"""data.csv: the same numbers as data.json, exactly, in the documented layout, as a download."""

import csv
import io

import pytest

from activities.web.numbers_csv import cell

from .exports import ALL_STATES, columns, state_query

pytestmark = pytest.mark.django_db


def read_csv(text: str) -> tuple[dict, dict]:
    """A data.csv as (facts {name: cell}, columns {name: [cells]}): "# name,value" lines, then tables."""
    facts, cols, header = {}, {}, None
    for row in csv.reader(io.StringIO(text)):
        if not row:
            header = None  # a blank line ends a table
        elif row[0].startswith("# "):
            assert len(row) == 2 and header is None, row
            facts[row[0][2:]] = row[1]
        elif header is None:
            header = row
            for name in header:
                assert name not in cols, f"column {name} twice"
                cols[name] = []
        else:
            assert len(row) == len(header), row
            for name, value in zip(header, row, strict=True):
                cols[name].append(value)
    return facts, cols


def same(text: str, value) -> bool:
    """A CSV cell read as a spreadsheet user or csv reader would, equal to data.json's value exactly."""
    if value is None:
        return text == ""
    if isinstance(value, bool):
        return text == ("true" if value else "false")
    if isinstance(value, int):
        return int(text) == value
    if isinstance(value, float):
        return float(text) == value  # repr reads back as the very same float
    return text == value


@pytest.mark.parametrize(("slug", "name"), ALL_STATES)
def test_the_csv_has_exactly_the_numbers_of_data_json(client, catalogue, slug, name):
    query = state_query(client, slug, name)
    response = client.get(f"/activities/{slug}/data.csv?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{slug}-numbers.csv"'
    assert response["Cache-Control"] == client.get(f"/activities/{slug}/data.json?{query}")["Cache-Control"]
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("# "), "the facts come first"

    facts, cols = read_csv(text)
    data_facts, data_cols = columns(client.get(f"/activities/{slug}/data.json?{query}").json())
    assert facts.keys() == data_facts.keys()
    assert cols.keys() == data_cols.keys()
    for key, value in data_facts.items():
        assert same(facts[key], value), (key, facts[key], value)
    for key, values in data_cols.items():
        assert len(cols[key]) == len(values), key
        wrong = [(i, t, v) for i, (t, v) in enumerate(zip(cols[key], values, strict=True)) if not same(t, v)]
        assert not wrong, (key, wrong[:3])


def test_a_long_curve_is_all_there_at_full_precision(client, catalogue):
    """The CSV keeps every point a table under the figure thins out, with all 17 digits."""
    data = client.get("/activities/distributions/data.json?dist=gamma&p1=2.5&p2=1.3").json()
    _, cols = read_csv(
        client.get("/activities/distributions/data.csv?dist=gamma&p1=2.5&p2=1.3").content.decode("utf-8-sig")
    )
    assert len(cols["x"]) == len(data["x"]) > 400
    assert [float(v) for v in cols["cdf"]] == data["cdf"]


def test_text_cells_are_safe_in_a_spreadsheet_and_numbers_stay_numbers():
    assert cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert cell("-x") == "'-x"
    assert cell(-1.5) == "-1.5"
    assert cell(-0.1 - 0.2) == "-0.30000000000000004"
    assert cell(None) == ""
    assert cell(True) == "true"
