"""Change history with django-simple-history: which models are recorded, and a page's list histories.

Our own content models declare ``history = HistoricalRecords()``. The activity (its title and
instructions show on course pages), the activity embedding and the enrolment cohort belong to apps
whose models other work changes, so they are registered from here,
with their history tables in this app and the courses app: no change to those apps' code.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format
from django.utils.timezone import localtime


def history_register() -> None:
    """Record Activity, CourseActivity and Cohort changes too (called once, from ProgrammesConfig.ready)."""
    from simple_history import register

    from activities.models import Activity, CourseActivity
    from enrolment.models import Cohort

    if not hasattr(Activity, "history"):
        register(Activity, app="courses")
    if not hasattr(CourseActivity, "history"):
        register(CourseActivity, app="courses")
    if not hasattr(Cohort, "history"):
        register(Cohort, app="programmes")


def page_last_changed(*, parent: models.Model):
    """When the page's object or any row of its lists last changed (the sitemap's lastmod)."""
    moments = [parent.updated_at]
    for _label, records in list_histories(parent=parent):
        latest = records.values_list("history_date", flat=True).first()
        if latest is not None:
            moments.append(latest)
    return max(moments)


def list_histories(*, parent: models.Model) -> list[tuple[str, models.QuerySet]]:
    """The history of each list a programme or course page holds, newest first, deleted rows included."""
    from activities.models import CourseActivity
    from courses.models import Course, LearningOutcome, Teacher
    from enrolment.models import Cohort

    from .models import (
        CareerPathway,
        CurriculumArea,
        KeyFigure,
        LearningTheme,
        Partner,
        Programme,
        ResearchTrack,
        WhyPoint,
    )

    if isinstance(parent, Programme):
        field = "programme_id"
        lists = [KeyFigure, ResearchTrack, LearningTheme, CurriculumArea, Course, CareerPathway, Partner, WhyPoint]
        lists.append(Cohort)
    elif isinstance(parent, Course):
        field = "course_id"
        lists = [LearningOutcome, Teacher, CourseActivity]
    else:
        return []
    return [
        (
            str(model._meta.verbose_name_plural),
            model.history.filter(**{field: parent.pk}).select_related("history_user").order_by("-history_date"),
        )
        for model in lists
    ]


DRAFT_PUBLISHED = "Draft published"


def history_moment(moment) -> str:
    """A history date as staff read it, in the site's time zone: 05 Dec 2026 10:12."""
    return date_format(localtime(moment), "d M Y H:i")


def restored_reason(moment) -> str:
    """The change reason recorded when a page or a row is made as it was at `moment`."""
    return f"Restored from {history_moment(moment)}"


def record_title(record, fields: list[str]) -> str:
    """What one history record did, in a few words: "Created", "Deleted", "Changed tagline, overview"."""
    if record.history_type == "+":
        return "Created"
    if record.history_type == "-":
        return "Deleted"
    if not fields:
        return "Changed"
    opts = record.instance_type._meta
    names = []
    for name in fields:
        try:
            names.append(str(opts.get_field(name).verbose_name))
        except FieldDoesNotExist:  # already a label ("Overview heading", from the history library's diff)
            names.append(name[:1].lower() + name[1:] if name[1:2].islower() else name)
    return "Changed " + ", ".join(names)
