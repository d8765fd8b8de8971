"""The applicant's emails, one for every change of their application, in plain text and HTML.

Nothing is sent inside a request: ``queue`` hands the email to the task backend once the
transaction commits, and the background worker (``manage.py db_worker``) sends it through
Django's email framework, retrying with growing delays when the mail server fails. A run
without a worker (``make run``) uses the immediate backend, which sends at commit.

Each email is rendered when it is sent, from the application as it is then; each email kind's
words are in ``templates/enrolment/email/<email_kind>.txt``, and the HTML part is made from the
same text, so the two never disagree.
"""

import datetime as dt
import functools
import logging
import uuid
from enum import StrEnum
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from . import ratelimit
from .identity import status_path, verify_path

logger = logging.getLogger(__name__)


class EmailKind(StrEnum):
    """Which email an applicant gets (not an activity's kind): its template and its subject."""

    VERIFY = "verify"
    ALREADY_APPLIED = "already_applied"
    LINK = "link"
    RECEIVED = "received"
    WAITLISTED = "waitlisted"
    OFFERED = "offered"
    REJECTED = "rejected"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    LAPSED = "lapsed"
    WITHDRAWN = "withdrawn"


SUBJECTS = {
    EmailKind.VERIFY: "Confirm your email address to send your application",
    EmailKind.ALREADY_APPLIED: "You have already applied",
    EmailKind.LINK: "Your link to follow your application",
    EmailKind.RECEIVED: "Application received",
    EmailKind.WAITLISTED: "You are on the waiting list",
    EmailKind.OFFERED: "We are offering you a place",
    EmailKind.REJECTED: "Our decision on your application",
    EmailKind.ACCEPTED: "You have accepted your place",
    EmailKind.DECLINED: "You have declined your offer",
    EmailKind.LAPSED: "Your offer has expired",
    EmailKind.WITHDRAWN: "Your application is withdrawn",
}


def queue(application, *, email_kind: str, message: str = "") -> None:
    """Send the ``email_kind`` email about ``application`` once the current transaction commits.

    The waiting-list place is taken now, so that an email sent later still tells the place the
    applicant was given, not where the list has moved since. So is the event's id: every attempt
    to send this email (a retry, a task re-run after its worker died) carries the same Message-ID,
    so a mail server or a mail program that sees it twice shows it once.
    """
    if email_kind not in SUBJECTS:
        raise ValueError(f"unknown email kind {email_kind!r}")
    enqueue = functools.partial(
        send_application_email.enqueue,
        application_id=application.pk,
        kind=str(email_kind),  # the task's argument keeps its name: queued tasks in the database hold it
        message=message,
        position=application.waitlist_position(),
        event=uuid.uuid4().hex,
    )
    transaction.on_commit(enqueue)


def message_id(event: str) -> str:
    """The Message-ID of the email of one application event: the same for every attempt to send it."""
    domain = urlsplit(settings.SITE_URL or settings.LOCAL_SITE_URL).hostname or "dmath.invalid"
    return f"<{event}@{domain}>"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL or settings.LOCAL_SITE_URL}{path}"


def build(
    application, *, email_kind: str, message: str = "", position: int | None = None, event: str = ""
) -> EmailMultiAlternatives:
    """The email as it would be sent now (``position``: the waiting-list place when it was queued; ``event``:
    the id ``queue`` gave it, which makes its Message-ID)."""
    programme = application.cohort.programme
    context = {
        "application": application,
        "cohort": application.cohort,
        "programme": programme,
        "email_kind": email_kind,
        "message": message,
        "waitlist_position": position,
        "status_url": absolute(status_path(application)),
        "verify_url": absolute(verify_path(application)) if email_kind == EmailKind.VERIFY else "",
        "verify_hours": settings.ENROL_UNVERIFIED_HOURS,
        "programme_url": absolute(programme.get_absolute_url()),
        "site_name": settings.SITE_NAME,
    }
    body = render_to_string(f"enrolment/email/{email_kind}.txt", context).strip()
    context["body"] = body
    text = render_to_string("enrolment/email/layout.txt", context)
    html = render_to_string("enrolment/email/layout.html", context)
    email = EmailMultiAlternatives(
        subject=f"{SUBJECTS[email_kind]}: {programme.title} ({application.reference})",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[application.email],
        headers={"Auto-Submitted": "auto-generated", **({"Message-ID": message_id(event)} if event else {})},
    )
    email.attach_alternative(html, "text/html")
    return email


