from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_GET

from activities.kinds import get_kind
from activities.models import Activity, CourseActivity, starting_param_errors
from activities.web.forms import CourseActivityForm, preview_html, starting_values
from core.admin_history import HistoryAdmin


class CourseActivityInline(admin.StackedInline):
    """A course's activities, in order, each with its starting state edited with its own controls."""

    model = CourseActivity
    form = CourseActivityForm
    extra = 0
    fields = ("position", "activity", "params")
    ordering = ("position", "pk")
    classes = ("starting-state-inline",)

    class Media:
        js = ["vendor/htmx/htmx.min.js"]


@admin.register(Activity)
class ActivityAdmin(HistoryAdmin):
    list_display = ("title", "slug", "embedding_count")
    search_fields = ("title", "slug", "instructions")
    readonly_fields = ("preview",)
    fields = ("slug", "title", "instructions", "hint", "preview")

    @admin.display(description="Courses")
    def embedding_count(self, obj: Activity) -> int:
        return obj.embeddings.count()

    @admin.display(description="Preview (default parameters)")
    def preview(self, obj: Activity) -> str:
        return preview_html(obj.kind, {}) if obj.pk else "—"


@admin.register(CourseActivity)
class CourseActivityAdmin(admin.ModelAdmin):
    form = CourseActivityForm
    list_display = ("course", "activity", "position", "params")
    list_editable = ("position",)
    list_filter = ("course", "activity")
    list_select_related = ("course", "activity")
    ordering = ("course__position", "course__pk", "position", "pk")
    fields = ("course", "activity", "position", "params")

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["vendor/htmx/htmx.min.js"]

    def get_urls(self):
        return [
            path(
                "starting-state/",
                self.admin_site.admin_view(self.starting_state_view),
                name="activities_courseactivity_starting_state",
            ),
            *super().get_urls(),
        ]

    @staticmethod
    @require_GET
    def starting_state_view(request: HttpRequest) -> HttpResponse:
        """The preview fragment for a starting state being edited (htmx), with the reasons when it is not valid."""
        kind = get_kind(str(request.GET.get("kind", ""))[:40])
        prefix = str(request.GET.get("prefix", ""))[:100]
        if kind is None or not prefix:
            return HttpResponseBadRequest("Name an activity kind and the field prefix.", content_type="text/plain")
        values = starting_values(kind, request.GET, prefix)
        errors = starting_param_errors(kind, values)
        if errors:
            items = format_html_join("", "<li>{}</li>", ((e,) for e in errors))
            html = format_html('<ul class="errorlist">{}</ul><p>Fix these to see a preview.</p>', items)
        else:
            html = preview_html(kind, values)
        response = HttpResponse(html)
        response["Cache-Control"] = "private, no-store"
        return response
