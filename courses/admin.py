from django.contrib import admin

from activities.admin import CourseActivityInline

from .models import Course, LearningOutcome


class LearningOutcomeInline(admin.TabularInline):
    """The course's outcomes, edited and reordered on the course's own page."""

    model = LearningOutcome
    fields = ["position", "text"]
    ordering = ["position", "pk"]
    extra = 1


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "programme", "position", "outcome_count"]
    list_display_links = ["code", "title"]
    list_editable = ["position"]
    list_filter = ["programme"]
    search_fields = ["code", "title", "objective", "outcomes__text"]
    ordering = ["programme", "position"]
    fields = ["programme", "code", "title", "objective", "position"]
    inlines = [LearningOutcomeInline, CourseActivityInline]
    save_on_top = True

    @admin.display(description="Outcomes")
    def outcome_count(self, course: Course) -> int:
        return course.outcomes.count()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("programme").prefetch_related("outcomes")
