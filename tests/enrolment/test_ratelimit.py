"""Reading ENROL_RATE_LIMIT."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from enrolment.ratelimit import Rate, parse_rate


@pytest.mark.parametrize(
    ("value", "rate"),
    [
        ("5/h", Rate(5, 3600)),
        ("10/m", Rate(10, 60)),
        ("20/10m", Rate(20, 600)),
        ("100/d", Rate(100, 86400)),
        (" 3 / s ", Rate(3, 1)),
        ("0", None),
        ("", None),
        (None, None),
        ("0/h", None),
    ],
)
def test_parse_rate(value, rate):
    assert parse_rate(value) == rate


@pytest.mark.parametrize("value", ["5", "five/h", "5/w", "5/h/2"])
def test_bad_rates_fail_loudly(value):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(value)
