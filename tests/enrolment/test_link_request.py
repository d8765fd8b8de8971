""" "Get my link again": its own budget, spent only by what is sent, and the same work for any address."""

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from enrolment.identity import status_path
from enrolment.models import Application
from tests.helpers.enrolment import form_token, run_worker
from tests.helpers.htmltext import page_text

pytestmark = pytest.mark.django_db


def ask(client, apply_url, email, callbacks, **extra):
    with callbacks(execute=True):
        return client.post(f"{apply_url}link/", {"email": email}, **extra)


def test_link_requests_for_an_address_that_never_applied_do_not_block_it(
    client, apply_url, answers, cohort, settings, django_capture_on_commit_callbacks
):
    settings.ENROL_RATE_LIMIT = "20/h"
    settings.ENROL_EMAIL_RATE_LIMIT = "5/d"
    for _ in range(6):
        response = ask(client, apply_url, "ada@example.org", django_capture_on_commit_callbacks)
        assert response.status_code == 302
    assert mail.outbox == []  # nothing sent, so nothing counted
    answers["started"] = form_token(client, apply_url)
    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(apply_url, answers)
    assert applied.status_code == 302 and "Retry-After" not in applied
    assert Application.objects.count() == 1


def test_the_link_budget_counts_sends_and_is_kept_apart_from_applying(
    client, apply_url, answers, cohort, fill, settings, django_capture_on_commit_callbacks
):
    settings.ENROL_EMAIL_RATE_LIMIT = "2/d"
    application = fill(1)[0]
    for _ in range(4):  # the page answers the same every time; only two emails go
        assert ask(client, apply_url, application.email, django_capture_on_commit_callbacks).status_code == 302
    assert [m.to for m in mail.outbox] == [[application.email]] * 2
    assert all(status_path(application) in m.body for m in mail.outbox)
    # The two links did not spend the applying budget: that address can still apply to another
    # intake, and a new address from the same client applies as usual.
    answers.update(email="someone@example.org", started=form_token(client, apply_url))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(apply_url, answers).status_code == 302


def test_a_link_request_has_its_own_confirmation_page(client, apply_url, cohort, django_capture_on_commit_callbacks):
    response = ask(client, apply_url, "nobody@example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == f"{apply_url}link/sent/"
    page = client.get(response["Location"])
    text = page_text(page.content.decode())
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "If you applied with that address, we have emailed it the link to your application" in text
    assert "If this was a new application" not in text  # not the page written for a new application


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("applied", [True, False])
def test_the_request_queues_one_task_whether_or_not_the_address_applied(
    client, apply_url, cohort, fill, applied, queued_tasks, django_capture_on_commit_callbacks
):
    email = fill(1)[0].email if applied else "nobody@example.org"
    assert ask(client, apply_url, email, django_capture_on_commit_callbacks).status_code == 302
    [task] = DBTaskResult.objects.all()
    assert "nobody" not in str(task.args_kwargs) and "filler" not in str(task.args_kwargs)  # no address kept
    run_worker()  # the task decides: an email only for the address that applied
    assert [m.to for m in mail.outbox] == ([[email]] if applied else [])


@pytest.mark.parametrize("applied", [True, False])
def test_the_form_queues_one_task_whether_or_not_the_address_applied(
    client, apply_url, answers, cohort, fill, applied, queued_tasks, django_capture_on_commit_callbacks
):
    if applied:
        answers["email"] = fill(1)[0].email
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(apply_url, answers).status_code == 302
    assert DBTaskResult.objects.count() == 1
