"""Writes that move an application through admissions, one function per transition.

The lifecycle::

    unverified ──verify──▶ submitted ──offer──▶ offered ──accept──▶ accepted
        │                    │  │                 │ │ └──decline──▶ declined
        │                    │  └─waitlist─▶ waitlisted ─offer─┘ └──(deadline)──▶ lapsed
        │                    └──reject──▶ rejected ◀──reject── waitlisted
        └── (expires: deleted)      withdrawn ◀── any of unverified, submitted, waitlisted,
                                                  offered, accepted (until the cohort starts)

Places are taken by offers and acceptances only. Every function that can take or free a
place locks the cohort row first (``select_for_update``), so counting the places and writing
the new status happen as one step however many requests and workers arrive at once.
PostgreSQL blocks the other transactions on that row lock; SQLite has no row locks and
serialises writers instead (with ``transaction_mode: IMMEDIATE`` the lock is taken at
``BEGIN``). The status is re-read under the lock, so a second, simultaneous call finds the
move already made and refuses it: the scheduled job can run on two hosts at once.

A freed place goes to the next person on the waiting list at once, with a deadline, when the
cohort says so (``Cohort.auto_offer``, the default); otherwise it stays free until staff offer
it (``cohort_offer_from_waitlist``). Every change writes an ``ApplicationEvent`` and queues the
applicant's email after commit.
"""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import emails, formtoken
from .identity import email_key
from .lifecycle import (
    Actor,
    CohortClosed,
    DuplicateApplication,
    S,
    TransitionRefused,
    lock_application,
    lock_cohort,
    offer_from_waitlist_locked,
    offer_locked,
    record,
    refuse_unless,
)
from .lifecycle import NoPlaceLeft as NoPlaceLeft  # raised by the offers below, caught by views and admin
from .models import Application, ApplicationEvent, Cohort, new_reference

logger = logging.getLogger(__name__)

# A clash of two random 6-character codes from 29 symbols (about 6e8 values) is
# unlikely; a handful of attempts makes a failure a sign of a bug, not bad luck.
REFERENCE_ATTEMPTS = 5


# --- The applicant ---------------------------------------------------------------------------------


def application_submit(*, cohort: Cohort, data: dict[str, Any], form_nonce: str = "") -> Application:
    """Store an ``unverified`` application and queue the email that confirms its address.

    It holds no place and is on no list until the address is confirmed. Raises ``CohortClosed``;
    ``formtoken.Spent`` when ``form_nonce`` (the form token's) was spent by another submission; or
    ``DuplicateApplication`` (with the existing application) when the normalised address has
    applied to this cohort already. Nothing is stored then, but the form token is spent all the
    same, in the same transaction, so that one token never gets through twice.
    """
    email = data["email"].strip()
    key = email_key(email)
    with transaction.atomic():
        locked = lock_cohort(cohort.pk)
        if not locked.is_accepting:
            raise CohortClosed
        if form_nonce:
            formtoken.spend(form_nonce)
        existing = Application.objects.filter(cohort=locked, email_key=key).first()
        if existing is None:
            fields = {
                "full_name": data["full_name"],
                "email": email,
                "email_key": key,
                "country": data["country"],
                "qualification": data["qualification"],
                "qualification_subject": data["qualification_subject"],
                "research_track": data["research_track"],
                "personal_statement": data.get("personal_statement", ""),
            }
            application = _insert_with_reference(cohort=locked, fields=fields)
            ApplicationEvent.objects.create(application=application, actor=Actor.APPLICANT, to_status=S.UNVERIFIED)
            logger.info("application %s stored, awaiting email confirmation", application.reference)
            emails.queue(application, email_kind=emails.EmailKind.VERIFY)
    if existing is not None:
        raise DuplicateApplication(existing)  # after the commit, which keeps the token spent
    return application


