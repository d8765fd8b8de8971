"""Staff login: django-axes locks out repeated failures; django-otp asks staff for a TOTP code."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.clientaddr import client_ip
from tests.helpers.htmltext import page_text
from tests.helpers.production import SECRET, run_django
from tests.helpers.users import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, password, username="editor", address="203.0.113.7", **extra):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/", **extra},
        REMOTE_ADDR=address,
    )


@override_settings(OTP_REQUIRED=False)
def test_the_right_password_after_five_wrong_ones_is_locked_out(client, staff):
    for attempt in range(4):
        response = login(client, f"wrong-{attempt}")
        assert response.status_code == 200  # the form again, with its error
        assert "Please enter the correct username and password" in page_text(response.content.decode())
    assert login(client, "wrong-5").status_code == 429  # the fifth failure locks
    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert "Too many requests" in page_text(response.content.decode())
    assert client.get("/admin/").status_code == 302  # not signed in


@override_settings(OTP_REQUIRED=False)
def test_the_lockout_is_per_address_and_per_user(client, staff):
    get_user_model().objects.create_superuser("other", "other@example.org", PASSWORD)
    for attempt in range(5):
        login(client, f"wrong-{attempt}", username="nobody", address="203.0.113.7")
    # The guessing address is locked for every username...
    assert login(client, PASSWORD, username="other", address="203.0.113.7").status_code == 429
    # ...and a username guessed at from many addresses is locked from any address.
    for attempt in range(5):
        login(client, f"wrong-{attempt}", username="editor", address=f"198.51.100.{attempt + 1}")
    assert login(client, PASSWORD, username="editor", address="192.0.2.50").status_code == 429
    # Another user from another address is not affected.
    response = login(client, PASSWORD, username="other", address="192.0.2.51")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@override_settings(OTP_REQUIRED=False)
def test_a_few_mistakes_then_the_right_password_sign_in(client, staff):
    for attempt in range(3):
        login(client, f"wrong-{attempt}")
    assert login(client, PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200


@override_settings(OTP_REQUIRED=True)
def test_with_otp_required_a_password_alone_does_not_open_the_admin(client, staff):
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    response = login(client, PASSWORD)
    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert "OTP Token" in text or "token" in text.lower()
    assert client.get("/admin/").status_code == 302


@override_settings(OTP_REQUIRED=True)
def test_with_otp_required_password_and_current_code_open_the_admin(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = login(client, PASSWORD, otp_device=device.persistent_id, otp_token=code)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@override_settings(OTP_REQUIRED=True)
def test_with_otp_required_a_wrong_code_is_refused(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    response = login(client, PASSWORD, otp_device=device.persistent_id, otp_token="000000")
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_otp_enrol_gives_a_staff_user_a_device_and_its_url(staff):
    out = io.StringIO()
    call_command("otp_enrol", "editor", stdout=out)
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed
    assert "otpauth://totp/" in out.getvalue()
    assert device.config_url in out.getvalue()


def test_otp_is_required_in_production_and_off_in_development():
    prod = {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": SECRET, "DJANGO_ALLOWED_HOSTS": "www.example.ac.uk"}
    code = (
        "from django.conf import settings; from django.contrib import admin; "
        "from django_otp.admin import OTPAdminSite; print(settings.OTP_REQUIRED, isinstance(admin.site, OTPAdminSite))"
    )
    result = run_django(prod, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["True", "True"]
    result = run_django(
        {"DJANGO_ENV": "development"}, "shell", "-c", "from django.conf import settings; print(settings.OTP_REQUIRED)"
    )
    assert result.stdout.split()[-1] == "False"
    result = run_django(
        {**prod, "DJANGO_OTP_REQUIRED": "0"},
        "shell",
        "-c",
        "from django.conf import settings; print(settings.OTP_REQUIRED)",
    )
    assert result.stdout.split()[-1] == "False"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.1", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "6.6.6.6, 1.2.3.4", "127.0.0.1", "1.2.3.4"),  # nginx appended the real one; 6.6.6.6 is forged
        (1, "", "127.0.0.1", "127.0.0.1"),
        (2, "1.2.3.4", "127.0.0.1", "127.0.0.1"),  # fewer hops than proxies: not trusted
        (1, "not-an-address", "127.0.0.1", "127.0.0.1"),
        (0, "", "", None),  # nothing known: None, never a placeholder that an IP field would refuse
    ],
)
def test_client_address_trusts_exactly_num_proxies(rf, settings, proxies, forwarded, remote, expected):
    settings.NUM_PROXIES = proxies
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@override_settings(OTP_REQUIRED=True)
def test_with_otp_required_the_login_asks_for_the_code_at_once_and_one_submission_signs_in(client, staff):
    form = page_text(client.get("/admin/login/?next=/admin/").content.decode())
    assert "One-time code" in form
    call_command("otp_enrol", "editor", stdout=io.StringIO())  # a real device, as staff get one
    device = TOTPDevice.objects.get(user=staff)
    response = login(client, PASSWORD, otp_token=current_code(device))  # no device chosen: the user's own
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@override_settings(OTP_REQUIRED=True)
def test_a_code_from_another_users_device_does_not_sign_in(client, staff):
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    other = get_user_model().objects.create_superuser("other", "other@example.org", PASSWORD)
    theirs = TOTPDevice.objects.create(user=other, name="phone", confirmed=True)
    response = login(client, PASSWORD, otp_device=theirs.persistent_id, otp_token=current_code(theirs))
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


@override_settings(OTP_REQUIRED=True)
def test_staff_with_no_device_are_told_who_can_give_them_one(client, staff):
    response = login(client, PASSWORD, otp_token="123456")
    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert "no authenticator app set up yet" in text
    assert "manage.py otp_enrol editor" in text
    assert client.get("/admin/").status_code == 302


@override_settings(OTP_REQUIRED=False)
def test_a_refused_next_leads_to_the_admin_index(client, staff):
    response = client.post(
        "/admin/login/?next=//evil.example",
        {"username": "editor", "password": PASSWORD, "next": "//evil.example"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@override_settings(OTP_REQUIRED=False, AXES_COOLOFF_TIME=0.5)
def test_the_lockout_says_when_to_try_again(client, staff):
    for attempt in range(5):
        login(client, f"wrong-{attempt}")
    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == "1800"
    assert "Too many requests" in page_text(response.content.decode())
