"""Arbitrary strings and numbers at every parameter of every activity: never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.engine.params import Choice
from activities.kinds import REGISTRY

from .conftest import SLUGS

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text a query string can carry (no lone surrogates, which cannot be encoded at all).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(-1e6, 1e6).map(lambda v: f"{v:.4g}"),
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(["nan", "NaN", "inf", "-inf", "Infinity", "1e309", "-0", "0x10", "1_000", "", " ", "−3"]),
)


def value_strategy(spec) -> st.SearchStrategy:
    options = [TEXT, NUMBERS]
    if isinstance(spec, Choice):
        options.append(st.sampled_from([value for value, _ in spec.choices]))
    if spec.name == "points":
        triple = st.tuples(NUMBERS, NUMBERS, st.sampled_from(["red", "blue", "green", ""]))
        options.append(st.lists(triple.map(",".join), max_size=8).map(";".join))
    return st.one_of(*options)


def queries(slug: str, interactions: bool = False) -> st.SearchStrategy:
    kind = REGISTRY[slug]
    optional = {spec.name: value_strategy(spec) for spec in kind.params}
    if interactions:
        optional["do"] = st.one_of(TEXT, st.sampled_from([a.value for a in kind.actions] or ["none"]))
        optional["click.x"] = NUMBERS
        optional["click.y"] = NUMBERS
        optional["embed"] = st.one_of(TEXT, st.just("mlm-504"))
        optional["level"] = NUMBERS
        optional["was"] = TEXT
    return st.fixed_dictionaries({}, optional=optional)


@pytest.mark.parametrize("slug", SLUGS)
def test_page_and_fragment_never_fail(client, catalogue, slug):
    @FUZZ
    @given(query=queries(slug, interactions=True), htmx=st.booleans())
    def check(query, htmx):
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.get(f"/activities/{slug}/", query, **headers)
        assert response.status_code in {200, 302, 400}, (query, response.content[:500])

    check()


@pytest.mark.parametrize("slug", SLUGS)
def test_plot_never_fails(client, slug):
    @FUZZ
    @given(query=queries(slug), scale=st.one_of(st.sampled_from(["1", "2"]), TEXT))
    def check(query, scale):
        response = client.get(f"/activities/{slug}/plot.png", {**query, "scale": scale})
        assert response.status_code in {200, 400}, (query, response.content[:500])
        if response.status_code == 200:
            assert response.content.startswith(b"\x89PNG")

    check()


@pytest.mark.parametrize("slug", SLUGS)
def test_data_never_fails(client, slug):
    @FUZZ
    @given(query=queries(slug))
    def check(query):
        response = client.get(f"/activities/{slug}/data.json", query)
        assert response.status_code in {200, 400}, (query, response.content[:500])
        assert response.json()

    check()
