from django.contrib import admin

from activities.admin import CourseActivityInline
from core.admin_drafts import DraftAdminMixin
from core.admin_history import ContentHistoryAdmin
from core.admin_inlines import AdminAssets, LabelledTabularInline

from .models import Course, LearningOutcome, Teacher


class LearningOutcomeInline(LabelledTabularInline):
    """The course's outcomes, edited and reordered on the course's own page."""

    model = LearningOutcome
    fields = ["position", "text"]
    ordering = ["position", "pk"]
    extra = 0


class TeacherInline(admin.StackedInline):
    """The course's teaching staff, shown under "At a glance" on the course page."""

    model = Teacher
    fields = ["position", "name", "role", "bio"]
    ordering = ["position", "pk"]
    extra = 0
    classes = ["collapse"]


@admin.register(Course)
class CourseAdmin(DraftAdminMixin, ContentHistoryAdmin):
    Media = AdminAssets
    list_display = ["code", "title", "programme", "position", "outcome_count"]
    list_display_links = ["code", "title"]
    list_editable = ["position"]
    list_filter = ["programme"]
    search_fields = ["code", "title", "objective", "outcomes__text"]
    ordering = ["programme", "position"]
    fields = ["programme", "code", "title", "objective", "assessment", "position"]
    inlines = [LearningOutcomeInline, TeacherInline, CourseActivityInline]
    save_on_top = True

    @admin.display(description="Outcomes")
    def outcome_count(self, course: Course) -> int:
        return course.outcomes.count()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("programme").prefetch_related("outcomes")
