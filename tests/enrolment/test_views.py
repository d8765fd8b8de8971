"""The applicant's pages as a browser without JavaScript uses them: GET, POST, redirect, GET."""

import datetime as dt
import logging
import re
import time

import pytest
from django.core import mail, signing
from django.http import HttpResponse
from django.utils import timezone

from enrolment import formtoken
from enrolment.identity import status_path
from enrolment.models import Application
from tests.helpers.enrolment import form_token, is_verify_link
from tests.helpers.htmltext import page_text

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://127\.0\.0\.1:\d+(/programmes/[^\s\"<]+)")


def submit(client, url, answers, django_capture_on_commit_callbacks, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, answers, **extra)


def as_browser(client, browser: str) -> str:
    """Give this client the browser id ``browser`` (its signed cookie), as the form would."""
    response = formtoken.remember(HttpResponse(), browser)
    client.cookies[formtoken.COOKIE] = response.cookies[formtoken.COOKIE].value
    return browser


def links(email) -> list[str]:
    """The site paths an email links to (text part)."""
    return LINK.findall(email.body)


def test_form_page_says_places_left_and_links_privacy(client, apply_url, cohort, fill):
    fill(28, status="offered")
    fill(5, start=100)  # awaiting review: no place taken
    response = client.get(apply_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "12 of 40 places left" in html
    assert "September 2027" in html
    assert f'href="{apply_url}privacy/"' in html
    assert 'autocomplete="email"' in html
    assert 'name="website"' in html and 'tabindex="-1"' in html and "Leave this field empty" in html
    assert "csrfmiddlewaretoken" in html
    assert "holds one of the" not in html


def test_programme_page_button_leads_to_form(client, seeded, cohort, apply_url):
    html = client.get(seeded.get_absolute_url()).content.decode()
    assert f'href="{apply_url}"' in html


def test_intake_note_follows_the_open_cohorts_capacity(client, seeded, cohort):
    from enrolment.models import Cohort

    note = seeded.intake_note_text
    assert "40" in note
    Cohort.objects.filter(pk=cohort.pk).update(capacity=25)
    html = client.get(seeded.get_absolute_url()).content.decode()
    assert note.replace("40", "25") in html
    assert note not in html


def test_valid_application_asks_to_check_email_and_logs_no_personal_data(
    client, apply_url, answers, cohort, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.INFO):
        response = submit(client, apply_url, answers, django_capture_on_commit_callbacks)
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{apply_url}sent/"
    assert re.fullmatch(r"DM-2027-[2-9A-HJKMNP-TW-Z]{6}", application.reference)
    assert application.status == "unverified"
    assert application.full_name == "Ada Lovelace" and application.consented_at is not None

    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Check your email" in text and application.reference not in text
    assert "no-store" in page["Cache-Control"]

    [email] = mail.outbox
    assert email.to == ["ada@example.org"]
    assert application.reference in email.subject
    verify, programme_link = links(email)
    assert is_verify_link(verify, application) and programme_link == application.cohort.programme.get_absolute_url()
    html_body, mimetype = email.alternatives[0]
    assert mimetype == "text/html" and "/enrol/verify/" in html_body

    logged = " ".join(r.getMessage() for r in caplog.records)
    assert application.reference in logged
    assert "ada@example.org" not in logged and "Lovelace" not in logged


def test_a_duplicate_gets_the_same_page_and_the_owner_an_email(
    client, apply_url, answers, cohort, fill, django_capture_on_commit_callbacks
):
    first = submit(client, apply_url, answers, django_capture_on_commit_callbacks)
    new_page = client.get(first["Location"]).content

    # Already applied (and confirmed) with the same address in other letters: same answer, no row.
    Application.objects.update(status="submitted")
    answers.update(email="ADA@Example.org", started=form_token(client, apply_url))
    second = submit(client, apply_url, answers, django_capture_on_commit_callbacks)
    assert second["Location"] == first["Location"]
    assert page_text(client.get(second["Location"]).content.decode()) == page_text(new_page.decode())
    assert Application.objects.count() == 1
    assert mail.outbox[-1].subject.startswith("You have already applied")
    assert status_path(Application.objects.get()) in mail.outbox[-1].body


def test_a_duplicate_of_an_unconfirmed_application_resends_the_confirmation(
    client, apply_url, answers, cohort, django_capture_on_commit_callbacks
):
    submit(client, apply_url, answers, django_capture_on_commit_callbacks)
    answers["started"] = form_token(client, apply_url)
    submit(client, apply_url, answers, django_capture_on_commit_callbacks)
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Confirm your email address to send your application"] * 2
    assert Application.objects.count() == 1


def test_verification_link_works_once_and_shows_the_status_page(
    client, apply_url, answers, cohort, django_capture_on_commit_callbacks
):
    submit(client, apply_url, answers, django_capture_on_commit_callbacks)
    verify = links(mail.outbox[0])[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(verify)
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == status_path(application)
    assert application.status == "submitted"
    status = client.get(response["Location"])
    html = status.content.decode()
    assert status.status_code == 200
    assert "email address is confirmed" in html and "Awaiting review" in html
    assert application.reference in html and "Ada Lovelace" in html  # the printable copy
    assert "no-store" in status["Cache-Control"] and status["Referrer-Policy"] == "same-origin"
    assert mail.outbox[-1].subject.startswith("Application received")
    assert status_path(application) in mail.outbox[-1].body

    # Opened again, the used link leads to the same status page (it proves the address as before).
    again = client.get(verify)
    assert again.status_code == 302 and again["Location"] == status_path(application)
    assert "Awaiting review" in client.get(again["Location"]).content.decode()
    assert application.events.count() == 2


def test_verification_link_expires(client, apply_url, answers, cohort, django_capture_on_commit_callbacks, settings):
    submit(client, apply_url, answers, django_capture_on_commit_callbacks)
    verify = links(mail.outbox[0])[0]
    settings.ENROL_UNVERIFIED_HOURS = 0
    response = client.get(verify)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This confirmation link has expired" in html
    assert f'action="{apply_url}link/"' in html and "Email me a new link" in html  # a new link, one step away
    assert Application.objects.get().status == "unverified"


@pytest.mark.parametrize("token", ["nonsense", signing.Signer(salt="enrolment.status").sign("DM-2027-ZZZZZZ")])
def test_forged_or_unknown_links_find_nothing(client, apply_url, cohort, token):
    assert client.get(f"{apply_url}status/{token}/").status_code == 404
    assert client.get(f"{apply_url}verify/{token}/").status_code == 404


def test_status_link_of_an_unconfirmed_application_shows_nothing(client, apply_url, fill):
    application = fill(1, status="unverified")[0]
    assert client.get(status_path(application)).status_code == 404


def test_applicant_accepts_an_offer_from_the_status_page(client, fill, django_capture_on_commit_callbacks):
    application = fill(1, status="offered")[0]
    url = status_path(application)
    page = client.get(url).content.decode()
    assert "Accept the place" in page and "Decline the offer" in page and "Answer the offer by" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "accept"})
    assert response.status_code == 302 and response["Location"] == url
    application.refresh_from_db()
    assert application.status == "accepted"
    html = client.get(url).content.decode()
    assert "You have accepted your place" in html and "Accept the place" not in html
    assert mail.outbox[-1].subject.startswith("You have accepted your place")


