"""The applicant's confirmation email, in plain text and HTML, through Django's email framework."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def send_application_received(application_pk: int) -> None:
    """Email the applicant their reference and where they stand.

    Runs after the transaction commits; a mail server failure is logged (by
    reference only) and never undoes or hides a stored application.
    """
    from .models import Application

    application = Application.objects.select_related(
        "cohort__programme__department__institution", "research_track"
    ).get(pk=application_pk)
    programme = application.cohort.programme
    # An email needs an absolute address; without SITE_URL the link is left out rather than broken.
    base = settings.SITE_URL
    context = {
        "application": application,
        "cohort": application.cohort,
        "programme": programme,
        "waitlist_position": application.waitlist_position(),
        "programme_url": f"{base}{programme.get_absolute_url()}" if base else "",
        "site_name": settings.SITE_NAME,
    }
    subject = f"Your application to {programme.title}: {application.reference}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("enrolment/email/application_received.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[application.email],
    )
    message.attach_alternative(render_to_string("enrolment/email/application_received.html", context), "text/html")
    try:
        message.send()
    except Exception as exc:
        # No traceback: SMTP errors quote the recipient's address, which must stay out of the logs.
        logger.error("confirmation email for application %s not sent (%s)", application.reference, type(exc).__name__)
    else:
        logger.info("confirmation email for application %s sent", application.reference)
