"""Cohorts of a programme, the applications made to them, and each application's history.

An application holds nothing until its email address is confirmed. A cohort's places
are counted, never stored: a place is taken by an outstanding offer or an acceptance
(``Application.HOLDING``), and only ``enrolment.services`` changes who holds one,
under a lock on the cohort row.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .countries import COUNTRIES

# No 0/O, 1/I/L or U/V: a reference read aloud on the phone or copied from paper stays right.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
REFERENCE_LENGTH = 6
STATEMENT_MAX_LENGTH = 3000


def new_reference(year: int) -> str:
    """A fresh, unguessable application reference such as ``DM-2027-7K3QX9``."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"DM-{year}-{code}"


class CohortQuerySet(models.QuerySet):
    def accepting(self, today: dt.date | None = None) -> "CohortQuerySet":
        """Cohorts that take applications today: open, and their deadline not passed."""
        today = today or timezone.localdate()
        return self.filter(is_open=True, application_deadline__gte=today)

    def with_places(self) -> "CohortQuerySet":
        """Annotate ``places_taken``, ``waitlisted_count`` and ``awaiting_count`` in one query."""
        status = "applications__status"
        return self.annotate(
            places_taken=models.Count("applications", filter=models.Q(**{f"{status}__in": Application.HOLDING})),
            waitlisted_count=models.Count("applications", filter=models.Q(**{status: Application.Status.WAITLISTED})),
            awaiting_count=models.Count("applications", filter=models.Q(**{status: Application.Status.SUBMITTED})),
        )


class Cohort(models.Model):
    """One intake of a programme, such as "September 2027"."""

    programme = models.ForeignKey("programmes.Programme", on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=80, help_text='Shown to applicants, such as "September 2027".')
    start_date = models.DateField()
    application_deadline = models.DateField(help_text="Applications are taken until the end of this day.")
    capacity = models.PositiveIntegerField(
        blank=True, help_text="Places in the cohort. Leave empty to use the programme's intake limit."
    )
    is_open = models.BooleanField(default=True, help_text="Untick to stop taking applications before the deadline.")
    auto_offer = models.BooleanField(
        "offer freed places automatically",
        default=True,
        help_text="When an offer is declined, withdrawn or expires, offer the place at once to the next on the "
        "waiting list. Untick to leave freed places for staff to offer from the cohort's page.",
    )

    objects = CohortQuerySet.as_manager()
    # The table was created by the programmes app, which recorded cohorts before this app recorded them itself.
    history = HistoricalRecords(table_name="programmes_historicalcohort")

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="unique_cohort_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.programme.title}" if self.programme_id else self.name

    def save(self, *args, **kwargs) -> None:
        if self.capacity is None:
            self.capacity = self.programme.intake_limit
        super().save(*args, **kwargs)

    @property
    def deadline_passed(self) -> bool:
        return timezone.localdate() > self.application_deadline

    @property
    def is_accepting(self) -> bool:
        return self.is_open and not self.deadline_passed

    def count_places_taken(self) -> int:
        """Places held now (offers and acceptances); prefer the ``with_places()`` annotation when listing."""
        taken = getattr(self, "places_taken", None)
        if taken is None:
            taken = self.applications.holding_place().count()
        return taken

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.count_places_taken(), 0)


class ApplicationQuerySet(models.QuerySet):
    def holding_place(self) -> "ApplicationQuerySet":
        """Applications that hold one of their cohort's places: outstanding offers and acceptances."""
        return self.filter(status__in=Application.HOLDING)

    def verified(self) -> "ApplicationQuerySet":
        """Applications whose email address has been confirmed (every status but ``unverified``)."""
        return self.exclude(status=Application.Status.UNVERIFIED)

    def waitlisted(self) -> "ApplicationQuerySet":
        """The waiting list, in the order places are offered."""
        return self.filter(status=Application.Status.WAITLISTED).order_by("waitlist_order", "pk")

    def offers_lapsed(self, now: dt.datetime | None = None) -> "ApplicationQuerySet":
        """Offers whose answer deadline has passed."""
        return self.filter(status=Application.Status.OFFERED, offer_expires_at__lt=now or timezone.now())

    def for_admin(self) -> "ApplicationQuerySet":
        """What the admin list and the CSV export show, without a query per row."""
        return self.select_related("cohort__programme", "research_track")