def _insert_with_reference(*, cohort: Cohort, fields: dict[str, Any]) -> Application:
    """Insert the row, drawing a new reference if the unique index says it is taken."""
    for _ in range(REFERENCE_ATTEMPTS):
        application = Application(
            cohort=cohort,
            reference=new_reference(cohort.start_date.year),
            status=S.UNVERIFIED,
            consented_at=timezone.now(),
            **fields,
        )
        try:
            # A savepoint, so a failed insert leaves the outer transaction (and its lock) usable.
            with transaction.atomic():
                application.save(force_insert=True)
        except IntegrityError:
            # The email check above ran under the cohort lock, but a second backstop costs nothing.
            existing = Application.objects.filter(cohort=cohort, email_key=fields["email_key"]).first()
            if existing is not None:
                raise DuplicateApplication(existing) from None
            if not Application.objects.filter(reference=application.reference).exists():
                raise
            continue
        return application
    raise RuntimeError(f"No free application reference after {REFERENCE_ATTEMPTS} attempts")


def application_verify(*, application: Application) -> Application:
    """The applicant opened the link in their email: ``unverified`` → ``submitted``, awaiting review."""
    with transaction.atomic():
        _, application = lock_application(application)
        refuse_unless(application, (S.UNVERIFIED,), "confirmed again")
        application.verified_at = timezone.now()
        return record(application, to=S.SUBMITTED, actor=Actor.APPLICANT, email="received", fields=("verified_at",))


def application_accept(*, application: Application) -> Application:
    """The applicant takes up their offer before its deadline (the place stays held)."""
    with transaction.atomic():
        _, application = lock_application(application)
        refuse_unless(application, (S.OFFERED,), "accepted")
        if not application.offer_open:
            raise TransitionRefused("This offer has expired and can no longer be accepted.")
        return record(application, to=S.ACCEPTED, actor=Actor.APPLICANT, email="accepted")


def application_decline(*, application: Application) -> Application:
    """The applicant turns the offer down; the place is freed (see ``offer_from_waitlist_locked``)."""
    with transaction.atomic():
        cohort, application = lock_application(application)
        refuse_unless(application, (S.OFFERED,), "declined")
        record(application, to=S.DECLINED, actor=Actor.APPLICANT, email="declined", fields=("offer_expires_at",))
        offer_from_waitlist_locked(cohort)
    return application


def application_withdraw(*, application: Application) -> Application:
    """The applicant withdraws; a place they held is freed (see ``offer_from_waitlist_locked``)."""
    with transaction.atomic():
        cohort, application = lock_application(application)
        if not application.can_withdraw:
            raise TransitionRefused(
                f"{application.reference} cannot be withdrawn: it is “{application.get_status_display()}”."
            )
        freed = application.holds_place
        application.waitlist_order = None
        record(application, to=S.WITHDRAWN, actor=Actor.APPLICANT, email="withdrawn", fields=("waitlist_order",))
        if freed:
            offer_from_waitlist_locked(cohort)
    return application


# --- Admissions staff ------------------------------------------------------------------------------


def application_offer(*, application: Application, user=None, message: str = "", actor: str = Actor.STAFF):
    """Offer a place, open for ``ENROL_OFFER_DAYS``; refused with ``NoPlaceLeft`` when the cohort is full."""
    with transaction.atomic():
        cohort, application = lock_application(application)
        return offer_locked(cohort, application, user=user, message=message, actor=actor)


def _staff_waitlist_change(application: Application, *, to: str, email: str, user, message: str, **position):
    """Record staff's decision that puts the application on the waiting list or takes it off: its order
    saved, its email queued, the position it left or took in the event."""
    by_staff = {"actor": Actor.STAFF, "user": user, "message": message, "fields": ("waitlist_order",)}
    return record(application, to=to, email=email, **by_staff, **position)


def application_reject(*, application: Application, user=None, message: str = "") -> Application:
    """Staff decide not to offer a place (from review or from the waiting list)."""
    with transaction.atomic():
        _, application = lock_application(application)
        refuse_unless(application, (S.SUBMITTED, S.WAITLISTED), "rejected")
        position = application.waitlist_position()
        application.waitlist_order = None
        return _staff_waitlist_change(
            application, to=S.REJECTED, email="rejected", user=user, message=message, from_position=position
        )


