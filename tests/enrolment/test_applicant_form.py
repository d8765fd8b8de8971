"""The application form as applicants and strangers use it: no session for reading it, one mailbox per
address whatever its spelling, and the fill-time check said only when nothing else is wrong."""

import datetime as dt
import html
import io

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from enrolment.models import Application
from tests.helpers.enrolment import form_token

pytestmark = pytest.mark.django_db


def test_reading_the_form_stores_no_session(apply_url, cohort):
    for _ in range(20):
        browser = Client()  # a new visitor each time, as a crawler or a flood looks
        assert browser.get(apply_url).status_code == 200
    assert Session.objects.count() == 0


def test_the_form_works_end_to_end_without_a_session(client, apply_url, answers, cohort, settings):
    settings.ENROL_MIN_FILL_SECONDS = 3
    quick = client.post(apply_url, answers)  # sent at once: refused, answers kept
    assert quick.status_code == 400 and "Please check your answers and send again" in quick.content.decode()
    settings.ENROL_MIN_FILL_SECONDS = 0
    assert client.post(apply_url, answers).status_code == 302
    replay = client.post(apply_url, {**answers, "email": "other@example.org"})
    assert replay.status_code == 400 and "already been sent" in replay.content.decode()
    assert Application.objects.count() == 1
    assert Session.objects.count() == 0


def test_an_empty_form_sent_quickly_shows_what_is_missing_and_no_doubt(client, apply_url, cohort, settings):
    settings.ENROL_MIN_FILL_SECONDS = 3
    response = client.post(apply_url, {"started": form_token(client, apply_url)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter your full name" in page and "Enter your email address" in page
    assert "faster than a person" not in page and "Please check your answers and send again" not in page


def test_the_scheduled_job_clears_expired_sessions(db):
    from django.contrib.sessions.backends.db import SessionStore

    for expired in (True, False):
        session = SessionStore()
        session["x"] = 1
        session.set_expiry(-60 if expired else 3600)
        session.create()
    assert Session.objects.count() == 2
    call_command("admissions_tick", stdout=io.StringIO())
    assert Session.objects.get().expire_date > timezone.now()  # the expired one went, the live one stays


def test_a_quoted_address_is_the_same_mailbox(client, apply_url, answers, cohort, fill):
    answers["email"] = '"alice"@example.org'
    assert client.post(apply_url, answers).status_code == 302
    stored = Application.objects.get()
    assert stored.email == "alice@example.org"  # the address emails go to, without the quotes

    # The same mailbox again, bare: found as a duplicate, nothing new stored.
    Application.objects.update(status="submitted")
    answers.update(email="alice@example.org", started=form_token(client, apply_url))
    assert client.post(apply_url, answers).status_code == 302
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("ALİCE@example.org", "Use only letters a to z without accents"),
        ("alıce@example.org", "Use only letters a to z without accents"),
        ("alice@[127.0.0.1]", "not an IP address"),
        ('"alice@home"@example.org', "without quotation marks or spaces"),
    ],
)
def test_addresses_that_are_not_one_plain_mailbox_are_refused(client, apply_url, answers, cohort, email, message):
    answers["email"] = email
    response = client.post(apply_url, answers)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and 'id="email-error"' in page
    assert f'value="{html.escape(email)}"' in page and "Ada Lovelace" in page  # the input is kept
    assert Application.objects.count() == 0


def test_dots_and_tags_stay_distinct_mailboxes(client, apply_url, answers, cohort):
    for email in ("ada.lovelace@example.org", "adalovelace@example.org", "ada+msc@example.org"):
        answers.update(email=email, started=form_token(client, apply_url))
        assert client.post(apply_url, answers).status_code == 302
    assert Application.objects.count() == 3


def test_the_link_form_refuses_the_same_spellings(client, apply_url, cohort):
    response = client.post(f"{apply_url}link/", {"email": "alice@[127.0.0.1]"})
    assert response.status_code == 400 and "not an IP address" in response.content.decode()


def test_an_unverified_application_expired_in_the_link_leads_to_a_new_link(client, apply_url, fill, settings):
    """An expired confirmation link whose application was deleted: the same page, with the way on."""
    from enrolment.identity import verify_path

    application = fill(1, status="unverified")[0]
    path = verify_path(application)
    Application.objects.filter(pk=application.pk).update(created_at=timezone.now() - dt.timedelta(days=3))
    call_command("admissions_tick", stdout=io.StringIO())
    settings.ENROL_UNVERIFIED_HOURS = 0
    response = client.get(path)
    assert response.status_code == 410
    page = response.content.decode()
    assert "This confirmation link has expired" in page and "Email me a new link" in page
    assert f'href="{apply_url}"' in page


def test_the_scheduled_job_forgets_spent_form_tokens_after_a_token_s_life(db):
    from enrolment.models import SpentToken

    SpentToken.objects.create(key="old", at=timezone.now() - dt.timedelta(days=2))
    SpentToken.objects.create(key="new")
    call_command("admissions_tick", stdout=io.StringIO())
    assert list(SpentToken.objects.values_list("key", flat=True)) == ["new"]
