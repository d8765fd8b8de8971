"""Admissions staff in Django admin: lists, actions, CSV export and permissions."""

import csv
import io
import json

import pytest
from django.core import mail

from core.exports import csv_safe
from enrolment.models import Application
from tests.helpers.enrolment import CHANGELIST, EMPTY_INLINE
from tests.helpers.users import make_staff

pytestmark = pytest.mark.django_db


def act(client, action: str, applications):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [a.pk for a in applications], "index": 0},
        follow=action != "export_csv",
    )


def statuses():
    return dict(Application.objects.values_list("pk", "status"))


def test_list_filters_and_search(admissions, cohort, fill):
    import datetime as dt

    from enrolment.models import Cohort

    # A filter with a single choice is hidden, so give the cohort filter two.
    Cohort.objects.create(
        programme=cohort.programme,
        name="January 2028",
        start_date=dt.date(2028, 1, 15),
        application_deadline=dt.date(2027, 11, 30),
    )
    apps = fill(3)
    response = admissions.get(CHANGELIST, {"q": apps[1].reference})
    assert response.status_code == 200
    html = response.content.decode()
    assert apps[1].reference in html and apps[0].reference not in html
    html = admissions.get(CHANGELIST).content.decode()
    for parameter in ("cohort__id__exact=", "status__exact=", "research_track__id__exact=", "created_at__gte="):
        assert parameter in html
    assert admissions.get(CHANGELIST, {"q": "filler2@example.org"}).content.decode().count("DM-2027-") >= 1


def test_cohort_list_shows_places_taken_and_left(admissions, fill):
    fill(12, status="offered")
    fill(3, status="accepted", start=20)
    fill(7, status="submitted", start=40)
    fill(2, status="waitlisted", start=50)
    fill(4, status="unverified", start=60)
    html = admissions.get("/admin/enrolment/cohort/").content.decode()
    assert '<td class="field-places_taken">15</td>' in html
    assert '<td class="field-places_left_display">25</td>' in html
    assert '<td class="field-waitlisted">2</td>' in html
    assert '<td class="field-awaiting_review">7</td>' in html


def test_unconfirmed_applications_are_listed_apart(admissions, fill):
    unconfirmed = fill(2, status="unverified")
    confirmed = fill(1, start=10)
    html = admissions.get(CHANGELIST).content.decode()
    assert confirmed[0].reference in html and unconfirmed[0].reference not in html
    html = admissions.get("/admin/enrolment/unverifiedapplication/").content.decode()
    assert unconfirmed[0].reference in html and confirmed[0].reference not in html


def test_offer_waitlist_and_reject_actions_email_each_applicant(admissions, fill, django_capture_on_commit_callbacks):
    submitted = fill(3)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(admissions, "offer", submitted[:1])
        act(admissions, "waitlist", submitted[1:2])
        act(admissions, "reject", submitted[2:])
    assert "1 offered; each applicant has been emailed." in response.content.decode()
    assert [statuses()[a.pk] for a in submitted] == ["offered", "waitlisted", "rejected"]
    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "We are offering you a place",
        "You are on the waiting list",
        "Our decision on your application",
    ]
    # A move that is not allowed is refused with the reason, and changes nothing.
    response = act(admissions, "waitlist", submitted[:1])
    assert "cannot be put on the waiting list" in response.content.decode()
    assert statuses()[submitted[0].pk] == "offered"


def test_offers_beyond_capacity_are_refused_in_the_list(admissions, cohort, fill):
    fill(39, status="offered")
    candidates = fill(3, start=100)
    response = act(admissions, "offer", candidates)
    html = response.content.decode()
    assert "1 offered" in html and "All 40 places in September 2027 are taken" in html
    assert Application.objects.holding_place().count() == 40


def test_decide_from_the_application_page_with_a_message(admissions, fill, django_capture_on_commit_callbacks):
    application = fill(1)[0]
    page = admissions.get(f"{CHANGELIST}{application.pk}/change/").content.decode()
    assert "Record the decision and email the applicant" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admissions.post(
            f"{CHANGELIST}{application.pk}/decide/",
            {"decision": "offer", "message": "Your statement on transport impressed us."},
            follow=True,
        )
    html = response.content.decode()
    assert "Offer made. The applicant has been emailed." in html
    assert "Your statement on transport impressed us." in mail.outbox[0].body
    # The history on the page: who, from, to, and the message.
    assert "admissions" in html and "Awaiting review" in html and "Offer made" in html
    assert admissions.get(f"{CHANGELIST}{application.pk}/decide/").status_code == 405


def test_reviewer_notes_are_the_only_thing_typed_in(admissions, fill):
    application = fill(1)[0]
    admissions.post(
        f"{CHANGELIST}{application.pk}/change/",
        {"reviewer_notes": "Check the transcript.", "status": "accepted", "full_name": "X", **EMPTY_INLINE},
    )
    application.refresh_from_db()
    assert application.reviewer_notes == "Check the transcript."
    assert (application.status, application.full_name) == ("submitted", "Test Applicant")


