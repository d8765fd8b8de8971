"""Taking places, the waiting list and the staff's moves, through the service functions."""

import datetime as dt

import pytest

from enrolment.models import Application, Cohort, new_reference
from enrolment.services import (
    CohortClosed,
    DuplicateApplication,
    application_submit,
    applications_accept,
    applications_decline,
    applications_offer,
    applications_withdraw,
    cohort_fill_from_waitlist,
)

pytestmark = pytest.mark.django_db


def test_capacity_defaults_to_the_programme_intake_limit(seeded):
    cohort = Cohort.objects.create(
        programme=seeded, name="X", start_date=dt.date(2028, 9, 1), application_deadline=dt.date(2028, 7, 1)
    )
    assert cohort.capacity == seeded.intake_limit == 40


def test_reference_is_unguessable_and_readable():
    references = {new_reference(2027) for _ in range(500)}
    assert len(references) == 500
    for reference in references:
        assert reference.startswith("DM-2027-") and len(reference) == 14
        assert not set(reference[8:]) & set("01ILOUV")


def test_reference_collision_is_retried(cohort, service_data, monkeypatch):
    first = application_submit(cohort=cohort, data=service_data("a@example.org"))
    draws = iter([first.reference, first.reference, "DM-2027-FRESH2"])
    monkeypatch.setattr("enrolment.services.new_reference", lambda year: next(draws))
    second = application_submit(cohort=cohort, data=service_data("b@example.org"))
    assert second.reference == "DM-2027-FRESH2"


def test_last_place_then_waitlist(cohort, service_data, fill):
    fill(39)
    assert application_submit(cohort=cohort, data=service_data("a@example.org")).status == "submitted"
    late = application_submit(cohort=cohort, data=service_data("b@example.org"))
    assert late.status == "waitlisted" and late.waitlist_position() == 1
    assert cohort.places_left == 0


def test_declined_and_withdrawn_free_places(cohort, service_data, fill):
    holders = fill(40)
    applications_decline(applications=holders[:1])
    applications_withdraw(applications=holders[1:2])
    assert Cohort.objects.with_places().get(pk=cohort.pk).places_taken == 38
    assert application_submit(cohort=cohort, data=service_data("a@example.org")).status == "submitted"


def test_duplicate_email_is_refused_case_insensitively(cohort, service_data):
    application_submit(cohort=cohort, data=service_data("Same@Example.org"))
    with pytest.raises(DuplicateApplication):
        application_submit(cohort=cohort, data=service_data("same@example.ORG"))
    assert Application.objects.count() == 1


def test_closed_cohort_takes_nothing(cohort, service_data):
    cohort.is_open = False
    cohort.save()
    with pytest.raises(CohortClosed):
        application_submit(cohort=cohort, data=service_data("a@example.org"))
    assert Application.objects.count() == 0


def test_offer_only_moves_submitted(cohort, fill):
    submitted = fill(2)
    waitlisted = fill(1, status="waitlisted", start=10)
    assert applications_offer(applications=submitted + waitlisted) == 2
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses[submitted[0].pk] == "offered" and statuses[waitlisted[0].pk] == "waitlisted"


def test_accept_only_moves_offered(cohort, fill):
    submitted = fill(2)
    applications_offer(applications=submitted[:1])
    assert applications_accept(applications=submitted) == 1


def test_fill_from_waitlist_takes_the_earliest_up_to_the_free_places(cohort, fill):
    holders = fill(40)
    waiting = fill(5, status="waitlisted", start=100)
    assert cohort_fill_from_waitlist(cohort=cohort) == []
    applications_decline(applications=holders[:3])
    promoted = cohort_fill_from_waitlist(cohort=cohort)
    assert [a.pk for a in promoted] == [a.pk for a in waiting[:3]]
    assert Application.objects.holding_place().count() == 40
    assert [a.pk for a in Application.objects.waitlisted()] == [a.pk for a in waiting[3:]]
    assert Application.objects.get(pk=waiting[3].pk).waitlist_position() == 1


def test_fill_from_waitlist_with_a_selection(cohort, fill):
    holders = fill(40)
    waiting = fill(3, status="waitlisted", start=100)
    applications_decline(applications=holders[:1])
    promoted = cohort_fill_from_waitlist(cohort=cohort, only=waiting[1:])
    assert [a.pk for a in promoted] == [waiting[1].pk]
