"""The application form as a browser without JavaScript uses it: GET, POST, redirect, GET."""

import datetime as dt
import logging
import re
import time

import pytest
from django.core import mail, signing

from enrolment.forms import STARTED_SALT, started_token
from enrolment.models import Application

pytestmark = pytest.mark.django_db


def submit(client, url, answers, django_capture_on_commit_callbacks, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, answers, **extra)


def test_form_page_says_places_left_and_links_privacy(client, apply_url, cohort, fill):
    fill(28)
    response = client.get(apply_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "12 of 40 places left" in html
    assert "September 2027" in html
    assert f'href="{apply_url}privacy/"' in html
    assert 'autocomplete="email"' in html
    assert 'name="website"' in html and 'tabindex="-1"' in html and "Leave this field empty" in html
    assert "csrfmiddlewaretoken" in html


def test_programme_page_button_leads_to_form(client, seeded, cohort, apply_url):
    html = client.get(seeded.get_absolute_url()).content.decode()
    assert f'href="{apply_url}"' in html


def test_valid_application_is_stored_emailed_and_confirmed(
    client, apply_url, answers, cohort, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.INFO):
        response = submit(client, apply_url, answers, django_capture_on_commit_callbacks)
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{apply_url}{application.reference}/"
    assert re.fullmatch(r"DM-2027-[2-9A-HJKMNP-TW-Z]{6}", application.reference)
    assert application.status == "submitted"
    assert application.full_name == "Ada Lovelace"
    assert application.consented_at is not None

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ada@example.org"]
    assert application.reference in email.subject
    assert application.reference in email.body
    html_body, mimetype = email.alternatives[0]
    assert mimetype == "text/html" and application.reference in html_body

    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert application.reference in text and "Submitted" in text
    assert "ada@example.org" not in text  # no personal data on the page

    # No personal data in the logs: the reference and the status only.
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert application.reference in logged
    assert "ada@example.org" not in logged and "Lovelace" not in logged


def test_confirmation_is_only_shown_to_the_browser_that_applied(client, apply_url, answers, cohort):
    response = client.post(apply_url, answers)
    location = response["Location"]
    client.cookies.clear()
    other = client.get(location)
    assert other.status_code == 404
    assert "Application received" not in other.content.decode()
    assert client.get(f"{apply_url}DM-2027-ZZZZZZ/").status_code == 404


def test_statement_with_line_breaks_counts_each_break_once(client, apply_url, answers, cohort):
    answers["personal_statement"] = ("x" * 99 + "\r\n") * 29 + "x" * 100  # 3,000 as the browser counts
    assert client.post(apply_url, answers).status_code == 302
    assert len(Application.objects.get().personal_statement) == 3000


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "", "Enter your full name"),
        ("full_name", "x" * 151, "Full name must be 150 characters or fewer"),
        ("email", "", "Enter your email address"),
        ("email", "not-an-email", "Enter an email address in the correct format"),
        ("country", "", "Choose your country of residence"),
        ("country", "XX", "Choose your country of residence from the list"),
        ("qualification", "", "Choose your highest qualification"),
        ("qualification", "wizard", "Choose your highest qualification from the list"),
        ("qualification_subject", "", "Enter the subject of your highest qualification"),
        ("qualification_subject", "x" * 121, "Subject must be 120 characters or fewer"),
        ("research_track", "", "Choose a preferred research track"),
        ("research_track", "9999", "Choose one of the programme"),
        ("personal_statement", "x" * 3001, "Personal statement must be 3,000 characters or fewer"),
        ("consent", "", "Tick the box to agree"),
    ],
)
def test_each_invalid_field_gives_its_error_and_stores_nothing(client, apply_url, answers, field, value, message):
    answers[field] = value
    response = client.post(apply_url, answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "There is a problem" in html
    # The field is marked and described by its error; the summary links to it.
    assert f'id="{field}-error"' in html
    assert 'aria-invalid="true"' in html
    assert re.search(rf'aria-describedby="[^"]*{field}-error', html)
    assert f'href="#id_{field}' in html
    # The other answers are kept.
    kept = "Ada Lovelace" if field != "full_name" else "ada@example.org"
    assert kept in html
    assert Application.objects.count() == 0


def test_track_of_another_programme_is_refused(client, apply_url, answers, seeded):
    from programmes.models import Programme, ResearchTrack

    other_programme = Programme.objects.get(pk=seeded.pk)
    other_programme.pk = None
    other_programme.slug, other_programme.number = "msc-other", 999
    other_programme.save()
    other = ResearchTrack.objects.create(programme=other_programme, title="Elsewhere", slug="elsewhere")
    answers["research_track"] = str(other.pk)
    assert "Choose one of the programme" in client.post(apply_url, answers).content.decode()


def test_same_email_twice_gets_a_clear_message_and_no_second_row(client, apply_url, answers, cohort):
    assert client.post(apply_url, answers).status_code == 302
    answers["email"] = "ADA@Example.org"
    answers["started"] = started_token()
    response = client.post(apply_url, answers)
    assert response.status_code == 200
    assert "already been made to the September 2027 intake" in response.content.decode()
    assert Application.objects.count() == 1


@pytest.mark.parametrize("change", ["closed", "deadline_passed", "no_cohort"])
def test_closed_cohort_is_said_plainly_and_takes_nothing(client, apply_url, answers, cohort, change):
    if change == "closed":
        cohort.is_open = False
        cohort.save()
    elif change == "deadline_passed":
        cohort.application_deadline = dt.date.today() - dt.timedelta(days=1)
        cohort.save()
    else:
        cohort.delete()
    page = client.get(apply_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Applications are closed" in html
    assert "<form" not in html.split('id="main"')[1]
    if change == "deadline_passed":
        assert "The deadline for the September 2027 intake" in html

    response = client.post(apply_url, answers)
    assert response.status_code == 400
    assert "Applications are closed" in response.content.decode()
    assert Application.objects.count() == 0


def test_full_cohort_waitlists_and_tells_the_position(
    client, apply_url, answers, cohort, fill, django_capture_on_commit_callbacks
):
    fill(40)
    fill(2, status="waitlisted", start=100)
    page = client.get(apply_url).content.decode()
    assert "0 of 40 places left" in page and "waiting list" in page

    response = submit(client, apply_url, answers, django_capture_on_commit_callbacks)
    application = Application.objects.get(email="ada@example.org")
    assert application.status == "waitlisted"
    html = client.get(response["Location"]).content.decode()
    assert "You are on the waiting list" in html
    assert "number 3 on the waiting list" in html
    assert "Place on the waiting list: 3" in mail.outbox[0].body


def test_honeypot_rejects_with_a_readable_message(client, apply_url, answers, cohort):
    answers["website"] = "http://spam.example"
    response = client.post(apply_url, answers)
    assert response.status_code == 200
    assert "“Leave this field empty” was filled in" in response.content.decode()
    assert Application.objects.count() == 0
    assert len(mail.outbox) == 0


def test_too_fast_is_rejected_then_accepted_after_a_while(client, apply_url, answers, cohort, settings):
    settings.ENROL_MIN_FILL_SECONDS = 3
    response = client.post(apply_url, answers)
    html = response.content.decode()
    assert "faster than a person could fill it in" in html
    assert "Ada Lovelace" in html  # input kept
    assert Application.objects.count() == 0

    answers["started"] = signing.dumps(time.time() - 10, salt=STARTED_SALT)
    assert client.post(apply_url, answers).status_code == 302


@pytest.mark.parametrize("token", ["", "garbage", signing.dumps(0, salt="another-salt")])
def test_missing_or_tampered_timestamp_is_rejected(client, apply_url, answers, cohort, settings, token):
    settings.ENROL_MIN_FILL_SECONDS = 3
    answers["started"] = token
    response = client.post(apply_url, answers)
    assert "We could not check this form" in response.content.decode()
    assert Application.objects.count() == 0


def test_a_rejected_token_is_replaced_and_a_good_one_kept(client, apply_url, answers, cohort, settings):
    settings.ENROL_MIN_FILL_SECONDS = 3
    answers["started"] = "garbage"
    html = client.post(apply_url, answers).content.decode()
    token = re.search(r'name="started" value="([^"]+)"', html)[1]
    assert token != "garbage"
    signing.loads(token, salt=STARTED_SALT)

    good = signing.dumps(time.time() - 10, salt=STARTED_SALT)
    answers.update(started=good, full_name="")
    html = client.post(apply_url, answers).content.decode()
    assert f'name="started" value="{good}"' in html


def test_rate_limit_answers_429_with_a_readable_page(client, apply_url, answers, cohort, settings):
    settings.ENROL_RATE_LIMIT = "2/h"
    answers["full_name"] = ""  # invalid attempts count too
    assert client.post(apply_url, answers).status_code == 200
    assert client.post(apply_url, answers).status_code == 200
    response = client.post(apply_url, answers)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Too many attempts" in html and "<html" in html
    # Another address is not affected; reading the form is never limited.
    assert client.post(apply_url, answers, REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get(apply_url).status_code == 200


def test_csrf_is_enforced(apply_url, answers, cohort):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(apply_url, answers)
    assert response.status_code == 403
    assert Application.objects.count() == 0


def test_field_check_returns_only_that_field(client, apply_url, answers, cohort):
    answers["email"] = "nope"
    response = client.post(f"{apply_url}check/email/", answers, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith('<div class="field field--error" id="field-email"')
    assert "Enter an email address in the correct format" in html
    assert "<html" not in html and "full_name" not in html

    answers["email"] = "fine@example.org"
    html = client.post(f"{apply_url}check/email/", answers).content.decode()
    assert "field--error" not in html and 'value="fine@example.org"' in html
    assert Application.objects.count() == 0


def test_field_check_does_not_reveal_earlier_applications(client, apply_url, answers, cohort):
    client.post(apply_url, answers)
    html = client.post(f"{apply_url}check/email/", answers).content.decode()
    assert "already" not in html


def test_field_check_refuses_unknown_fields_and_get(client, apply_url, answers, cohort):
    assert client.post(f"{apply_url}check/website/", answers).status_code == 404
    assert client.get(f"{apply_url}check/email/").status_code == 405


def test_privacy_notice(client, apply_url, cohort):
    response = client.get(f"{apply_url}privacy/")
    assert response.status_code == 200
    assert "Privacy notice for applicants" in response.content.decode()


def test_form_methods_are_limited(client, apply_url, cohort):
    assert client.put(apply_url).status_code == 405


def test_several_open_cohorts_offer_a_choice(client, apply_url, answers, cohort):
    from enrolment.models import Cohort

    january = Cohort.objects.create(
        programme=cohort.programme,
        name="January 2028",
        start_date=dt.date(2028, 1, 15),
        application_deadline=dt.date(2027, 11, 30),
    )
    assert january.capacity == cohort.programme.intake_limit
    html = client.get(apply_url).content.decode()
    assert "Which intake are you applying for?" in html
    assert "January 2028" in html and "(40 of 40 places left)" in html
    answers["cohort"] = str(january.pk)
    assert client.post(apply_url, answers).status_code == 302
    assert Application.objects.get().cohort == january


def test_csrf_failure_page_is_readable(apply_url, answers, cohort, settings):
    from django.test import Client

    settings.CSRF_FAILURE_VIEW = "enrolment.views.csrf_failure"
    response = Client(enforce_csrf_checks=True).post(apply_url, answers)
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
