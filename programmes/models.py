"""Content of a programme page: the institution, the programme and its ordered lists.

Everything a visitor reads is stored here and edited in admin; templates hold
layout only. Figures that the data can derive (the number of research tracks,
the number of a "Why" point, the intake limit in the intake note) are derived.
"""

from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from core.models import Orderable

from .text import paragraphs_split


class Institution(models.Model):
    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(max_length=120)
    history = HistoricalRecords()

    class Meta:
        ordering = ["institution__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="unique_department_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.institution})"


class ProgrammeQuerySet(models.QuerySet):
    def published(self) -> "ProgrammeQuerySet":
        """Programmes visible to the public, in the order staff set."""
        return self.filter(is_published=True).order_by("position", "pk")

    def for_page(self) -> "ProgrammeQuerySet":
        """Everything the programme page shows, in a fixed number of queries."""
        Course = apps.get_model("courses", "Course")
        LearningOutcome = apps.get_model("courses", "LearningOutcome")
        CourseActivity = apps.get_model("activities", "CourseActivity")
        return self.select_related("department__institution").prefetch_related(
            "key_figures",
            "research_tracks",
            "learning_themes",
            "curriculum_areas",
            "career_pathways",
            "partners",
            "why_points",
            models.Prefetch("courses", queryset=Course.objects.order_by("position", "pk")),
            models.Prefetch("courses__outcomes", queryset=LearningOutcome.objects.order_by("position", "pk")),
            models.Prefetch(
                "courses__activity_embeddings",
                queryset=CourseActivity.objects.select_related("activity").order_by("position", "pk"),
            ),
            models.Prefetch(
                "cohorts",
                queryset=apps.get_model("enrolment", "Cohort").objects.accepting().order_by("start_date", "pk"),
                to_attr="accepting_cohorts",
            ),
        )