def test_declining_needs_the_tick_and_then_passes_the_place_on(
    client, cohort, fill, django_capture_on_commit_callbacks
):
    holders = fill(40, status="offered")
    waiting = fill(1, status="waitlisted", start=100)[0]
    url = status_path(holders[0])
    response = client.post(url, {"action": "decline"})
    assert response.status_code == 400
    assert "Tick the box to confirm that you decline" in response.content.decode()
    assert Application.objects.get(pk=holders[0].pk).status == "offered"

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"action": "decline", "confirm": "yes"}).status_code == 302
    assert Application.objects.get(pk=holders[0].pk).status == "declined"
    assert Application.objects.get(pk=waiting.pk).status == "offered"


def test_withdraw_from_the_waiting_list(client, fill, django_capture_on_commit_callbacks):
    first, second = fill(2, status="waitlisted")
    html = client.get(status_path(second)).content.decode()
    assert "number 2 on the waiting list" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(status_path(first), {"action": "withdraw", "confirm": "yes"})
    assert Application.objects.get(pk=first.pk).status == "withdrawn"
    assert "number 1 on the waiting list" in client.get(status_path(second)).content.decode()
    html = client.get(status_path(first)).content.decode()
    assert "Withdraw my application" not in html and "This application is closed" in html


@pytest.mark.parametrize(("status", "action"), [("submitted", "accept"), ("rejected", "withdraw"), ("x", "x")])
def test_status_buttons_that_do_not_apply_change_nothing(client, fill, status, action):
    application = fill(1, status="submitted" if status == "x" else status)[0]
    response = client.post(status_path(application), {"action": action, "confirm": "yes"})
    assert response.status_code == 400
    assert Application.objects.get(pk=application.pk).status == application.status


