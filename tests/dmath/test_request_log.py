"""Log lines never hold the secret part of an applicant's status or verification link."""

import io
import logging.config

import pytest

from dmath.env import logging_config

pytestmark = pytest.mark.django_db
STATUS = "/programmes/msc-machine-learning-mathematics/enrol/status/DM-2027-S59FEX:Zq3sEcReT0kEn_value/"
VERIFY = "/programmes/msc-machine-learning-mathematics/enrol/verify/.eJxTcnE0cnM0sDQ:1vAbcD:SeCrEtSiGnAtUrE/"


@pytest.fixture
def log_lines(settings):
    """The site's logging configuration writing to a buffer, with Django's 4xx warnings let through."""
    settings.REQUEST_LOG = True
    config = logging_config(level="INFO")
    stream = io.StringIO()
    for handler in config["handlers"].values():
        handler["stream"] = stream
    config["loggers"]["django.request"]["level"] = "WARNING"
    logging.config.dictConfig(config)
    try:
        yield lambda: stream.getvalue().splitlines()
    finally:
        logging.config.dictConfig(settings.LOGGING)


@pytest.mark.parametrize(
    ("path", "masked"),
    [
        (STATUS, "/enrol/status/DM-2027-S59FEX:***/"),
        (VERIFY, "/enrol/verify/.eJxTcnE0cnM0sDQ:***/"),
    ],
)
def test_the_request_log_and_djangos_warnings_mask_the_token(client, seeded, log_lines, path, masked):
    assert client.get(path).status_code == 404  # Django logs "Not Found: <path>"
    assert client.put(path).status_code == 405  # and "Method Not Allowed (PUT): <path>"
    lines = log_lines()
    request_lines = [line for line in lines if " GET " in line or " PUT " in line]
    warnings = [line for line in lines if "Not Found" in line or "Method Not Allowed" in line]
    assert len(request_lines) == 2 and len(warnings) == 2, lines
    for line in lines:
        assert "SeCrEt" not in line and "Zq3s" not in line
    assert all(masked in line for line in request_lines + warnings)
