"""The machinery every admissions move shares: the cohort lock, the refusals, the audit event with
its email, and the offer of a place (by staff, or automatically from the waiting list).

The public moves are in ``enrolment.services``; everything here expects to run inside the
caller's transaction, and the functions ending in ``_locked`` expect the cohort row locked.
"""

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone

from . import emails
from .models import Application, ApplicationEvent, Cohort

logger = logging.getLogger("enrolment.services")

S = Application.Status
Actor = ApplicationEvent.Actor


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


def lock_cohort(cohort_id: int) -> Cohort:
    return Cohort.objects.select_for_update().select_related("programme").get(pk=cohort_id)


def lock_application(application: Application) -> tuple[Cohort, Application]:
    """Lock the application's cohort, then read the application afresh (its status may have moved)."""
    cohort = lock_cohort(application.cohort_id)
    fresh = Application.objects.select_related("cohort__programme").get(pk=application.pk)
    return cohort, fresh


def places_free(cohort: Cohort) -> int:
    return cohort.capacity - Application.objects.filter(cohort=cohort).holding_place().count()


def record(
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
        emails.queue(application, email_kind=email, message=message)
    return application


def refuse_unless(application: Application, allowed: tuple[str, ...], action: str) -> None:
    if application.status not in allowed:
        raise TransitionRefused(
            f"{application.reference} cannot be {action}: it is “{application.get_status_display()}”."
        )


def offer_locked(cohort: Cohort, application: Application, *, user, message: str, actor: str, reason: str = ""):
    """Make the offer; the caller holds the cohort lock."""
    refuse_unless(application, (S.SUBMITTED, S.WAITLISTED), "offered a place")
    if places_free(cohort) <= 0:
        raise NoPlaceLeft(
            f"All {cohort.capacity} places in {cohort.name} are taken by offers and acceptances: "
            f"{application.reference} was not offered one. Put it on the waiting list instead."
        )
    position = application.waitlist_position()
    application.offer_expires_at = timezone.now() + dt.timedelta(days=settings.ENROL_OFFER_DAYS)
    application.waitlist_order = None
    return record(
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


def offer_from_waitlist_locked(cohort: Cohort, *, user=None) -> list[Application]:
    """Offer the free places to the waiting list, in order; the caller holds the cohort lock.

    Without ``user`` this is a place just freed (a decline, a withdrawal, an offer expired), which
    goes on only when the cohort offers freed places automatically (``Cohort.auto_offer``); with
    ``user`` it is staff offering them now. Bounded by the free places.
    """
    if user is None and not cohort.auto_offer:
        return []
    free = places_free(cohort)
    if free <= 0:
        return []
    reason = "Offered by staff from the waiting list." if user else "A place was freed; first on the waiting list."
    offered = []
    for application in (
        Application.objects.waitlisted().filter(cohort=cohort).select_related("cohort__programme")[:free]
    ):
        offered.append(
            offer_locked(
                cohort,
                application,
                user=user,
                message="",
                actor=Actor.STAFF if user else Actor.SYSTEM,
                reason=reason,
            )
        )
    return offered