def test_move_on_the_waiting_list_needs_a_reason(admissions, fill):
    first, second = fill(2, status="waitlisted")
    response = admissions.post(f"{CHANGELIST}{second.pk}/move/", {"position": "1", "reason": ""}, follow=True)
    assert "Give the new place" in response.content.decode()
    response = admissions.post(
        f"{CHANGELIST}{second.pk}/move/", {"position": "1", "reason": "Scholarship"}, follow=True
    )
    assert "is now number 1 on the waiting list" in response.content.decode()
    assert Application.objects.get(pk=first.pk).waitlist_position() == 2
    assert "Scholarship" in response.content.decode()


def test_cohort_action_offers_free_places_to_the_waiting_list(admissions, cohort, fill):
    holders = fill(40, status="offered")
    waiting = fill(2, status="waitlisted", start=100)
    Application.objects.filter(pk=holders[0].pk).update(status="declined")  # as if answered elsewhere
    admissions.post(
        "/admin/enrolment/cohort/",
        {"action": "offer_from_waitlist", "_selected_action": [cohort.pk], "index": 0},
    )
    assert [statuses()[a.pk] for a in waiting] == ["offered", "waitlisted"]


def test_export_one_applicants_data_as_json(admissions, fill):
    application = fill(1)[0]
    response = admissions.get(f"{CHANGELIST}{application.pk}/export/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["reference"] == application.reference and data["email"] == application.email
    response = act(admissions, "export_json", [application])
    assert json.loads(response.content)["reference"] == application.reference


def test_erase_shows_what_will_go_then_anonymises(admissions, fill):
    application = fill(1, status="waitlisted")[0]
    page = admissions.get(f"{CHANGELIST}{application.pk}/erase/").content.decode()
    assert "What will go" in page and "Personal statement" in page and "Country of residence" in page
    assert application.full_name in page
    admissions.post(f"{CHANGELIST}{application.pk}/erase/", {})
    assert Application.objects.get(pk=application.pk).erased_at is None  # not without the tick
    admissions.post(f"{CHANGELIST}{application.pk}/erase/", {"confirm": "on"})
    application.refresh_from_db()
    assert application.erased_at is not None and application.full_name == "Erased applicant"
    assert application.status == "withdrawn"


def test_csv_export_has_a_header_and_one_row_per_selected(admissions, fill):
    apps = fill(4)
    Application.objects.filter(pk=apps[0].pk).update(full_name='=HYPERLINK("http://evil")')
    response = act(admissions, "export_csv", apps[:3])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Reference", "Full name", "Email"]
    assert len(rows) == 4
    assert {row[0] for row in rows[1:]} == {a.reference for a in apps[:3]}
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        (";cmd", "';cmd"),
        ("|cmd", "'|cmd"),
        ("Ada", "Ada"),
        (None, ""),
    ],
)
def test_csv_cells_cannot_be_formulas(value, expected):
    assert csv_safe(value) == expected


@pytest.mark.parametrize("staff", [pytest.param({"apps": ("programmes",)}, id="programmes-staff")], indirect=True)
def test_staff_without_application_permissions_get_403(client, fill, staff):
    fill(1)
    client.force_login(staff)
    assert client.get(CHANGELIST).status_code == 403
    assert "Applications" not in client.get("/admin/").content.decode()


def test_view_only_staff_cannot_change_statuses(client, fill):
    apps = fill(1)
    client.force_login(make_staff("viewer", codenames=("view_application",)))
    assert client.get(CHANGELIST).status_code == 200
    act(client, "offer", apps)
    assert statuses()[apps[0].pk] == "submitted"
    assert client.post(f"{CHANGELIST}{apps[0].pk}/decide/", {"decision": "offer"}).status_code == 403
    assert client.get(f"{CHANGELIST}{apps[0].pk}/erase/").status_code == 403
    assert statuses()[apps[0].pk] == "submitted"
    assert act(client, "export_csv", apps)["Content-Type"].startswith("text/csv")


def test_cohort_added_in_admin_without_capacity_takes_the_intake_limit(admissions, seeded):
    from enrolment.models import Cohort

    response = admissions.post(
        "/admin/enrolment/cohort/add/",
        {
            "programme": seeded.pk,
            "name": "January 2028",
            "start_date": "2028-01-15",
            "application_deadline": "2027-11-30",
            "capacity": "",
            "is_open": "on",
        },
    )
    assert response.status_code == 302
    assert Cohort.objects.get(name="January 2028").capacity == seeded.intake_limit


def test_applications_cannot_be_added_by_hand(admissions, cohort):
    assert admissions.get("/admin/enrolment/application/add/").status_code == 403
