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

A freed place goes to the next person on the waiting list at once, with a deadline; every
change writes an ``ApplicationEvent`` and queues the applicant's email after commit.
"""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import emails
from .identity import email_key
from .models import Application, ApplicationEvent, Cohort, new_reference

logger = logging.getLogger(__name__)

S = Application.Status
Actor = ApplicationEvent.Actor

# A clash of two random 6-character codes from 29 symbols (about 6e8 values) is
# unlikely; a handful of attempts makes a failure a sign of a bug, not bad luck.
REFERENCE_ATTEMPTS = 5


class CohortClosed(Exception):
    """The cohort stopped taking applications (closed, or the deadline passed)."""


class DuplicateApplication(Exception):
    """This email address has already applied to this cohort."""

    def __init__(self, existing: Application):
        super().__init__(existing.reference)
        self.existing = existing


class TransitionRefused(Exception):
    """The move is not allowed from the application's current status; the message says why."""


class NoPlaceLeft(TransitionRefused):
    """An offer would take more places than the cohort has."""


def _lock_cohort(cohort_id: int) -> Cohort:
    return Cohort.objects.select_for_update().select_related("programme").get(pk=cohort_id)


def _locked(application: Application) -> tuple[Cohort, Application]:
    """Lock the application's cohort, then read the application afresh (its status may have moved)."""
    cohort = _lock_cohort(application.cohort_id)
    fresh = Application.objects.select_related("cohort__programme").get(pk=application.pk)
    return cohort, fresh


def _places_free(cohort: Cohort) -> int:
    return cohort.capacity - Application.objects.filter(cohort=cohort).holding_place().count()


def _record(
    application: Application,
    *,
    to: str,
    actor: str,
    user=None,
    reason: str = "",
    message: str = "",
    email: str | None = None,
    from_position: int | None = None,
    to_position: int | None = None,
    fields: tuple[str, ...] = (),
) -> Application:
    """Save the new status (and ``fields``), write the audit event and queue the email after commit."""
    from_status = application.status
    application.status = to
    application.save(update_fields=["status", "updated_at", *fields])
    ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        user=user,
        from_status=from_status,
        to_status=to,
        from_position=from_position,
        to_position=to_position,
        reason=reason,
        message=message,
    )
    logger.info("application %s: %s -> %s (%s)", application.reference, from_status, to, actor)
    if email:
        emails.queue(application, kind=email, message=message)
    return application


def _refuse_unless(application: Application, allowed: tuple[str, ...], action: str) -> None:
    if application.status not in allowed:
        raise TransitionRefused(
            f"{application.reference} cannot be {action}: it is “{application.get_status_display()}”."
        )


# --- The applicant ---------------------------------------------------------------------------------


def application_submit(*, cohort: Cohort, data: dict[str, Any]) -> Application:
    """Store an ``unverified`` application and queue the email that confirms its address.

    It holds no place and is on no list until the address is confirmed. Raises ``CohortClosed``,
    or ``DuplicateApplication`` (with the existing application) when the normalised address has
    applied to this cohort already; nothing is stored then.
    """
    email = data["email"].strip()
    key = email_key(email)
    with transaction.atomic():
        locked = _lock_cohort(cohort.pk)
        if not locked.is_accepting:
            raise CohortClosed
        existing = Application.objects.filter(cohort=locked, email_key=key).first()
        if existing is not None:
            raise DuplicateApplication(existing)
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
        emails.queue(application, kind="verify")
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
        _, application = _locked(application)
        _refuse_unless(application, (S.UNVERIFIED,), "confirmed again")
        application.verified_at = timezone.now()
        return _record(application, to=S.SUBMITTED, actor=Actor.APPLICANT, email="received", fields=("verified_at",))


def application_accept(*, application: Application) -> Application:
    """The applicant takes up their offer before its deadline (the place stays held)."""
    with transaction.atomic():
        _, application = _locked(application)
        _refuse_unless(application, (S.OFFERED,), "accepted")
        if not application.offer_open:
            raise TransitionRefused("This offer has expired and can no longer be accepted.")
        return _record(application, to=S.ACCEPTED, actor=Actor.APPLICANT, email="accepted")