def application_waitlist(*, application: Application, user=None, message: str = "") -> Application:
    """Staff put a reviewed application at the end of the waiting list."""
    with transaction.atomic():
        cohort, application = lock_application(application)
        refuse_unless(application, (S.SUBMITTED,), "put on the waiting list")
        queue = Application.objects.waitlisted().filter(cohort=cohort)
        last = queue.order_by("-waitlist_order").values_list("waitlist_order", flat=True).first()
        application.waitlist_order = (last or 0) + 1
        position = queue.count() + 1
        return _staff_waitlist_change(
            application, to=S.WAITLISTED, email="waitlisted", user=user, message=message, to_position=position
        )


def application_move_on_waitlist(*, application: Application, position: int, reason: str, user=None) -> Application:
    """Move a waitlisted application to ``position`` (1 is first), with the reason recorded."""
    if not reason.strip():
        raise TransitionRefused("Give a reason for moving an applicant on the waiting list.")
    with transaction.atomic():
        cohort, application = lock_application(application)
        refuse_unless(application, (S.WAITLISTED,), "moved on the waiting list")
        queue = list(Application.objects.waitlisted().filter(cohort=cohort))
        old = queue.index(application) + 1
        new = max(1, min(position, len(queue)))
        queue.insert(new - 1, queue.pop(old - 1))
        for order, row in enumerate(queue, start=1):  # bounded by the cohort's waiting list
            if row.waitlist_order != order:
                Application.objects.filter(pk=row.pk).update(waitlist_order=order)
        ApplicationEvent.objects.create(
            application=application,
            actor=Actor.STAFF,
            user=user,
            from_status=S.WAITLISTED,
            to_status=S.WAITLISTED,
            from_position=old,
            to_position=new,
            reason=reason.strip(),
        )
        logger.info("application %s moved on the waiting list: %d -> %d", application.reference, old, new)
    application.refresh_from_db()
    return application


def cohort_offer_from_waitlist(*, cohort: Cohort, user) -> list[Application]:
    """Staff offer every free place of the cohort to the waiting list, in order; returns the new offers.

    This is how freed places reach the waiting list when the cohort does not offer them automatically.
    """
    with transaction.atomic():
        return offer_from_waitlist_locked(lock_cohort(cohort.pk), user=user)


# --- The scheduled job -----------------------------------------------------------------------------


def offers_expire(*, now: dt.datetime | None = None) -> int:
    """Close every offer past its deadline and pass each place on; returns how many lapsed.

    Safe to run on several hosts at once: each offer is re-read under its cohort's lock, and one
    that another run has already closed is skipped.
    """
    lapsed = 0
    now = now or timezone.now()
    for pk, cohort_id in list(Application.objects.offers_lapsed(now).values_list("pk", "cohort_id")[:1000]):
        with transaction.atomic():
            cohort = lock_cohort(cohort_id)
            application = Application.objects.select_related("cohort__programme").get(pk=pk)
            if application.status != S.OFFERED or application.offer_expires_at >= now:
                continue  # answered, or closed by a run on another host, meanwhile
            record(application, to=S.LAPSED, actor=Actor.SYSTEM, email="lapsed")
            offer_from_waitlist_locked(cohort)
            lapsed += 1
    return lapsed


def unverified_expire(*, now: dt.datetime | None = None) -> int:
    """Delete applications whose address was never confirmed within ``ENROL_UNVERIFIED_HOURS``.

    They held nothing and were never read; deleting them keeps no personal data that nobody
    confirmed, and frees the address to apply again.
    """
    cutoff = (now or timezone.now()) - dt.timedelta(hours=settings.ENROL_UNVERIFIED_HOURS)
    _, deleted = Application.objects.filter(status=S.UNVERIFIED, created_at__lt=cutoff).delete()
    return deleted.get(Application._meta.label, 0)
