"""Change history with django-simple-history: which models are recorded, and a page's list histories.

Our own content models declare ``history = HistoricalRecords()``. The activity (its title and
instructions show on course pages), the activity embedding and the enrolment cohort belong to apps
whose models other work changes, so they are registered from here,
with their history tables in this app and the courses app: no change to those apps' code.
"""

from django.db import models


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