def application_decline(*, application: Application) -> Application:
    """The applicant turns the offer down; the place goes to the next person on the waiting list."""
    with transaction.atomic():
        cohort, application = _locked(application)
        _refuse_unless(application, (S.OFFERED,), "declined")
        _record(application, to=S.DECLINED, actor=Actor.APPLICANT, email="declined", fields=("offer_expires_at",))
        _offer_from_waitlist(cohort)
    return application


def application_withdraw(*, application: Application) -> Application:
    """The applicant withdraws; a place they held goes to the next person on the waiting list."""
    with transaction.atomic():
        cohort, application = _locked(application)
        if not application.can_withdraw:
            raise TransitionRefused(
                f"{application.reference} cannot be withdrawn: it is “{application.get_status_display()}”."
            )
        freed = application.holds_place
        application.waitlist_order = None
        _record(application, to=S.WITHDRAWN, actor=Actor.APPLICANT, email="withdrawn", fields=("waitlist_order",))
        if freed:
            _offer_from_waitlist(cohort)
    return application


# --- Admissions staff ------------------------------------------------------------------------------


def application_offer(*, application: Application, user=None, message: str = "", actor: str = Actor.STAFF):
    """Offer a place, open for ``ENROL_OFFER_DAYS``; refused with ``NoPlaceLeft`` when the cohort is full."""
    with transaction.atomic():
        cohort, application = _locked(application)
        return _offer(cohort, application, user=user, message=message, actor=actor)


def _offer(cohort: Cohort, application: Application, *, user, message: str, actor: str, reason: str = ""):
    """Make the offer; the caller holds the cohort lock."""
    _refuse_unless(application, (S.SUBMITTED, S.WAITLISTED), "offered a place")
    if _places_free(cohort) <= 0:
        raise NoPlaceLeft(
            f"All {cohort.capacity} places in {cohort.name} are taken by offers and acceptances: "
            f"{application.reference} was not offered one. Put it on the waiting list instead."
        )
    position = application.waitlist_position()
    application.offer_expires_at = timezone.now() + dt.timedelta(days=settings.ENROL_OFFER_DAYS)
    application.waitlist_order = None
    return _record(
        application,
        to=S.OFFERED,
        actor=actor,
        user=user,
        message=message,
        reason=reason,
        email="offered",
        from_position=position,
        fields=("offer_expires_at", "waitlist_order"),
    )


def application_reject(*, application: Application, user=None, message: str = "") -> Application:
    """Staff decide not to offer a place (from review or from the waiting list)."""
    with transaction.atomic():
        _, application = _locked(application)
        _refuse_unless(application, (S.SUBMITTED, S.WAITLISTED), "rejected")
        position = application.waitlist_position()
        application.waitlist_order = None
        return _record(
            application,
            to=S.REJECTED,
            actor=Actor.STAFF,
            user=user,
            message=message,
            email="rejected",
            from_position=position,
            fields=("waitlist_order",),
        )


def application_waitlist(*, application: Application, user=None, message: str = "") -> Application:
    """Staff put a reviewed application at the end of the waiting list."""
    with transaction.atomic():
        cohort, application = _locked(application)
        _refuse_unless(application, (S.SUBMITTED,), "put on the waiting list")
        queue = Application.objects.waitlisted().filter(cohort=cohort)
        last = queue.order_by("-waitlist_order").values_list("waitlist_order", flat=True).first()
        application.waitlist_order = (last or 0) + 1
        return _record(
            application,
            to=S.WAITLISTED,
            actor=Actor.STAFF,
            user=user,
            message=message,
            email="waitlisted",
            to_position=queue.count() + 1,
            fields=("waitlist_order",),
        )


def application_move_on_waitlist(*, application: Application, position: int, reason: str, user=None) -> Application:
    """Move a waitlisted application to ``position`` (1 is first), with the reason recorded."""
    if not reason.strip():
        raise TransitionRefused("Give a reason for moving an applicant on the waiting list.")
    with transaction.atomic():
        cohort, application = _locked(application)
        _refuse_unless(application, (S.WAITLISTED,), "moved on the waiting list")
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


def cohort_offer_from_waitlist(*, cohort: Cohort) -> list[Application]:
    """Offer every free place of the cohort to the waiting list, in order; returns the new offers."""
    with transaction.atomic():
        return _offer_from_waitlist(_lock_cohort(cohort.pk))