class Programme(models.Model):
    """One degree programme and the copy of its page."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="programmes")
    number = models.PositiveIntegerField(help_text="The programme's number within its department, such as 16.")
    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    tagline = models.TextField(help_text="The lead paragraph under the title.")
    meta_description = models.CharField(
        max_length=300, blank=True, help_text="For search engines; the tagline's start is used when empty."
    )
    level = models.CharField(max_length=60)
    duration = models.CharField(max_length=60)
    study_mode = models.CharField(max_length=60)
    focus_badge = models.CharField(max_length=60, blank=True)
    overview_heading = models.CharField(max_length=120)
    overview = models.TextField(help_text="Paragraphs separated by a blank line.")
    learn_heading = models.CharField(max_length=120)
    curriculum_heading = models.CharField(max_length=120)
    catalogue_heading = models.CharField(max_length=120)
    catalogue_intro = models.CharField(max_length=300, blank=True)
    objective_heading = models.CharField(max_length=60, help_text="Heading over each course's objective.")
    outcomes_heading = models.CharField(max_length=60, help_text="Heading over each course's learning outcomes.")
    careers_heading = models.CharField(max_length=120)
    partners_heading = models.CharField(
        max_length=120, help_text="Read by screen readers; the partner band shows no visible heading."
    )
    why_heading = models.CharField(max_length=120)
    hero_activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Its figure fills the right of the page's top band on wide screens; gradient descent when empty.",
    )
    intake_limit = models.PositiveIntegerField(default=40, help_text="Places per cohort.")
    enrol_call_to_action = models.CharField(max_length=160)
    intake_note = models.CharField(
        max_length=300,
        help_text="Shown under the enrol button. {intake_limit} is replaced by the intake limit.",
    )
    # Material information (CMA consumer-law guidance): each optional, shown in "Key facts" only when filled.
    fee_home = models.CharField(
        "tuition fee, home students", max_length=160, blank=True, help_text="The total fee for the programme."
    )
    fee_international = models.CharField("tuition fee, international students", max_length=160, blank=True)
    additional_costs = models.TextField(
        blank=True, help_text="Costs beyond tuition. Paragraphs separated by a blank line."
    )
    funding = models.TextField("funding and scholarships", blank=True)
    entry_degree = models.TextField("entry requirements: degree", blank=True, help_text="Such as the class of degree.")
    entry_subjects = models.TextField("entry requirements: subjects", blank=True)
    entry_english = models.TextField("entry requirements: English language", blank=True)
    location = models.CharField(max_length=160, blank=True, help_text="Where the teaching happens.")
    contact_hours = models.PositiveSmallIntegerField(
        "contact hours per week", null=True, blank=True, help_text="Scheduled teaching, in hours per week."
    )
    self_study_hours = models.PositiveSmallIntegerField(
        "self-study hours per week", null=True, blank=True, help_text="Expected independent study, in hours per week."
    )
    assessment = models.TextField(blank=True, help_text="How the programme is assessed.")
    is_published = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0, help_text="Order among programmes; the first is the home page.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["department", "number"], name="unique_programme_number"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", kwargs={"slug": self.slug})

    def get_preview_url(self) -> str:
        return reverse("programmes:preview", kwargs={"slug": self.slug})

    @property
    def overview_paragraphs(self) -> list[str]:
        return paragraphs_split(text=self.overview)

    @cached_property
    def open_cohort(self):
        """The earliest cohort taking applications (its start date and places), prefetched by ``for_page``."""
        cohorts = getattr(self, "accepting_cohorts", None)
        if cohorts is None:
            return self.cohorts.accepting().order_by("start_date", "pk").first()
        return cohorts[0] if cohorts else None

    @property
    def has_fees(self) -> bool:
        return bool(self.fee_home or self.fee_international or self.additional_costs)

    @property
    def has_entry_requirements(self) -> bool:
        return bool(self.entry_degree or self.entry_subjects or self.entry_english)

    @property
    def cohort_capacity(self) -> int:
        """Places in the next cohort taking applications; the intake limit when none is open."""
        cohort = self.open_cohort
        return cohort.capacity if cohort else self.intake_limit

    @property
    def intake_note_text(self) -> str:
        return self.intake_note.replace("{intake_limit}", str(self.cohort_capacity))

    @property
    def description(self) -> str:
        """The meta description: the staff's own, or the tagline cut at a word near 160 characters."""
        if self.meta_description:
            return self.meta_description
        if len(self.tagline) <= 160:
            return self.tagline
        return self.tagline[:157].rsplit(" ", 1)[0] + "…"


class KeyFigure(Orderable):
    """A figure in the band under the title. Derived figures are counted, not typed."""

    class Source(models.TextChoices):
        TEXT = "", "Typed value"
        RESEARCH_TRACKS = "research_tracks", "Number of research tracks"
        COURSES = "courses", "Number of courses"
        PARTNERS = "partners", "Number of partners"
        CAREER_PATHWAYS = "career_pathways", "Number of career pathways"
        INTAKE_LIMIT = "intake_limit", "Intake limit per cohort"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="key_figures")
    value = models.CharField(max_length=20, blank=True, help_text="Leave empty when the figure is derived.")
    derived_from = models.CharField(max_length=30, choices=Source.choices, blank=True, default="")
    label = models.CharField(max_length=60)
    history = HistoricalRecords()

    class Meta(Orderable.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.display_value} {self.label}"

    @property
    def display_value(self) -> str:
        if not self.derived_from:
            return self.value
        if self.derived_from == self.Source.INTAKE_LIMIT:
            return str(self.programme.cohort_capacity)
        # Counted from the prefetched list, so the page's query count stays fixed.
        return str(len(getattr(self.programme, self.derived_from).all()))


# The programme's ordered lists live in lists.py; imported here so that Django and every caller find them.
from programmes.lists import (  # noqa: E402
    CareerPathway,
    CurriculumArea,
    LearningTheme,
    Partner,
    ResearchTrack,
    WhyPoint,
)

__all__ = ["CareerPathway", "CurriculumArea", "LearningTheme", "Partner", "ResearchTrack", "WhyPoint"]
