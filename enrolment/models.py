"""Cohorts of a programme and the applications made to them.

A cohort's places are counted, never stored: an application holds a place while its
status is one of ``Application.HOLDING``. Taking a place happens only in
``enrolment.services.application_submit``, under a lock on the cohort row.
"""

import datetime as dt
import secrets

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from programmes.models import Programme, ResearchTrack

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
        """Annotate ``places_taken`` and ``waitlisted_count`` in one query."""
        return self.annotate(
            places_taken=models.Count("applications", filter=models.Q(applications__status__in=Application.HOLDING)),
            waitlisted_count=models.Count(
                "applications", filter=models.Q(applications__status=Application.Status.WAITLISTED)
            ),
        )


class Cohort(models.Model):
    """One intake of a programme, such as "September 2027"."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=80, help_text='Shown to applicants, such as "September 2027".')
    start_date = models.DateField()
    application_deadline = models.DateField(help_text="Applications are taken until the end of this day.")
    capacity = models.PositiveIntegerField(
        blank=True, help_text="Places in the cohort. Leave empty to use the programme's intake limit."
    )
    is_open = models.BooleanField(default=True, help_text="Untick to stop taking applications before the deadline.")

    objects = CohortQuerySet.as_manager()

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
        """Places held now; prefer the ``with_places()`` annotation when listing cohorts."""
        taken = getattr(self, "places_taken", None)
        if taken is None:
            taken = self.applications.holding_place().count()
        return taken

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.count_places_taken(), 0)


class ApplicationQuerySet(models.QuerySet):
    def holding_place(self) -> "ApplicationQuerySet":
        """Applications that hold one of their cohort's places."""
        return self.filter(status__in=Application.HOLDING)

    def waitlisted(self) -> "ApplicationQuerySet":
        """The waiting list, first come first served."""
        return self.filter(status=Application.Status.WAITLISTED).order_by("created_at", "pk")

    def for_admin(self) -> "ApplicationQuerySet":
        """What the admin list and the CSV export show, without a query per row."""
        return self.select_related("cohort__programme", "research_track")


class Application(models.Model):
    """One person's application to one cohort."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        WAITLISTED = "waitlisted", "Waitlisted"
        OFFERED = "offered", "Offered"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # The statuses that hold one of the cohort's places.
    HOLDING = (Status.SUBMITTED, Status.OFFERED, Status.ACCEPTED)

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
    country = models.CharField("country of residence", max_length=2, choices=COUNTRIES)
    qualification = models.CharField("highest qualification", max_length=20, choices=Qualification.choices)
    qualification_subject = models.CharField("subject of that qualification", max_length=120)
    research_track = models.ForeignKey(
        ResearchTrack, on_delete=models.PROTECT, related_name="applications", verbose_name="preferred research track"
    )
    personal_statement = models.TextField(
        blank=True, max_length=STATEMENT_MAX_LENGTH, validators=[MaxLengthValidator(STATEMENT_MAX_LENGTH)]
    )
    consented_at = models.DateTimeField(help_text="When the applicant agreed to the privacy notice.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "cohort",
                name="unique_application_email_per_cohort",
                violation_error_message="An application from this email address has already been made to this cohort.",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse(
            "enrolment:confirmation", kwargs={"slug": self.cohort.programme.slug, "reference": self.reference}
        )

    @property
    def holds_place(self) -> bool:
        return self.status in self.HOLDING

    def waitlist_position(self) -> int | None:
        """1 for the first on the waiting list; None when not waitlisted."""
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = (
            Application.objects.waitlisted()
            .filter(cohort_id=self.cohort_id)
            .filter(models.Q(created_at__lt=self.created_at) | models.Q(created_at=self.created_at, pk__lt=self.pk))
        )
        return ahead.count() + 1
