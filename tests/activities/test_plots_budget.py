"""Every file and panel a worker keeps counts in the plots cache's one byte budget, SVGs included.

960 distinct 500-step descent SVGs (~300 kB each) once grew a worker well past what the README
says; whatever is requested, the plots cache's own accounting must stay under PLOTS_CACHE_MAX_MB.
"""

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.django_db

BUDGET = 3 * 2**20
DESCENT = "/activities/gradient-descent/"


@pytest.fixture
def small_budget(settings):
    """A plots cache of 3 MiB, so that a dozen large SVGs overflow it."""
    plots = {**settings.CACHES["plots"], "LOCATION": "test-plots-budget"}
    plots["OPTIONS"] = {**plots.get("OPTIONS", {}), "MAX_BYTES": BUDGET, "MAX_ENTRIES": 2000}
    settings.CACHES = {**settings.CACHES, "plots": plots}
    caches["plots"].clear()
    yield caches["plots"]
    caches["plots"].clear()


def test_many_distinct_svgs_stay_within_the_budget(client, catalogue, small_budget):
    served = 0
    for index in range(14):
        query = f"loss=bowl&x=-2&y={-1.5 + index / 10:.1f}&lr=0.0{index + 1:02d}&steps=500&optimizer=adam"
        for path in ("plot.svg", "plot.png", "audio.wav", "data.csv", "script.py", ""):
            response = client.get(f"{DESCENT}{path}?{query}")
            assert response.status_code == 200
            served += len(response.content)
        assert small_budget.bytes_used <= BUDGET

    assert served > 2 * BUDGET  # far more than the budget was made and served
    assert 0 < small_budget.bytes_used <= BUDGET
    # What was kept is still served from the cache: the last SVG again, the same bytes.
    again = client.get(f"{DESCENT}plot.svg?{query}")
    assert again.status_code == 200 and len(again.content) > 100_000
