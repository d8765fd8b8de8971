"""The waiting list under staff control: a cohort that leaves freed places to staff, and its page."""

import pytest
from django.contrib.auth.models import User
from django.core import mail

from enrolment import services
from enrolment.models import Application, Cohort
from tests.helpers.users import make_staff

pytestmark = pytest.mark.django_db

COHORT_PAGE = "/admin/enrolment/cohort/{}/change/"


def cohort_form(cohort, **changes) -> dict:
    """The cohort page's fields as the browser sends them."""
    body = {
        "programme": cohort.programme_id,
        "name": cohort.name,
        "start_date": cohort.start_date.isoformat(),
        "application_deadline": cohort.application_deadline.isoformat(),
        "capacity": cohort.capacity,
        "is_open": "on",
        "auto_offer": "on" if cohort.auto_offer else "",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v != ""}


def test_with_automatic_offers_off_a_decline_leaves_the_place_to_staff(
    admissions, cohort, fill, django_capture_on_commit_callbacks
):
    response = admissions.post(COHORT_PAGE.format(cohort.pk), cohort_form(cohort, auto_offer="", _continue="1"))
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.auto_offer is False
    holders = fill(40, status="offered")
    waiting = fill(1, status="waitlisted", start=100)[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decline(application=holders[0])
    assert Application.objects.get(pk=waiting.pk).status == "waitlisted"
    assert not any(m.subject.startswith("We are offering you a place") for m in mail.outbox)

    # Staff see it on the cohort's page and on the waiting applicant's page…
    html = admissions.get(COHORT_PAGE.format(cohort.pk)).content.decode()
    assert "1 free place, 1 waitlisted" in html
    assert "Freed places are left for staff to offer" in html
    html = admissions.get(f"/admin/enrolment/application/{waiting.pk}/change/").content.decode()
    assert "1 place is free in September 2027 while this application is on the waiting list" in html

    # …and offer it now.
    with django_capture_on_commit_callbacks(execute=True):
        response = admissions.post(COHORT_PAGE.format(cohort.pk), cohort_form(cohort, _offer_waitlist="1"), follow=True)
    html = response.content.decode()
    assert f"September 2027: 1 offered from the waiting list ({waiting.reference})" in html
    assert "0 free places, 0 waitlisted" in html
    waiting.refresh_from_db()
    assert waiting.status == "offered" and waiting.events.last().user.username == "admissions"
    assert [m.to for m in mail.outbox if m.subject.startswith("We are offering you a place")] == [[waiting.email]]


def test_the_default_still_offers_a_freed_place_at_once(cohort, fill):
    assert Cohort.objects.get(pk=cohort.pk).auto_offer is True
    holders = fill(40, status="offered")
    waiting = fill(1, status="waitlisted", start=100)[0]
    services.application_decline(application=holders[0])
    assert Application.objects.get(pk=waiting.pk).status == "offered"


def test_waitlisting_while_places_are_free_is_pointed_out(admissions, cohort, fill):
    application = fill(1)[0]
    response = admissions.post(
        f"/admin/enrolment/application/{application.pk}/decide/", {"decision": "waitlist"}, follow=True
    )
    html = response.content.decode()
    assert "Waiting list. The applicant has been emailed." in html
    assert "40 places are free in September 2027 while this application is on the waiting list" in html
    assert "offers freed places automatically" in html


def test_a_user_who_may_only_view_cohorts_is_not_offered_the_button(client, cohort, fill):
    fill(1, status="waitlisted")
    client.force_login(make_staff("viewer", codenames=("view_cohort",)))
    html = client.get(COHORT_PAGE.format(cohort.pk)).content.decode()
    assert "40 free places, 1 waitlisted" in html and "_offer_waitlist" not in html
    assert client.post(COHORT_PAGE.format(cohort.pk), cohort_form(cohort, _offer_waitlist="1")).status_code == 403
    assert Application.objects.filter(status="offered").count() == 0


@pytest.mark.parametrize("freeing", ["decline", "withdraw", "lapse", "erase"])
def test_a_cohort_that_leaves_freed_places_to_staff_offers_nobody(cohort, fill, do, free_place, freeing):
    Cohort.objects.filter(pk=cohort.pk).update(auto_offer=False)
    holders = fill(40, status="offered")
    waiting = fill(1, status="waitlisted", start=100)[0]
    holder = Application.objects.select_related("cohort").get(pk=holders[5].pk)
    free_place(holder, freeing)
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted" and waiting.waitlist_position() == 1
    assert Application.objects.holding_place().count() == 39
    assert not any(m.subject.startswith("We are offering you a place") for m in mail.outbox)
    # Staff offer it when they choose: the event says who.
    [offered] = do(services.cohort_offer_from_waitlist, cohort=cohort, user=User.objects.create_user("admissions"))
    assert offered.pk == waiting.pk and offered.status == "offered"
    event = offered.events.last()
    assert (event.actor, event.user.username) == ("staff", "admissions")


def test_applicants_are_told_who_offers_a_freed_place(client, cohort, fill, do):
    """What the waiting list's emails and status page promise follows the cohort's setting."""
    from enrolment.identity import status_path

    Cohort.objects.filter(pk=cohort.pk).update(auto_offer=False)
    holder = fill(40, status="offered")[0]
    waiting = fill(1, status="waitlisted", start=100)[0]
    page = client.get(status_path(waiting)).content.decode()
    assert "our admissions team offers it from the list" in page
    assert "automatically" not in page
    do(services.application_decline, application=Application.objects.get(pk=holder.pk))
    declined = [m.body for m in mail.outbox if m.to == [holder.email]][-1]
    assert "is free again for our admissions team to offer" in declined
    assert "has gone to the next person" not in declined
