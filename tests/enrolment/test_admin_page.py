"""An application's admin page as staff press its buttons: no decision or move typed there is ever dropped.

Save records only the reviewer's notes and never emails an applicant: while a decision or a move is
typed on the page, Save is refused with an error naming it, and everything typed stays on the page.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail

from enrolment.models import Application, ApplicationEvent
from tests.helpers.enrolment import CHANGELIST, EMPTY_INLINE
from tests.helpers.users import make_staff

pytestmark = pytest.mark.django_db

CHANGED = "was changed successfully"
# An offer typed on the page, with its message to the applicant.
OFFER = {"decision": "offer", "message": "Your statement impressed us."}


def page(application) -> str:
    return f"{CHANGELIST}{application.pk}/change/"


def press(client, application, button: str, **typed):
    """POST the page as the browser does: every field of the one form, and the pressed button's name."""
    body = {"reviewer_notes": "", "message": "", "position": "", "reason": "", **EMPTY_INLINE, button: "1"}
    body.update(typed)
    return client.post(page(application), body, follow=True)


def test_save_with_a_decision_chosen_is_refused_and_keeps_what_was_typed(admissions, fill):
    application = fill(1)[0]
    response = press(admissions, application, "_save", **OFFER, reviewer_notes="Good")
    html = response.content.decode()
    assert response.status_code == 200 and CHANGED not in html
    assert "Nothing was saved." in html
    assert "The decision “Offer a place” was not recorded" in html
    assert "Record the decision and email the applicant" in html
    # What was typed is still on the page, ready for the right button.
    assert "Your statement impressed us.</textarea>" in html and 'value="offer" id="id_decision_1" checked' in html
    application.refresh_from_db()
    assert (application.status, application.reviewer_notes) == ("submitted", "")
    assert mail.outbox == [] and not ApplicationEvent.objects.filter(application=application).exists()


def test_save_and_continue_with_only_a_message_is_refused(admissions, fill):
    application = fill(1)[0]
    html = press(admissions, application, "_continue", message="Hello").content.decode()
    assert CHANGED not in html and "A message to the applicant was typed but no decision chosen" in html
    assert Application.objects.get(pk=application.pk).status == "submitted"


def test_the_decision_button_records_it_with_the_notes(
    admissions, fill, smtp_server, smtp_settings, django_capture_on_commit_callbacks
):
    smtp_settings(smtp_server.port)
    application = fill(1)[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = press(admissions, application, "_decide", **OFFER, reviewer_notes="N")
    html = response.content.decode()
    assert f"{application.reference}: Offer made. The applicant has been emailed." in html
    assert CHANGED not in html
    application.refresh_from_db()
    assert (application.status, application.reviewer_notes) == ("offered", "N")
    event = application.events.get()
    assert (event.from_status, event.to_status, event.user.username) == ("submitted", "offered", "admissions")
    assert event.message == "Your statement impressed us."
    [received] = smtp_server.messages
    assert received["To"] == application.email and received["Subject"].startswith("We are offering you a place")
    assert "Your statement impressed us." in received.get_payload()[0].get_payload(decode=True).decode()
    # Django's own log lists the row's field that changed; the decision is in the application's history.
    assert LogEntry.objects.get().get_change_message() == "Changed Reviewer notes."


def test_a_decision_the_rules_refuse_says_so_and_gives_back_the_message(admissions, cohort, fill):
    fill(40, status="offered")
    application = fill(1, start=100)[0]
    html = press(admissions, application, "_decide", decision="offer", message="Welcome!").content.decode()
    assert "All 40 places in September 2027 are taken" in html and CHANGED not in html
    assert "The message was not sent: “Welcome!”" in html
    assert Application.objects.get(pk=application.pk).status == "submitted" and mail.outbox == []


def test_the_decision_button_without_a_choice_asks_for_one(admissions, fill):
    application = fill(1)[0]
    html = press(admissions, application, "_decide", message="Hi").content.decode()
    assert "Choose a decision" in html and CHANGED not in html
    assert "Hi</textarea>" in html


def test_save_with_a_move_typed_is_refused_and_the_move_button_records_it(admissions, fill):
    first, second = fill(2, status="waitlisted")
    html = press(admissions, second, "_save", position="1", reason="Scholarship").content.decode()
    assert CHANGED not in html and "The move to place 1 on the waiting list was not recorded" in html
    assert Application.objects.get(pk=second.pk).waitlist_position() == 2
    # A decision pressed while a move is typed records neither.
    html = press(admissions, second, "_decide", decision="reject", position="1", reason="Scholarship").content.decode()
    assert "The move to place 1 on the waiting list was not recorded" in html
    assert Application.objects.get(pk=second.pk).status == "waitlisted"
    html = press(admissions, second, "_move", position="1", reason="Scholarship").content.decode()
    assert "is now number 1 on the waiting list" in html and CHANGED not in html
    assert Application.objects.get(pk=first.pk).waitlist_position() == 2


def test_save_with_nothing_typed_saves_the_notes(admissions, fill):
    application = fill(1)[0]
    html = press(
        admissions, application, "_continue", decision="", reviewer_notes="Check the transcript."
    ).content.decode()
    assert CHANGED in html
    application.refresh_from_db()
    assert (application.status, application.reviewer_notes) == ("submitted", "Check the transcript.")


def test_a_view_only_user_is_offered_nothing_they_may_not_do(client, fill):
    application = fill(1)[0]
    client.force_login(make_staff("viewer", codenames=("view_application",)))
    html = client.get(page(application)).content.decode()
    assert application.reference in html and "Export this applicant's data" in html
    for control in ("/erase/", "Erase this", "Record the decision", 'name="decision"', 'name="_move"', 'name="_save"'):
        assert control not in html
    changelist = client.get(CHANGELIST).content.decode()
    assert 'value="export_csv"' in changelist
    for action in ("erase", "offer", "waitlist", "reject"):
        assert f'value="{action}"' not in changelist
    # The views still check, whatever is posted.
    assert press(client, application, "_decide", decision="offer").status_code == 403
    assert client.post(f"{CHANGELIST}{application.pk}/erase/", {"confirm": "on"}).status_code == 403
    response = client.post(CHANGELIST, {"action": "erase", "_selected_action": [application.pk], "index": 0})
    assert response.status_code in (200, 302)
    assert Application.objects.get(pk=application.pk).erased_at is None


def test_erase_is_offered_to_a_user_who_may_erase(client, fill):
    application = fill(1)[0]
    client.force_login(make_staff("officer", codenames=("view_application", "delete_application")))
    assert "Erase this applicant's personal data" in client.get(page(application)).content.decode()
    assert 'value="erase"' in client.get(CHANGELIST).content.decode()
