from django.apps import apps
from django.contrib import admin

from core.admin_drafts import DraftAdminMixin
from core.admin_history import ContentHistoryAdmin, HistoryAdmin
from core.admin_inlines import AdminAssets, LabelledTabularInline

from .models import (
    CareerPathway,
    CurriculumArea,
    Department,
    Institution,
    KeyFigure,
    LearningTheme,
    Partner,
    Programme,
    ResearchTrack,
    WhyPoint,
)


class OrderedInline(LabelledTabularInline):
    """An ordered list edited on the programme's page, reordered with up/down buttons, folded away at first."""

    extra = 0
    ordering = ["position", "pk"]
    classes = ["collapse"]


class KeyFigureInline(OrderedInline):
    model = KeyFigure
    fields = ["position", "value", "derived_from", "label"]


class ResearchTrackInline(OrderedInline):
    model = ResearchTrack
    fields = ["position", "title", "slug"]
    prepopulated_fields = {"slug": ["title"]}


class LearningThemeInline(OrderedInline):
    model = LearningTheme
    fields = ["position", "title", "detail"]


class CurriculumAreaInline(OrderedInline):
    model = CurriculumArea
    fields = ["position", "symbol", "icon", "icon_is_meaningful", "title", "description"]


class CourseInline(OrderedInline):
    model = apps.get_model("courses", "Course")
    fields = ["position", "code", "title"]
    show_change_link = True


class CareerPathwayInline(OrderedInline):
    model = CareerPathway
    fields = ["position", "symbol", "icon", "icon_is_meaningful", "title", "description"]


class PartnerInline(OrderedInline):
    model = Partner
    fields = ["position", "title"]


class WhyPointInline(OrderedInline):
    model = WhyPoint
    fields = ["position", "title", "description"]


@admin.register(Programme)
class ProgrammeAdmin(DraftAdminMixin, ContentHistoryAdmin):
    Media = AdminAssets
    list_display = ["title", "department", "number", "level", "intake_limit", "is_published", "position"]
    list_editable = ["is_published", "position"]
    list_filter = ["is_published", "department"]
    search_fields = ["title", "tagline"]
    prepopulated_fields = {"slug": ["title"]}
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["department", "number", "title", "slug", "is_published", "position"]}),
        (
            "Introduction",
            {
                "fields": [
                    "tagline",
                    "meta_description",
                    "level",
                    "duration",
                    "study_mode",
                    "focus_badge",
                    "hero_activity",
                ]
            },
        ),
        ("Overview", {"fields": ["overview_heading", "overview"]}),
        (
            "Section headings",
            {
                "classes": ["collapse"],
                "fields": [
                    "learn_heading",
                    "curriculum_heading",
                    "catalogue_heading",
                    "catalogue_intro",
                    "objective_heading",
                    "outcomes_heading",
                    "careers_heading",
                    "partners_heading",
                    "why_heading",
                ],
            },
        ),
        ("Enrolment", {"classes": ["collapse"], "fields": ["intake_limit", "enrol_call_to_action", "intake_note"]}),
        (
            "Key facts (material information)",
            {
                "classes": ["collapse"],
                "description": "Each fact is optional and shown in the page's Key facts band only when filled. "
                "The start date comes from the open cohort (Enrolment › Cohorts); duration and mode from above.",
                "fields": [
                    ("fee_home", "fee_international"),
                    "additional_costs",
                    "funding",
                    "entry_degree",
                    "entry_subjects",
                    "entry_english",
                    "location",
                    ("contact_hours", "self_study_hours"),
                    "assessment",
                ],
            },
        ),
    ]
    inlines = [
        KeyFigureInline,
        ResearchTrackInline,
        LearningThemeInline,
        CurriculumAreaInline,
        CourseInline,
        CareerPathwayInline,
        PartnerInline,
        WhyPointInline,
    ]


@admin.register(Institution)
class InstitutionAdmin(HistoryAdmin):
    list_display = ["name", "short_name"]
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(HistoryAdmin):
    list_display = ["name", "institution"]
    list_filter = ["institution"]
    search_fields = ["name"]