class Application(models.Model):
    """One person's application to one cohort."""

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", "Email not yet confirmed"
        SUBMITTED = "submitted", "Awaiting review"
        WAITLISTED = "waitlisted", "Waiting list"
        OFFERED = "offered", "Offer made"
        REJECTED = "rejected", "Unsuccessful"
        ACCEPTED = "accepted", "Offer accepted"
        DECLINED = "declined", "Offer declined"
        LAPSED = "lapsed", "Offer expired"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # The statuses that hold one of the cohort's places.
    HOLDING = (Status.OFFERED, Status.ACCEPTED)
    # The statuses from which the applicant may withdraw (an acceptance: until the cohort starts).
    WITHDRAWABLE = (Status.UNVERIFIED, Status.SUBMITTED, Status.WAITLISTED, Status.OFFERED, Status.ACCEPTED)

    class Qualification(models.TextChoices):
        BACHELORS = "bachelors", "Bachelor's degree (or equivalent)"
        BACHELORS_EXPECTED = "bachelors_expected", "Bachelor's degree, expected this year"
        MASTERS = "masters", "Master's degree"
        DOCTORATE = "doctorate", "Doctorate (PhD)"
        OTHER = "other", "Other qualification"

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="applications")
    reference = models.CharField(max_length=20, unique=True, editable=False)
    full_name = models.CharField(max_length=150)
    email = models.EmailField(max_length=254)
    email_key = models.CharField(
        max_length=254,
        default="",
        editable=False,
        help_text="The address normalised (case, IDNA domain) for the duplicate check.",
    )
    country = models.CharField("country of residence", max_length=2, choices=COUNTRIES)
    qualification = models.CharField("highest qualification", max_length=20, choices=Qualification.choices)
    qualification_subject = models.CharField("subject of that qualification", max_length=120)
    research_track = models.ForeignKey(
        "programmes.ResearchTrack",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="preferred research track",
    )
    personal_statement = models.TextField(
        blank=True, max_length=STATEMENT_MAX_LENGTH, validators=[MaxLengthValidator(STATEMENT_MAX_LENGTH)]
    )
    consented_at = models.DateTimeField(help_text="When the applicant agreed to the privacy notice.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNVERIFIED, db_index=True)
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    offer_expires_at = models.DateTimeField(
        "offer open until", null=True, blank=True, editable=False, help_text="The applicant's deadline to answer."
    )
    waitlist_order = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Order on the waiting list; 1 is offered first."
    )
    reviewer_notes = models.TextField(
        blank=True, max_length=5000, help_text="For admissions staff only; never shown to the applicant."
    )
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "email_key"], name="unique_application_email_key_per_cohort"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def holds_place(self) -> bool:
        return self.status in self.HOLDING

    @property
    def can_withdraw(self) -> bool:
        if self.status == self.Status.ACCEPTED:
            return timezone.localdate() < self.cohort.start_date
        return self.status in self.WITHDRAWABLE

    @property
    def offer_open(self) -> bool:
        return (
            self.status == self.Status.OFFERED
            and self.offer_expires_at is not None
            and (self.offer_expires_at >= timezone.now())
        )

    def waitlist_position(self) -> int | None:
        """1 for the first on the waiting list; None when not waitlisted."""
        if self.status != self.Status.WAITLISTED or self.waitlist_order is None:
            return None
        ahead = (
            Application.objects.waitlisted()
            .filter(cohort_id=self.cohort_id)
            .filter(
                models.Q(waitlist_order__lt=self.waitlist_order)
                | models.Q(waitlist_order=self.waitlist_order, pk__lt=self.pk)
            )
        )
        return ahead.count() + 1


class UnverifiedApplication(Application):
    """Applications whose email address is not confirmed yet: listed apart in the admin, they hold nothing."""

    class Meta:
        proxy = True
        verbose_name = "unconfirmed application"
        verbose_name_plural = "unconfirmed applications (email not yet confirmed)"


class ApplicationEvent(models.Model):
    """One change of an application's status or waiting-list place: who, when, from, to and why."""

    class Actor(models.TextChoices):
        APPLICANT = "applicant", "Applicant"
        STAFF = "staff", "Admissions staff"
        SYSTEM = "system", "Automatic"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.CharField(max_length=10, choices=Actor.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=12, blank=True, choices=Application.Status.choices)
    to_status = models.CharField(max_length=12, choices=Application.Status.choices)
    from_position = models.PositiveIntegerField(null=True, blank=True)
    to_position = models.PositiveIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True, max_length=2000, help_text="Why, in staff's words; not shown publicly.")
    message = models.TextField(
        blank=True, max_length=2000, help_text="The message to the applicant sent with this change, if any."
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class SubmissionRecord(models.Model):
    """A successful submission, kept for the rate limit only, under hashed keys and never longer than a day.

    It lives in the database (not the cache) so that every worker and host shares the count and no
    plot traffic can evict it.
    """

    scope = models.CharField(max_length=20)
    key = models.CharField(max_length=64, help_text="A keyed hash of the client address or email, never the value.")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"])]

    def __str__(self) -> str:
        return f"{self.scope} at {self.at:%Y-%m-%d %H:%M}"


class DigestSent(models.Model):
    """One row per day whose digest of newly confirmed applications went to admissions: sent once, by one host."""

    day = models.DateField(unique=True)
    sent_at = models.DateTimeField(default=timezone.now)
    count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"digest of {self.day}"


class SpentToken(models.Model):
    """An application form's token that has been used: its unique key lets only one submission through.

    Inserted in the same transaction as the application (``enrolment.formtoken.spend``); pruned by
    the scheduled job once the token would be refused for its age anyway.
    """

    key = models.CharField(max_length=64, unique=True, help_text="A hash of the form token's nonce.")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"form token spent at {self.at:%Y-%m-%d %H:%M}"
