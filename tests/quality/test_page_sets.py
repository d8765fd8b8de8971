"""The gates check every page they name: a page whose URL no longer resolves fails them, never skips them."""

import pytest

from tests.helpers.pagesets import PAGE_SETS, resolved


@pytest.mark.parametrize("name", list(PAGE_SETS))
def test_every_page_a_gate_checks_has_a_url(name):
    assert resolved(PAGE_SETS[name]) == PAGE_SETS[name]


def test_a_renamed_page_fails_the_gate_naming_it():
    with pytest.raises(pytest.fail.Exception, match="no URL pattern.*: /admissions/apply/"):
        resolved(["/courses/mlm-504/", "/admissions/apply/", "/activities/clt/embed/?hide=n"])
