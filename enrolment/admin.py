"""Admin for admissions staff: cohorts with their places, and the applications to work through.

Django's model permissions decide who sees what: staff without the application
permissions get no Applications entry and a 403 at its URLs. The actions that
change statuses need the change permission; the CSV export needs view.
"""

import csv
from collections.abc import Iterable

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from . import services
from .models import Application, Cohort

# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_COLUMNS = [
    ("Reference", lambda a: a.reference),
    ("Full name", lambda a: a.full_name),
    ("Email", lambda a: a.email),
    ("Country", lambda a: a.get_country_display()),
    ("Highest qualification", lambda a: a.get_qualification_display()),
    ("Subject", lambda a: a.qualification_subject),
    ("Preferred research track", lambda a: a.research_track.title),
    ("Cohort", lambda a: a.cohort.name),
    ("Status", lambda a: a.get_status_display()),
    ("Personal statement", lambda a: a.personal_statement),
    ("Applied at", lambda a: timezone.localtime(a.created_at).strftime("%Y-%m-%d %H:%M")),
]


def csv_safe(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading formula character is escaped with a quote."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def applications_csv(applications: Iterable[Application]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="applications-{stamp}.csv"'
    response.write("\ufeff")  # so that Excel reads UTF-8 names correctly
    writer = csv.writer(response)
    writer.writerow([title for title, _ in CSV_COLUMNS])
    for application in applications:
        writer.writerow([csv_safe(get(application)) for _, get in CSV_COLUMNS])
    return response


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "programme",
        "start_date",
        "application_deadline",
        "is_open",
        "capacity",
        "places_taken",
        "places_left_display",
        "waitlisted",
    ]
    list_filter = ["programme", "is_open"]
    search_fields = ["name"]
    date_hierarchy = "start_date"
    actions = ["fill_from_waitlist"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("programme").with_places()

    @admin.display(description="Places taken", ordering="places_taken")
    def places_taken(self, cohort: Cohort) -> int:
        return cohort.places_taken

    @admin.display(description="Places left")
    def places_left_display(self, cohort: Cohort) -> int:
        return cohort.places_left

    @admin.display(description="Waitlisted", ordering="waitlisted_count")
    def waitlisted(self, cohort: Cohort) -> int:
        return cohort.waitlisted_count

    @admin.action(description="Fill free places from the waiting list (earliest first)", permissions=["change"])
    def fill_from_waitlist(self, request: HttpRequest, queryset: QuerySet) -> None:
        for cohort in queryset:
            promoted = services.cohort_fill_from_waitlist(cohort=cohort)
            self.message_user(request, f"{cohort.name}: {len(promoted)} moved from the waiting list into free places.")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "full_name", "email", "cohort", "status", "research_track", "created_at"]
    list_filter = ["cohort", "status", "research_track", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["reference", "full_name", "email"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = ["offer", "decline", "promote", "mark_accepted", "mark_withdrawn", "export_csv"]
    readonly_fields = ["reference", "cohort", "consented_at", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["reference", "cohort", "status"]}),
        ("Applicant", {"fields": ["full_name", "email", "country"]}),
        ("Qualifications and study", {"fields": ["qualification", "qualification_subject", "research_track"]}),
        ("Personal statement", {"fields": ["personal_statement"]}),
        ("Record", {"fields": ["consented_at", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).for_admin()

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Applications come from applicants, through the form that counts places.
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Application | None = None) -> list[str]:
        # The status changes through the actions, which keep the cap; not by editing one row.
        return [*self.readonly_fields, "status"]

    @admin.action(description="Offer a place to the selected (submitted) applications", permissions=["change"])
    def offer(self, request: HttpRequest, queryset: QuerySet) -> None:
        changed = services.applications_offer(applications=queryset)
        skipped = queryset.count() - changed
        self.message_user(request, f"{changed} offered.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} not offered: only submitted applications (which hold a place) can be offered. "
                "Move waitlisted ones into free places first.",
                messages.WARNING,
            )

    @admin.action(description="Decline the selected applications", permissions=["change"])
    def decline(self, request: HttpRequest, queryset: QuerySet) -> None:
        changed = services.applications_decline(applications=queryset)
        skipped = queryset.count() - changed
        self.message_user(
            request,
            f"{changed} declined. Places they held are free: fill them from the waiting list.",
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(request, f"{skipped} left as they were (already accepted, declined or withdrawn).")

    @admin.action(description="Move the selected waitlisted applications into free places", permissions=["change"])
    def promote(self, request: HttpRequest, queryset: QuerySet) -> None:
        selected = list(queryset.filter(status=Application.Status.WAITLISTED).select_related("cohort"))
        cohorts = {a.cohort_id: a.cohort for a in selected}
        moved = 0
        for cohort in cohorts.values():
            chosen = [a for a in selected if a.cohort_id == cohort.pk]
            moved += len(services.cohort_fill_from_waitlist(cohort=cohort, only=chosen))
        left = len(selected) - moved
        self.message_user(request, f"{moved} moved from the waiting list into free places.", messages.SUCCESS)
        if left:
            self.message_user(
                request, f"{left} still waitlisted: no free place left in their cohort.", messages.WARNING
            )

    @admin.action(description="Mark the selected offers as accepted by the applicant", permissions=["change"])
    def mark_accepted(self, request: HttpRequest, queryset: QuerySet) -> None:
        changed = services.applications_accept(applications=queryset)
        self.message_user(request, f"{changed} marked accepted; {queryset.count() - changed} had no open offer.")

    @admin.action(description="Mark the selected applications as withdrawn by the applicant", permissions=["change"])
    def mark_withdrawn(self, request: HttpRequest, queryset: QuerySet) -> None:
        changed = services.applications_withdraw(applications=queryset)
        self.message_user(
            request, f"{changed} marked withdrawn. Places they held are free: fill them from the waiting list."
        )

    @admin.action(description="Export the selected applications as CSV", permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return applications_csv(queryset.for_admin().order_by("created_at", "pk"))
