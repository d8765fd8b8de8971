"""The admissions lifecycle through the service functions: each move, each refusal, the waiting list."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from enrolment import personal_data, services
from enrolment.models import Application, ApplicationEvent, Cohort, new_reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def submit(cohort, service_data, django_capture_on_commit_callbacks):
    """Submit through the service and run what it queues for after commit (the emails)."""

    def run(email: str, target=None) -> Application:
        with django_capture_on_commit_callbacks(execute=True):
            return services.application_submit(cohort=target or cohort, data=service_data(email))

    return run


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


def test_reference_collision_is_retried(cohort, submit, monkeypatch):
    first = submit("a@example.org")
    draws = iter([first.reference, first.reference, "DM-2027-FRESH2"])
    monkeypatch.setattr("enrolment.services.new_reference", lambda year: next(draws))
    assert submit("b@example.org").reference == "DM-2027-FRESH2"


def test_a_submission_holds_nothing_until_verified(cohort, submit):
    application = submit("a@example.org")
    assert application.status == "unverified"
    assert cohort.places_left == 40
    assert Application.objects.verified().count() == 0
    assert len(mail.outbox) == 1 and "Confirm your email address" in mail.outbox[0].subject


def test_forty_unverified_applications_change_nothing(cohort, submit):
    for i in range(40):
        submit(f"bot{i}@example.org")
    assert Cohort.objects.with_places().get(pk=cohort.pk).places_taken == 0
    assert cohort.places_left == 40
    assert Application.objects.waitlisted().count() == 0


def test_verify_then_review_then_offer_then_accept(cohort, submit, do):
    application = submit("a@example.org")
    do(services.application_verify, application=application)
    application.refresh_from_db()
    assert application.status == "submitted" and application.verified_at is not None
    assert cohort.places_left == 40  # awaiting review holds nothing either

    do(services.application_offer, application=application, message="Welcome!")
    application.refresh_from_db()
    assert application.status == "offered"
    assert cohort.places_left == 39
    expected = timezone.now() + dt.timedelta(days=7)
    assert abs((application.offer_expires_at - expected).total_seconds()) < 60

    do(services.application_accept, application=application)
    application.refresh_from_db()
    assert application.status == "accepted" and cohort.places_left == 39
    kinds = [m.subject.split(":")[0] for m in mail.outbox]
    assert kinds == [
        "Confirm your email address to send your application",
        "Application received",
        "We are offering you a place",
        "You have accepted your place",
    ]
    assert "Welcome!" in mail.outbox[2].body
    trail = list(application.events.values_list("from_status", "to_status"))
    assert trail == [("", "unverified"), ("unverified", "submitted"), ("submitted", "offered"), ("offered", "accepted")]


@pytest.mark.parametrize(
    ("status", "function", "words"),
    [
        ("submitted", services.application_verify, "cannot be confirmed again"),
        ("unverified", services.application_offer, "cannot be offered a place"),
        ("accepted", services.application_offer, "cannot be offered a place"),
        ("submitted", services.application_accept, "cannot be accepted"),
        ("waitlisted", services.application_decline, "cannot be declined"),
        ("rejected", services.application_withdraw, "cannot be withdrawn"),
        ("offered", services.application_waitlist, "cannot be put on the waiting list"),
        ("accepted", services.application_reject, "cannot be rejected"),
        ("declined", services.application_reject, "cannot be rejected"),
    ],
)
def test_moves_not_allowed_are_refused_and_change_nothing(fill, status, function, words):
    application = fill(1, status=status)[0]
    events = ApplicationEvent.objects.count()
    with pytest.raises(services.TransitionRefused, match=words):
        function(application=application)
    application.refresh_from_db()
    assert application.status == status
    assert ApplicationEvent.objects.count() == events
    assert mail.outbox == []


def test_an_offer_beyond_capacity_is_refused(cohort, fill):
    fill(30, status="offered")
    fill(10, status="accepted", start=100)
    candidate = fill(1, start=200)[0]
    with pytest.raises(services.NoPlaceLeft, match="All 40 places"):
        services.application_offer(application=candidate)
    candidate.refresh_from_db()
    assert candidate.status == "submitted"


def test_capacity_set_by_staff_is_the_cap(cohort, fill):
    Cohort.objects.filter(pk=cohort.pk).update(capacity=2)
    first, second, third = fill(3)
    services.application_offer(application=first)
    services.application_offer(application=second)
    with pytest.raises(services.NoPlaceLeft, match="All 2 places"):
        services.application_offer(application=third)


def test_an_expired_offer_cannot_be_accepted(fill):
    application = fill(1, status="offered")[0]
    Application.objects.filter(pk=application.pk).update(offer_expires_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(services.TransitionRefused, match="expired"):
        services.application_accept(application=application)


def test_waitlist_is_in_order_and_staff_can_move_with_a_reason(cohort, fill, do):
    reviewed = fill(4)
    for application in reviewed:
        do(services.application_waitlist, application=application)
    positions = [Application.objects.get(pk=a.pk).waitlist_position() for a in reviewed]
    assert positions == [1, 2, 3, 4]

    with pytest.raises(services.TransitionRefused, match="reason"):
        services.application_move_on_waitlist(application=reviewed[3], position=1, reason=" ")
    services.application_move_on_waitlist(application=reviewed[3], position=1, reason="Strong research fit")
    positions = [Application.objects.get(pk=a.pk).waitlist_position() for a in reviewed]
    assert positions == [2, 3, 4, 1]
    event = reviewed[3].events.last()
    assert (event.from_position, event.to_position, event.reason) == (4, 1, "Strong research fit")
    waitlisted_emails = [m for m in mail.outbox if m.subject.startswith("You are on the waiting list")]
    assert len(waitlisted_emails) == 4 and "number 4" in waitlisted_emails[3].body


@pytest.mark.parametrize("freeing", ["decline", "withdraw", "lapse"])
def test_a_freed_place_is_offered_to_the_next_on_the_waiting_list(cohort, fill, free_place, freeing):
    holders = fill(40, status="offered")
    first, second = fill(2, status="waitlisted", start=100)
    holder = holders[5]
    free_place(holder, freeing)
    holder.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert holder.status == {"decline": "declined", "withdraw": "withdrawn", "lapse": "lapsed"}[freeing]
    assert first.status == "offered" and first.offer_expires_at > timezone.now()
    assert second.status == "waitlisted" and second.waitlist_position() == 1
    assert Application.objects.holding_place().count() == 40
    offer_email = next(m for m in mail.outbox if m.to == [first.email])
    assert offer_email.subject.startswith("We are offering you a place")
    auto = first.events.last()
    assert auto.actor == "system" and auto.from_position == 1


def test_offers_expire_is_idempotent(cohort, fill, do):
    fill(40, status="offered")
    fill(1, status="waitlisted", start=100)
    Application.objects.filter(status="offered").update(offer_expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert do(services.offers_expire) == 40
    assert do(services.offers_expire) == 0
    assert Application.objects.filter(status="lapsed").count() == 40
    # The one waitlisted applicant got one of the 40 freed places, and only one offer email.
    assert Application.objects.filter(status="offered").count() == 1
    assert sum(m.subject.startswith("We are offering you a place") for m in mail.outbox) == 1


def test_unverified_applications_expire_and_free_the_address(cohort, submit, settings):
    old = submit("late@example.org")
    Application.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=49))
    fresh = submit("fresh@example.org")
    assert services.unverified_expire() == 1
    assert list(Application.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert submit("late@example.org").status == "unverified"


def test_withdrawing_an_acceptance_is_allowed_until_the_cohort_starts(cohort, fill):
    application = fill(1, status="accepted")[0]
    assert application.can_withdraw
    Cohort.objects.filter(pk=cohort.pk).update(start_date=timezone.localdate())
    application = Application.objects.select_related("cohort").get(pk=application.pk)
    with pytest.raises(services.TransitionRefused):
        services.application_withdraw(application=application)


def test_duplicate_is_found_by_normalised_email(cohort, submit):
    first = submit("Ada.Lovelace@Exämple.ORG")
    assert first.email_key == "ada.lovelace@xn--exmple-cua.org"
    for same in ("ada.lovelace@exämple.org", " ADA.LOVELACE@xn--exmple-cua.org ", "Ada.Lovelace@EXÄMPLE.org"):
        with pytest.raises(services.DuplicateApplication) as raised:
            submit(same)
        assert raised.value.existing == first
    assert Application.objects.count() == 1


def test_a_closed_cohort_takes_nothing(cohort, submit):
    Cohort.objects.filter(pk=cohort.pk).update(is_open=False)
    with pytest.raises(services.CohortClosed):
        submit("a@example.org")
    assert Application.objects.count() == 0


def test_erasure_keeps_statistics_and_passes_the_place_on(cohort, fill, do):
    holders = fill(40, status="offered")
    waiting = fill(1, status="waitlisted", start=100)[0]
    target = holders[0]
    target.reviewer_notes = "Strong maths."
    target.save()
    do(personal_data.application_erase, application=target)
    target.refresh_from_db()
    assert target.full_name == "Erased applicant"
    assert "filler" not in target.email and target.personal_statement == "" and target.reviewer_notes == ""
    assert (target.country, target.qualification, target.status) == ("FR", "masters", "withdrawn")
    assert target.erased_at is not None
    waiting.refresh_from_db()
    assert waiting.status == "offered"
    # Nothing is emailed to an erased address.
    assert all(m.to != [target.email] for m in mail.outbox)


def test_retention_erases_only_old_intakes(cohort, fill, seeded, settings):
    old = Cohort.objects.create(
        programme=seeded,
        name="September 2020",
        start_date=timezone.localdate() - dt.timedelta(days=settings.ENROL_RETENTION_DAYS + 1),
        application_deadline=dt.date(2020, 7, 31),
    )
    past = fill(2, status="accepted", target=old)
    current = fill(1, status="accepted", start=50)[0]
    call_command("admissions_tick", verbosity=0)
    statuses = dict(Application.objects.values_list("pk", "full_name"))
    assert statuses[past[0].pk] == statuses[past[1].pk] == "Erased applicant"
    assert statuses[current.pk] == "Test Applicant"
    # An accepted student's record keeps its status: erasure after the start is not a withdrawal.
    assert Application.objects.get(pk=past[0].pk).status == "accepted"


def test_export_holds_the_answers_and_the_history(fill, do):
    application = fill(1)[0]
    do(services.application_offer, application=application, message="See you in September")
    data = personal_data.application_export(application=Application.objects.get(pk=application.pk))
    assert data["email"] == application.email and data["reference"] == application.reference
    assert data["status"] == "Offer made"
    assert data["history"][-1]["to"] == "Offer made"
    assert data["history"][-1]["message_to_applicant"] == "See you in September"


def test_the_daily_digest_is_sent_once_and_names_nobody(cohort, fill, settings):
    from enrolment.emails import digest_send

    settings.ADMISSIONS_EMAIL = "admissions@dmath.example"
    confirmed = fill(3)
    fill(1, status="unverified", start=50)
    today = timezone.localdate()
    assert digest_send(day=today) == 3
    assert digest_send(day=today) is None  # once per day, whichever host asks first
    [digest] = mail.outbox
    assert digest.to == ["admissions@dmath.example"] and digest.subject.startswith("3 applications confirmed")
    assert all(a.reference in digest.body for a in confirmed)
    assert "filler" not in digest.body and "Test Applicant" not in digest.body
    settings.ADMISSIONS_EMAIL = ""
    assert digest_send(day=today - dt.timedelta(days=1)) is None


def test_the_tick_with_the_database_task_backend_prunes_old_task_results(cohort, fill, settings, do):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    try:
        do(services.application_reject, application=fill(1)[0])
        do(services.application_reject, application=fill(1, start=10)[0])
        DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=timezone.now())
        DBTaskResult.objects.filter(pk=DBTaskResult.objects.first().pk).update(
            finished_at=timezone.now() - dt.timedelta(days=15)
        )
        call_command("admissions_tick", verbosity=0)
        assert DBTaskResult.objects.count() == 1  # the fortnight-old one went, the recent one stays
    finally:
        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
