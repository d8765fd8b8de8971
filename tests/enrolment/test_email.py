"""Email through a real SMTP server (aiosmtpd on 127.0.0.1), sent by the task worker, never in a request."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from enrolment import personal_data, services
from enrolment.identity import status_path
from enrolment.models import Application
from tests.helpers.enrolment import is_verify_link, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"http://127\.0\.0\.1:\d+(/programmes/\S+)")


def text_of(message) -> str:
    """The plain-text part of a received email."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def html_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no HTML part")


@pytest.fixture
def received(smtp_server, smtp_settings, queued_tasks):
    """Run the worker, then list (subject, to, first site link) of everything the server has received."""
    smtp_settings(smtp_server.port)

    def collect():
        run_worker()
        rows = []
        for message in smtp_server.messages:
            found = LINK.findall(text_of(message))
            rows.append((message["Subject"].split(":")[0], message["To"], found[0] if found else None))
        return rows

    return collect


def test_every_transition_emails_the_right_link(cohort, service_data, fill, received, smtp_server):
    application = services.application_submit(cohort=cohort, data=service_data("ada@example.org"))
    [(subject, to, link)] = received()
    assert (subject, to) == ("Confirm your email address to send your application", "ada@example.org")
    assert is_verify_link(link, application)
    services.application_verify(application=application)
    services.application_waitlist(application=application, message="A strong application.")
    services.application_offer(application=application)
    services.application_accept(application=application)
    services.application_withdraw(application=application)
    other = fill(1)[0]
    services.application_reject(application=other)
    status = status_path(application)
    assert received()[1:] == [
        ("Application received", "ada@example.org", status),
        ("You are on the waiting list", "ada@example.org", status),
        ("We are offering you a place", "ada@example.org", status),
        ("You have accepted your place", "ada@example.org", status),
        ("Your application is withdrawn", "ada@example.org", status),
        ("Our decision on your application", other.email, status_path(other)),
    ]
    waitlisted = smtp_server.messages[2]
    assert "A strong application." in text_of(waitlisted) and "number 1" in text_of(waitlisted)
    assert f'href="http://127.0.0.1:8000{status}"' in html_of(waitlisted)


def test_declined_and_lapsed_offers_email_both_sides(cohort, fill, received):
    holders = fill(40, status="offered")
    waiting = fill(2, status="waitlisted", start=100)
    services.application_decline(application=holders[0])
    Application.objects.filter(pk=holders[1].pk).update(offer_expires_at=timezone.now() - dt.timedelta(seconds=1))
    services.offers_expire()
    assert sorted(received()) == sorted(
        [
            ("You have declined your offer", holders[0].email, status_path(holders[0])),
            ("We are offering you a place", waiting[0].email, status_path(waiting[0])),
            ("Your offer has expired", holders[1].email, status_path(holders[1])),
            ("We are offering you a place", waiting[1].email, status_path(waiting[1])),
        ]
    )


def test_a_silent_smtp_server_never_holds_the_form_and_the_email_is_retried(
    client, apply_url, answers, cohort, silent_smtp_server, smtp_server, smtp_settings, queued_tasks, settings
):
    smtp_settings(silent_smtp_server, timeout=1)
    settings.ENROL_EMAIL_RETRY_SECONDS = 600
    response = client.post(apply_url, answers)
    # The request stored the application and queued the email; it never spoke to the mail server.
    assert response.status_code == 302
    application = Application.objects.get()
    [task] = DBTaskResult.objects.all()
    assert task.status == "READY" and task.args_kwargs["kwargs"]["kind"] == "verify"

    run_worker()  # the silent server times out: the attempt fails and a second one is queued
    attempts = DBTaskResult.objects.order_by("enqueued_at")
    assert [t.status for t in attempts] == ["SUCCESSFUL", "READY"]
    assert attempts[1].args_kwargs["kwargs"]["attempt"] == 2
    assert attempts[1].run_after > timezone.now() + dt.timedelta(seconds=590)
    run_worker()  # not due yet: nothing happens
    assert smtp_server.messages == [] and DBTaskResult.objects.count() == 2

    smtp_settings(smtp_server.port)  # the mail server is back, and the retry falls due
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    [message] = smtp_server.messages
    assert message["To"] == "ada@example.org"
    assert is_verify_link(LINK.search(text_of(message))[1], application)


def test_retries_stop_after_the_last_attempt(
    cohort, service_data, silent_smtp_server, smtp_settings, queued_tasks, settings
):
    smtp_settings(silent_smtp_server, timeout=1)
    settings.ENROL_EMAIL_RETRY_SECONDS = 0
    settings.ENROL_EMAIL_ATTEMPTS = 2
    services.application_submit(cohort=cohort, data=service_data("ada@example.org"))
    run_worker()
    run_worker()
    assert [t.status for t in DBTaskResult.objects.order_by("enqueued_at")] == ["SUCCESSFUL", "FAILED"]
    run_worker()
    assert DBTaskResult.objects.count() == 2  # no third attempt


def test_an_email_for_an_erased_application_is_not_sent(cohort, fill, received):
    application = fill(1, status="waitlisted")[0]
    services.application_reject(application=application)
    personal_data.application_erase(application=application)
    assert received() == []


def test_a_worker_killed_mid_email_is_requeued_and_the_resend_keeps_its_message_id(
    cohort, service_data, smtp_server, smtp_settings, queued_tasks
):
    """A worker SIGKILLed while sending leaves its task "running"; after 15 minutes the admissions tick
    queues it again. The email may reach the server twice, never zero times, and both copies carry the
    same Message-ID, so a mail program shows one."""
    from enrolment.management.commands.admissions_tick import tasks_requeue_stuck

    smtp_settings(smtp_server.port)
    services.application_submit(cohort=cohort, data=service_data("ada@example.org"))
    run_worker()
    [task] = DBTaskResult.objects.all()
    # What a worker killed after the server took the email leaves behind: the task still "running".
    started = timezone.now() - dt.timedelta(minutes=16)
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING", started_at=started, finished_at=None)
    assert tasks_requeue_stuck(now=started + dt.timedelta(minutes=14)) == 0  # not stuck yet: may still be sending
    assert tasks_requeue_stuck() == 1
    run_worker()
    first, second = smtp_server.messages
    assert first["Message-ID"] == second["Message-ID"]
    assert re.fullmatch(r"<[0-9a-f]{32}@127\.0\.0\.1>", first["Message-ID"])
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_each_application_event_has_its_own_message_id(cohort, service_data, received, smtp_server):
    application = services.application_submit(cohort=cohort, data=service_data("ada@example.org"))
    services.application_verify(application=application)
    received()
    ids = [message["Message-ID"] for message in smtp_server.messages]
    assert len(ids) == 2 and len(set(ids)) == 2