def test_an_offer_past_its_deadline_cannot_be_accepted_from_the_page(client, fill):
    application = fill(1, status="offered")[0]
    Application.objects.filter(pk=application.pk).update(offer_expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.post(status_path(application), {"action": "accept"})
    assert response.status_code == 400
    assert "This offer has expired" in response.content.decode()


def test_link_request_answers_the_same_for_any_address(
    client, apply_url, fill, cohort, django_capture_on_commit_callbacks
):
    application = fill(1)[0]
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(f"{apply_url}link/", {"email": application.email.upper()})
        unknown = client.post(f"{apply_url}link/", {"email": "nobody@example.org"})
    assert known["Location"] == unknown["Location"] == f"{apply_url}link/sent/"
    [email] = mail.outbox
    assert email.to == [application.email] and status_path(application) in email.body
    bad = client.post(f"{apply_url}link/", {"email": "not-an-email"})
    assert bad.status_code == 400 and "correct format" in bad.content.decode()


def test_statement_with_line_breaks_counts_each_break_once(client, apply_url, answers, cohort):
    answers["personal_statement"] = ("x" * 99 + "\r\n") * 29 + "x" * 100  # 3,000 as the browser counts
    assert client.post(apply_url, answers).status_code == 302
    assert len(Application.objects.get().personal_statement) == 3000


@pytest.mark.parametrize("name", ["Ada\u202eecalevol", "Ada\x07Lovelace", "Ada\nLovelace", "Ada\u2066Lovelace"])
def test_names_refuse_control_characters_and_bidi_overrides(client, apply_url, answers, cohort, name):
    answers["full_name"] = name
    response = client.post(apply_url, answers)
    assert response.status_code == 400
    assert "invisible control character" in response.content.decode()
    assert Application.objects.count() == 0


def test_the_form_token_is_bound_to_the_session_and_used_once(client, apply_url, answers, cohort):
    from django.test import Client

    stranger = Client()
    stranger.get(apply_url)  # a session of its own, without this token
    response = stranger.post(apply_url, answers)
    assert response.status_code == 400 and "opened in another browser" in response.content.decode()

    assert client.post(apply_url, answers).status_code == 302
    answers["email"] = "someone.else@example.org"
    replay = client.post(apply_url, answers)
    assert replay.status_code == 400 and "already been sent" in replay.content.decode()
    assert Application.objects.count() == 1
    assert form_token(client, apply_url) != answers["started"]  # the form shown again carries a new one


def test_too_fast_is_rejected_then_accepted_after_a_while(client, apply_url, answers, cohort, settings):
    settings.ENROL_MIN_FILL_SECONDS = 3
    response = client.post(apply_url, answers)
    html = response.content.decode()
    assert "Please check your answers and send again" in html
    assert "Ada Lovelace" in html  # input kept
    assert Application.objects.count() == 0

    answers["started"] = signing.dumps(
        {"t": time.time() - 10, "n": "n1", "b": as_browser(client, "b1")}, salt=formtoken.SALT
    )
    assert client.post(apply_url, answers).status_code == 302


@pytest.mark.parametrize(
    "token", ["", "garbage", signing.dumps(0, salt="another-salt")], ids=["missing", "garbage", "other-salt"]
)
def test_missing_or_tampered_token_is_rejected(client, apply_url, answers, cohort, token):
    answers["started"] = token
    response = client.post(apply_url, answers)
    assert "We could not check this form" in response.content.decode()
    assert Application.objects.count() == 0


def test_rate_limit_counts_successes_not_errors(client, apply_url, answers, cohort, settings):
    settings.ENROL_RATE_LIMIT = "2/h"
    answers["full_name"] = ""
    for _ in range(5):  # a person correcting their typing is never locked out
        assert client.post(apply_url, answers).status_code == 400
    answers["full_name"] = "Ada Lovelace"
    for i in range(2):
        answers.update(email=f"person{i}@example.org", started=form_token(client, apply_url))
        assert client.post(apply_url, answers).status_code == 302
    answers.update(email="person9@example.org", started=form_token(client, apply_url))
    response = client.post(apply_url, answers)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Too many attempts" in html and "<html" in html
    assert Application.objects.count() == 2
    # Another address is not affected; reading the form is never limited.
    answers["started"] = form_token(client, apply_url)
    assert client.post(apply_url, answers, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_rate_limit_per_email_stops_mail_bombing_one_address(client, apply_url, answers, cohort, settings):
    settings.ENROL_EMAIL_RATE_LIMIT = "2/d"
    for i in range(2):
        answers["started"] = form_token(client, apply_url)
        assert client.post(apply_url, answers, REMOTE_ADDR=f"10.0.0.{i}").status_code == 302
    answers["started"] = form_token(client, apply_url)
    assert client.post(apply_url, answers, REMOTE_ADDR="10.0.0.9").status_code == 429


def test_rate_limit_believes_the_forwarded_address_only_behind_a_configured_proxy(
    client, apply_url, answers, cohort, settings
):
    settings.ENROL_RATE_LIMIT = "1/h"

    def post(forwarded: str, email: str) -> int:
        answers.update(email=email, started=form_token(client, apply_url))
        return client.post(apply_url, answers, HTTP_X_FORWARDED_FOR=forwarded).status_code

    # No proxy configured: the header is ignored, so forging it does not escape the limit.
    assert post("1.1.1.1", "a@example.org") == 302
    assert post("2.2.2.2", "b@example.org") == 429
    # One proxy in front: the address it saw (the last entry) is the client; earlier entries are ignored.
    settings.NUM_PROXIES = 1
    assert post("9.9.9.9, 3.3.3.3", "c@example.org") == 302
    assert post("8.8.8.8, 3.3.3.3", "d@example.org") == 429
    assert post("4.4.4.4", "e@example.org") == 302


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
    assert response.status_code == 400
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


def test_honeypot_rejects_with_a_readable_message(client, apply_url, answers, cohort):
    answers["website"] = "http://spam.example"
    response = client.post(apply_url, answers)
    assert response.status_code == 400
    assert "“Leave this field empty” was filled in" in response.content.decode()
    assert Application.objects.count() == 0
    assert len(mail.outbox) == 0


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
