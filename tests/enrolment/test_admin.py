"""Admissions staff in Django admin: lists, actions, CSV export and permissions."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission, User

from enrolment.admin import csv_safe
from enrolment.models import Application

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/enrolment/application/"


@pytest.fixture
def staff(client):
    user = User.objects.create_user("admissions", password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="enrolment"))
    client.force_login(user)
    return client


def act(client, action: str, applications):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [a.pk for a in applications], "index": 0},
        follow=action != "export_csv",
    )


def statuses():
    return dict(Application.objects.values_list("pk", "status"))


def test_list_filters_and_search(staff, cohort, fill):
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
    response = staff.get(CHANGELIST, {"q": apps[1].reference})
    assert response.status_code == 200
    html = response.content.decode()
    assert apps[1].reference in html and apps[0].reference not in html
    html = staff.get(CHANGELIST).content.decode()
    for parameter in ("cohort__id__exact=", "status__exact=", "research_track__id__exact=", "created_at__gte="):
        assert parameter in html
    assert staff.get(CHANGELIST, {"q": "filler2@example.org"}).content.decode().count("DM-2027-") >= 1


def test_cohort_list_shows_places_taken_and_left(staff, fill):
    fill(12)
    fill(2, status="waitlisted", start=50)
    html = staff.get("/admin/enrolment/cohort/").content.decode()
    assert '<td class="field-places_taken">12</td>' in html
    assert '<td class="field-places_left_display">28</td>' in html
    assert '<td class="field-waitlisted">2</td>' in html


def test_offer_and_decline_actions(staff, fill):
    submitted = fill(3)
    waitlisted = fill(1, status="waitlisted", start=10)
    response = act(staff, "offer", submitted[:2] + waitlisted)
    assert "2 offered." in response.content.decode()
    assert "1 not offered" in response.content.decode()
    act(staff, "decline", submitted[1:3])
    after = statuses()
    assert [after[a.pk] for a in submitted] == ["offered", "declined", "declined"]
    assert after[waitlisted[0].pk] == "waitlisted"


def test_accept_and_withdraw_actions(staff, fill):
    apps = fill(2)
    act(staff, "offer", apps)
    act(staff, "mark_accepted", apps[:1])
    act(staff, "mark_withdrawn", apps[1:])
    assert [statuses()[a.pk] for a in apps] == ["accepted", "withdrawn"]


def test_promote_moves_waitlisted_into_freed_places_only(staff, fill):
    holders = fill(40)
    waiting = fill(3, status="waitlisted", start=100)
    response = act(staff, "promote", waiting)
    assert "0 moved" in response.content.decode()
    act(staff, "decline", holders[:2])
    response = act(staff, "promote", waiting)
    assert "2 moved" in response.content.decode() and "1 still waitlisted" in response.content.decode()
    assert [statuses()[a.pk] for a in waiting] == ["submitted", "submitted", "waitlisted"]
    assert Application.objects.holding_place().count() == 40


def test_cohort_action_fills_from_waitlist(staff, cohort, fill):
    holders = fill(40)
    waiting = fill(2, status="waitlisted", start=100)
    act(staff, "decline", holders[:1])
    staff.post(
        "/admin/enrolment/cohort/",
        {"action": "fill_from_waitlist", "_selected_action": [cohort.pk], "index": 0},
    )
    assert [statuses()[a.pk] for a in waiting] == ["submitted", "waitlisted"]


def test_csv_export_has_a_header_and_one_row_per_selected(staff, fill):
    apps = fill(4)
    Application.objects.filter(pk=apps[0].pk).update(full_name='=HYPERLINK("http://evil")')
    response = act(staff, "export_csv", apps[:3])
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
    [("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("Ada", "Ada"), (None, "")],
)
def test_csv_cells_cannot_be_formulas(value, expected):
    assert csv_safe(value) == expected


def test_staff_without_application_permissions_get_403(client, fill):
    fill(1)
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="programmes"))
    client.force_login(user)
    assert client.get(CHANGELIST).status_code == 403
    assert "Applications" not in client.get("/admin/").content.decode()


def test_view_only_staff_cannot_change_statuses(client, fill):
    apps = fill(1)
    user = User.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_application"))
    client.force_login(user)
    assert client.get(CHANGELIST).status_code == 200
    act(client, "offer", apps)
    assert statuses()[apps[0].pk] == "submitted"
    assert act(client, "export_csv", apps)["Content-Type"].startswith("text/csv")


def test_cohort_added_in_admin_without_capacity_takes_the_intake_limit(staff, seeded):
    from enrolment.models import Cohort

    response = staff.post(
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


def test_applications_cannot_be_added_by_hand(staff, cohort):
    assert staff.get("/admin/enrolment/application/add/").status_code == 403
