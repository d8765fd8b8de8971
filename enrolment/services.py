"""Writes that touch several rows: taking a place, and the admissions staff's decisions.

Every function that changes who holds a place locks the cohort row first
(``select_for_update``), so counting the places and writing the new status happen
as one step however many requests arrive at once. PostgreSQL blocks the other
transactions on that row lock; SQLite has no row locks and serialises writers
instead (with ``transaction_mode: IMMEDIATE`` the lock is taken at ``BEGIN``, so
two writers never both read a count and then collide on upgrading their lock).
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .emails import send_application_received
from .models import Application, Cohort, new_reference

logger = logging.getLogger(__name__)

# A clash of two random 6-character codes from 29 symbols (about 6e8 values) is
# unlikely; a handful of attempts makes a failure a sign of a bug, not bad luck.
REFERENCE_ATTEMPTS = 5


class CohortClosed(Exception):
    """The cohort stopped taking applications (closed, or the deadline passed)."""


class DuplicateApplication(Exception):
    """This email address has already applied to this cohort."""


def _lock_cohort(cohort_id: int) -> Cohort:
    return Cohort.objects.select_for_update().select_related("programme").get(pk=cohort_id)


def application_submit(*, cohort: Cohort, data: dict[str, Any]) -> Application:
    """Store an application, holding a place if one is left and waitlisting it if not.

    ``data`` holds the application's own fields, already validated by the form.
    Raises ``CohortClosed`` or ``DuplicateApplication``; nothing is stored then.
    The confirmation email is sent once the transaction has committed.
    """
    email = data["email"].strip()
    with transaction.atomic():
        locked = _lock_cohort(cohort.pk)
        if not locked.is_accepting:
            raise CohortClosed
        if Application.objects.filter(cohort=locked, email__iexact=email).exists():
            raise DuplicateApplication
        taken = Application.objects.filter(cohort=locked).holding_place().count()
        status = Application.Status.SUBMITTED if taken < locked.capacity else Application.Status.WAITLISTED
        fields = {
            "full_name": data["full_name"],
            "email": email,
            "country": data["country"],
            "qualification": data["qualification"],
            "qualification_subject": data["qualification_subject"],
            "research_track": data["research_track"],
            "personal_statement": data.get("personal_statement", ""),
        }
        application = _insert_with_reference(cohort=locked, status=status, fields=fields)
        logger.info("application %s stored as %s", application.reference, application.status)
        transaction.on_commit(lambda: send_application_received(application.pk))
    return application


def _insert_with_reference(*, cohort: Cohort, status: str, fields: dict[str, Any]) -> Application:
    """Insert the row, drawing a new reference if the unique index says it is taken."""
    for _ in range(REFERENCE_ATTEMPTS):
        application = Application(
            cohort=cohort,
            reference=new_reference(cohort.start_date.year),
            status=status,
            consented_at=timezone.now(),
            **fields,
        )
        try:
            # A savepoint, so a failed insert leaves the outer transaction (and its lock) usable.
            with transaction.atomic():
                application.save(force_insert=True)
        except IntegrityError:
            # The email check above ran under the cohort lock, but a second backstop costs nothing.
            if Application.objects.filter(cohort=cohort, email__iexact=fields["email"]).exists():
                raise DuplicateApplication from None
            if not Application.objects.filter(reference=application.reference).exists():
                raise
            continue
        return application
    raise RuntimeError(f"No free application reference after {REFERENCE_ATTEMPTS} attempts")


S = Application.Status


def _applications_move(applications: Iterable[Application], *, from_: tuple[str, ...], to: str) -> int:
    """Move the given applications that are in one of ``from_`` to ``to``; returns how many moved.

    Only moves that keep or free places come through here, so no cohort lock is needed:
    a conditional UPDATE is atomic on its own, and a row whose status changed meanwhile is skipped.
    """
    pks = [a.pk for a in applications]
    changed = Application.objects.filter(pk__in=pks, status__in=from_).update(status=to, updated_at=timezone.now())
    logger.info("%d applications moved to %s", changed, to)
    return changed


def applications_offer(*, applications: Iterable[Application]) -> int:
    """Offer a place to applications that hold one (``submitted``).

    Waitlisted applications hold no place, so offering them could break the cap:
    ``cohort_fill_from_waitlist`` moves them into free places first.
    """
    return _applications_move(applications, from_=(S.SUBMITTED,), to=S.OFFERED)


def applications_decline(*, applications: Iterable[Application]) -> int:
    """Decline applications still being decided (submitted, waitlisted, offered), freeing their places.

    Accepted and withdrawn applications are the applicant's decision and stay as they are.
    """
    return _applications_move(applications, from_=(S.SUBMITTED, S.WAITLISTED, S.OFFERED), to=S.DECLINED)


def applications_accept(*, applications: Iterable[Application]) -> int:
    """Record that applicants took up their offer (``offered`` → ``accepted``; the place stays held)."""
    return _applications_move(applications, from_=(S.OFFERED,), to=S.ACCEPTED)


def applications_withdraw(*, applications: Iterable[Application]) -> int:
    """Record that applicants withdrew, freeing any place they held."""
    return _applications_move(applications, from_=(S.SUBMITTED, S.WAITLISTED, S.OFFERED, S.ACCEPTED), to=S.WITHDRAWN)


def cohort_fill_from_waitlist(*, cohort: Cohort, only: Iterable[Application] | None = None) -> list[Application]:
    """Move the earliest waitlisted applications into the cohort's free places, as ``submitted``.

    With ``only``, just those applications are candidates (still earliest first).
    Returns the promoted applications; none when the cohort is full.
    """
    with transaction.atomic():
        locked = _lock_cohort(cohort.pk)
        free = locked.capacity - Application.objects.filter(cohort=locked).holding_place().count()
        if free <= 0:
            return []
        candidates = Application.objects.waitlisted().filter(cohort=locked)
        if only is not None:
            candidates = candidates.filter(pk__in=[a.pk for a in only])
        promoted = list(candidates[:free])
        Application.objects.filter(pk__in=[a.pk for a in promoted]).update(
            status=Application.Status.SUBMITTED, updated_at=timezone.now()
        )
        for application in promoted:
            application.status = Application.Status.SUBMITTED
            logger.info("application %s promoted from the waiting list", application.reference)
    return promoted
