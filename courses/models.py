"""Courses of a programme and their ordered learning outcomes."""

from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from core.models import Orderable


class CourseQuerySet(models.QuerySet):
    def for_page(self) -> "CourseQuerySet":
        """A course with its programme header and outcomes, for the course page."""
        CourseActivity = apps.get_model("activities", "CourseActivity")
        return self.select_related("programme__department__institution").prefetch_related(
            models.Prefetch("outcomes", queryset=LearningOutcome.objects.order_by("position", "pk")),
            models.Prefetch("teachers", queryset=Teacher.objects.order_by("position", "pk")),
            models.Prefetch(
                "activity_embeddings",
                queryset=CourseActivity.objects.select_related("activity").order_by("position", "pk"),
            ),
        )

    def neighbours(self, course: "Course") -> tuple["Course | None", "Course | None"]:
        """The courses before and after this one in its programme's catalogue, in one query."""
        siblings = list(self.filter(programme_id=course.programme_id).only("code", "slug", "title", "position"))
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == course.pk)
        return (siblings[index - 1] if index else None, siblings[index + 1] if index + 1 < len(siblings) else None)


class Course(Orderable):
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="courses")
    code = models.CharField(max_length=20, unique=True, help_text="Such as MLM 503.")
    slug = models.SlugField(max_length=20, unique=True, editable=False)
    title = models.CharField(max_length=160)
    objective = models.TextField()
    assessment = models.TextField(
        blank=True, help_text="Optional: how the course is assessed; shown under “At a glance” when filled."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Orderable.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs) -> None:
        self.slug = slugify(self.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("courses:detail", kwargs={"code": self.slug})

    def get_preview_url(self) -> str:
        return reverse("courses:preview", kwargs={"code": self.slug})

    @property
    def anchor(self) -> str:
        """The course's fragment id on the programme page, such as mlm-503."""
        return self.slug


class LearningOutcome(Orderable):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="outcomes")
    text = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta(Orderable.Meta):
        pass

    def __str__(self) -> str:
        return self.text


class Teacher(Orderable):
    """A member of a course's teaching staff, as staff enter them (the fixtures name nobody)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="teachers")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True, help_text="Such as “Course leader”.")
    bio = models.TextField("short biography", max_length=600, blank=True)
    history = HistoricalRecords()

    class Meta(Orderable.Meta):
        verbose_name = "teaching staff member"
        verbose_name_plural = "teaching staff"

    def __str__(self) -> str:
        return self.name
