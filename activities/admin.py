from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from activities import params as param_specs
from activities.models import Activity, CourseActivity, starting_param_errors


def _preview(kind, values: dict | None, width: int = 280) -> str:
    """An <img> of the plot for these parameters, or a note when they are not valid."""
    if kind is None:
        return "—"
    values = values or {}
    if starting_param_errors(kind, values):
        return "Fix the starting parameters to see a preview."
    query = param_specs.encode(kind.params, param_specs.parse(kind.params, values))
    url = reverse("activities:plot", kwargs={"slug": kind.slug}) + f"?{query}"
    return format_html(
        '<img src="{}" srcset="{} 1x, {}&amp;scale=2 2x" width="{}" height="{}" alt="Preview of the starting state">',
        url,
        url,
        url,
        width,
        width * 3 // 4,
    )


class CourseActivityInline(admin.TabularInline):
    """A course's activities, in order, each with optional starting parameters and a preview."""

    model = CourseActivity
    extra = 0
    fields = ("position", "activity", "params", "preview")
    readonly_fields = ("preview",)
    ordering = ("position", "pk")

    @admin.display(description="Preview")
    def preview(self, obj: CourseActivity) -> str:
        if obj.pk is None or not obj.activity_id:
            return "Saved embeddings show a preview here."
        return _preview(obj.activity.kind, obj.params)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "embedding_count")
    search_fields = ("title", "slug", "instructions")
    readonly_fields = ("preview",)
    fields = ("slug", "title", "instructions", "hint", "preview")

    @admin.display(description="Courses")
    def embedding_count(self, obj: Activity) -> int:
        return obj.embeddings.count()

    @admin.display(description="Preview (default parameters)")
    def preview(self, obj: Activity) -> str:
        return _preview(obj.kind, {}) if obj.pk else "—"


@admin.register(CourseActivity)
class CourseActivityAdmin(admin.ModelAdmin):
    list_display = ("course", "activity", "position", "params")
    list_editable = ("position",)
    list_filter = ("course", "activity")
    list_select_related = ("course", "activity")
    ordering = ("course__position", "course__pk", "position", "pk")
    fields = ("course", "activity", "position", "params", "preview")
    readonly_fields = ("preview",)

    @admin.display(description="Preview of the starting state")
    def preview(self, obj: CourseActivity) -> str:
        if obj.pk is None or not obj.activity_id:
            return "Save to see a preview."
        return _preview(obj.activity.kind, obj.params, width=560)