@task()
def send_application_email(
    *,
    application_id: int,
    kind: str,
    message: str = "",
    position: int | None = None,
    attempt: int = 1,
    event: str = "",
) -> str:
    """Send one email (``kind``: its EmailKind); on a mail server failure, try again later, up to
    ``ENROL_EMAIL_ATTEMPTS`` times.

    Returns what happened (kept by the task backend). Logs name the reference and the error's
    type only: SMTP errors quote the recipient's address, which must stay out of the logs.
    """
    from .models import Application

    application = (
        Application.objects.select_related("cohort__programme__department__institution", "research_track")
        .filter(pk=application_id, erased_at__isnull=True)
        .first()
    )
    if application is None:
        return "gone"  # deleted (an expired unverified application) or erased since it was queued
    try:
        build(application, email_kind=kind, message=message, position=position, event=event).send()
    except Exception as exc:
        if attempt >= settings.ENROL_EMAIL_ATTEMPTS or not send_application_email.get_backend().supports_defer:
            logger.error("%s email for %s not sent, giving up (%s)", kind, application.reference, type(exc).__name__)
            raise RuntimeError(f"{kind} email for {application.reference} not sent after {attempt} attempts") from None
        delay = settings.ENROL_EMAIL_RETRY_SECONDS * 2 ** (attempt - 1)
        send_application_email.using(run_after=timezone.now() + dt.timedelta(seconds=delay)).enqueue(
            application_id=application_id,
            kind=kind,
            message=message,
            position=position,
            attempt=attempt + 1,
            event=event,
        )
        logger.warning(
            "%s email for %s not sent (%s); attempt %d of %d in %ds",
            kind,
            application.reference,
            type(exc).__name__,
            attempt + 1,
            settings.ENROL_EMAIL_ATTEMPTS,
            delay,
        )
        return "retrying"
    logger.info("%s email for %s sent", kind, application.reference)
    return "sent"


def queue_links(*, application_ids: list[int], budget: dict[str, str]) -> None:
    """ "Get my link again": queue one task whatever the address, found or not, so that the request
    does the same work either way; the task decides whether anything is sent (``send_links``).

    ``budget`` holds the link budget's counters (keyed hashes, ``ratelimit.keys``), never the address.
    """
    enqueue = functools.partial(send_links.enqueue, application_ids=application_ids, budget=budget)
    transaction.on_commit(enqueue)


@task()
def send_links(*, application_ids: list[int], budget: dict[str, str]) -> str:
    """Email each application its link (a new confirmation link while unconfirmed), within the link budget.

    Only a request that sends something spends the budget: one for an address that never applied
    costs nothing, and blocks nobody.
    """
    from .models import Application

    applications = list(
        Application.objects.filter(pk__in=application_ids, erased_at__isnull=True).select_related("cohort")
    )
    if not applications:
        return "nothing to send"
    if ratelimit.wait_seconds(budget) is not None:
        logger.warning("link request over the link budget, nothing sent")
        return "over the budget"
    ratelimit.record(budget)
    for application in applications:
        email_kind = EmailKind.VERIFY if application.status == Application.Status.UNVERIFIED else EmailKind.LINK
        queue(application, email_kind=email_kind)
    return f"{len(applications)} queued"


def digest_send(*, day: dt.date) -> int | None:
    """Email ``ADMISSIONS_EMAIL`` the applications confirmed on ``day``; once per day, whichever host asks first.

    Returns how many were listed, or None when there is no address or the day's digest was sent already.
    """
    from django.db import IntegrityError

    from .models import Application, DigestSent

    if not settings.ADMISSIONS_EMAIL:
        return None
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    confirmed = list(
        Application.objects.filter(verified_at__gte=start, verified_at__lt=start + dt.timedelta(days=1))
        .select_related("cohort", "research_track")
        .order_by("verified_at")[:500]
    )
    try:
        with transaction.atomic():
            DigestSent.objects.create(day=day, count=len(confirmed))
            context = {"day": day, "applications": confirmed, "admin_url": absolute("/admin/enrolment/application/")}
            EmailMultiAlternatives(
                subject=f"{len(confirmed)} applications confirmed on {day:%d %B %Y}",
                body=render_to_string("enrolment/email/digest.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[settings.ADMISSIONS_EMAIL],
            ).send()
    except IntegrityError:
        return None  # another host sent it
    except Exception as exc:  # the mail server failed: nothing is recorded, so the next tick tries again
        logger.error("admissions digest for %s not sent (%s)", day, type(exc).__name__)
        return None
    return len(confirmed)
