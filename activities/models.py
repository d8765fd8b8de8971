"""The activity catalogue and the courses that embed its activities.

An ``Activity`` is a catalogue record (title and instructions, edited in admin) for one registered
kind, whose computing and drawing live in code (``activities.kinds``). A ``CourseActivity`` places
an activity in a course, in the order staff set, with optional starting parameters.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from activities.engine import params as param_specs
from activities.kinds import REGISTRY, get_kind
from activities.kinds.base import Kind
from core.models import Orderable


def validate_kind(slug: str) -> None:
    """The slug must name a registered activity kind."""
    if get_kind(slug) is None:
        known = ", ".join(REGISTRY) or "none yet"
        raise ValidationError(f"“{slug}” is not an activity kind. Known kinds: {known}.")


class Activity(models.Model):
    slug = models.SlugField(
        max_length=40, unique=True, validators=[validate_kind], help_text="The kind of activity, such as clt."
    )
    title = models.CharField(max_length=160)
    instructions = models.TextField(help_text="What to do, shown under the title.")
    hint = models.CharField(
        max_length=160, blank=True, help_text="Shown under the figure, such as “Click on the plot to drop a particle.”"
    )
    # The table was created by the courses app, which recorded this model before it recorded itself.
    history = HistoricalRecords(table_name="courses_historicalactivity")

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:page", kwargs={"slug": self.slug})

    @property
    def kind(self) -> Kind | None:
        return get_kind(self.slug)


def starting_param_errors(kind: Kind, values: object) -> list[str]:
    """Readable messages, one per bad parameter, for a course's starting parameters."""
    if not isinstance(values, dict):
        return ['Starting parameters must be a JSON object, such as {"a": 2}.']
    names = [spec.name for spec in kind.params]
    errors = [
        f"“{key}” is not a parameter of this activity; its parameters are {', '.join(names)}."
        for key in values
        if key not in names
    ]
    for spec in kind.params:
        if spec.name not in values:
            continue
        value = values[spec.name]
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            errors.append(f"“{spec.name}” must be a number or text, not {type(value).__name__}.")
            continue
        try:
            spec.parse({spec.name: value})
        except param_specs.ParamError as exc:
            errors.append(f"“{spec.name}”: {exc}")
    if not errors:
        try:  # the kind's own checks across parameters (such as a distribution's range)
            kind.compute(param_specs.parse(kind.params, values))
        except param_specs.ParamError as exc:
            errors.append(str(exc))
    return errors


class CourseActivity(Orderable):
    """An activity embedded in a course's section, with its starting parameters."""

    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="activity_embeddings")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="embeddings")
    params = models.JSONField(
        "starting parameters",
        default=dict,
        blank=True,
        help_text='Optional, such as {"a": 2, "d": 0.5}; the activity\'s defaults fill the rest.',
    )
    history = HistoricalRecords(table_name="courses_historicalcourseactivity")  # table created by courses

    class Meta(Orderable.Meta):
        verbose_name = "course activity"
        verbose_name_plural = "course activities"
        constraints = [
            models.UniqueConstraint(fields=["course", "activity"], name="unique_course_activity"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} in {self.course.code}"

    def clean(self) -> None:
        super().clean()
        if self.params is None:
            self.params = {}
        if not self.activity_id:
            return
        kind = self.activity.kind
        if kind is None:
            raise ValidationError({"activity": f"“{self.activity.slug}” is not a registered activity kind."})
        errors = starting_param_errors(kind, self.params)
        if errors:
            raise ValidationError({"params": errors})
