"""Personal data of applicants: erasure (anonymising, keeping the statistics), the retention
period after which it happens by itself, and the export of everything held about one applicant.
"""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .lifecycle import Actor, S, lock_application, offer_from_waitlist_locked, record
from .models import Application, ApplicationEvent

logger = logging.getLogger("enrolment.services")


ERASED_NAME = "Erased applicant"
# What erasure takes away and what it keeps, as the confirmation page lists them for staff.
ERASED = [
    "Full name",
    "Email address",
    "Subject of the qualification",
    "Personal statement",
    "Reviewer's notes",
    "Messages to the applicant and reasons in the history",
]
KEPT = [
    "Reference",
    "Cohort",
    "Country of residence",
    "Highest qualification",
    "Preferred research track",
    "Status and the dates of every change",
]


def application_erase(*, application: Application, user=None, reason: str = "") -> Application:
    """Anonymise the application: name, email, free text and messages go; figures for statistics stay.

    Kept: cohort, country, qualification, research track, status and dates. An application
    still in progress is withdrawn first (no email: there is no address left to send it to),
    and a place it held passes to the waiting list.
    """
    with transaction.atomic():
        cohort, application = lock_application(application)
        if application.erased_at is not None:
            return application
        freed = application.holds_place
        in_progress = (S.SUBMITTED, S.WAITLISTED, S.OFFERED, S.ACCEPTED, S.UNVERIFIED)
        # After the intake has started an acceptance is history (erased at the end of retention), not a place.
        if application.status in in_progress and timezone.localdate() < cohort.start_date:
            application.waitlist_order = None
            record(
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
            offer_from_waitlist_locked(cohort)
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