def _offer_from_waitlist(cohort: Cohort) -> list[Application]:
    """The caller holds the cohort lock. Bounded by the free places."""
    free = _places_free(cohort)
    if free <= 0:
        return []
    offered = []
    for application in (
        Application.objects.waitlisted().filter(cohort=cohort).select_related("cohort__programme")[:free]
    ):
        offered.append(
            _offer(
                cohort,
                application,
                user=None,
                message="",
                actor=Actor.SYSTEM,
                reason="A place was freed; first on the waiting list.",
            )
        )
    return offered


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
            cohort = _lock_cohort(cohort_id)
            application = Application.objects.select_related("cohort__programme").get(pk=pk)
            if application.status != S.OFFERED or application.offer_expires_at >= now:
                continue  # answered, or closed by a run on another host, meanwhile
            _record(application, to=S.LAPSED, actor=Actor.SYSTEM, email="lapsed")
            _offer_from_waitlist(cohort)
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


# --- Personal data ---------------------------------------------------------------------------------

ERASED_NAME = "Erased applicant"


def application_erase(*, application: Application, user=None, reason: str = "") -> Application:
    """Anonymise the application: name, email, free text and messages go; figures for statistics stay.

    Kept: cohort, country, qualification, research track, status and dates. An application
    still in progress is withdrawn first (no email: there is no address left to send it to),
    and a place it held passes to the waiting list.
    """
    with transaction.atomic():
        cohort, application = _locked(application)
        if application.erased_at is not None:
            return application
        freed = application.holds_place
        in_progress = (S.SUBMITTED, S.WAITLISTED, S.OFFERED, S.ACCEPTED, S.UNVERIFIED)
        # After the intake has started an acceptance is history (erased at the end of retention), not a place.
        if application.status in in_progress and timezone.localdate() < cohort.start_date:
            application.waitlist_order = None
            _record(
                application,
                to=S.WITHDRAWN,
                actor=Actor.STAFF,
                user=user,
                reason="Withdrawn because the applicant's personal data was erased.",
                fields=("waitlist_order",),
            )
        application.full_name = ERASED_NAME
        application.email = application.email_key = f"erased-{application.pk}@erased.invalid"
        application.qualification_subject = ""
        application.personal_statement = ""
        application.reviewer_notes = ""
        application.erased_at = timezone.now()
        application.save()
        application.events.update(message="", reason="")
        ApplicationEvent.objects.create(
            application=application,
            actor=Actor.STAFF if user else Actor.SYSTEM,
            user=user,
            from_status=application.status,
            to_status=application.status,
            reason=reason or "Personal data erased.",
        )
        logger.info("application %s: personal data erased", application.reference)
        if freed and application.status == S.WITHDRAWN:
            _offer_from_waitlist(cohort)
    return application


def applications_past_retention(*, today: dt.date | None = None):
    """Applications not yet erased whose intake started more than ``ENROL_RETENTION_DAYS`` ago."""
    cutoff = (today or timezone.localdate()) - dt.timedelta(days=settings.ENROL_RETENTION_DAYS)
    return Application.objects.filter(erased_at__isnull=True, cohort__start_date__lt=cutoff)


def application_export(*, application: Application) -> dict[str, Any]:
    """Everything held about one applicant, as plain data (their right of access)."""
    return {
        "reference": application.reference,
        "programme": application.cohort.programme.title,
        "cohort": application.cohort.name,
        "full_name": application.full_name,
        "email": application.email,
        "country": application.get_country_display(),
        "highest_qualification": application.get_qualification_display(),
        "qualification_subject": application.qualification_subject,
        "preferred_research_track": application.research_track.title,
        "personal_statement": application.personal_statement,
        "status": application.get_status_display(),
        "consented_at": application.consented_at.isoformat(),
        "applied_at": application.created_at.isoformat(),
        "email_confirmed_at": application.verified_at.isoformat() if application.verified_at else None,
        "offer_open_until": application.offer_expires_at.isoformat() if application.offer_expires_at else None,
        "reviewer_notes": application.reviewer_notes,
        "history": [
            {
                "at": event.at.isoformat(),
                "by": event.get_actor_display(),
                "from": event.get_from_status_display() if event.from_status else None,
                "to": event.get_to_status_display(),
                "waiting_list_from": event.from_position,
                "waiting_list_to": event.to_position,
                "reason": event.reason,
                "message_to_applicant": event.message,
            }
            for event in application.events.all()
        ],
    }
