"""The admin index: admissions staff see what their permissions allow; superusers see security under one heading."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from tests.helpers.htmltext import page_text
from tests.helpers.users import make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_otp")]
HEADING = "Security and background tasks"


@pytest.fixture
def no_otp():
    with override_settings(OTP_REQUIRED=False):
        yield


def index_text(client, user) -> str:
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return page_text(response.content.decode())


def test_admissions_staff_see_only_enrolment(client):
    text = index_text(client, make_staff("admissions", apps=("enrolment",)))
    assert "Applications" in text
    for internal in ("OTP", "Otp", "AXES", "Axes", "TOTP", "Tasks", "Access attempts", HEADING):
        assert internal not in text


def test_superusers_see_the_security_models_under_one_heading(client):
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "x")
    text = index_text(client, boss)
    assert text.count(HEADING) == 1
    for name in ("TOTP devices", "Access attempts", "Task Results"):
        assert name in text
    for heading in ("Otp_Totp", "OTP_TOTP", "Axes", "AXES", "Tasks Database Backend"):
        assert heading not in text
    # The models follow the heading, after every app of the site's own.
    assert text.index("Applications") < text.index(HEADING) < text.index("TOTP devices")
