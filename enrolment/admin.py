"""Admin for admissions staff: cohorts with their places, the applications to decide, their history.

Django's model permissions decide who sees what: staff without the application permissions
get no Applications entry and a 403 at its URLs. Decisions need the change permission, the
exports the view permission, and erasing personal data the delete permission. Every change
of status goes through ``enrolment.services``, which keeps the cap and writes the audit trail.
"""

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format

from . import personal_data, services
from .admin_cohorts import CohortAdmin as CohortAdmin  # registers the cohorts' admin
from .admin_cohorts import places_free_note
from .admin_parts import (
    DECIDE_BUTTON,
    MOVE_BUTTON,
    ApplicationEventInline,
    ApplicationPageForm,
    DecisionForm,
    EraseForm,
    MoveForm,
)
from .exports import applications_csv
from .models import Application, UnverifiedApplication

S = Application.Status


DECISIONS: dict[str, Callable[..., Application]] = {
    "offer": services.application_offer,
    "waitlist": services.application_waitlist,
    "reject": services.application_reject,
}


class ApplicationAdminBase(admin.ModelAdmin):
    # What staff scan first, narrow enough for 1280 px beside the filters; the email, track and the
    # rest are on the application's page (and the search still finds an email).
    list_display = ["reference", "full_name", "status", "received", "cohort_name"]
    list_filter = ["cohort", "status", "research_track", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["reference", "full_name", "email"]
    date_hierarchy = "created_at"
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["reference", "cohort", "status", "offer_expires_at", "waitlist_place"]}),
        ("Applicant", {"fields": ["full_name", "email", "country"]}),
        ("Qualifications and study", {"fields": ["qualification", "qualification_subject", "research_track"]}),
        ("Personal statement", {"fields": ["personal_statement"]}),
        ("Review", {"fields": ["reviewer_notes"]}),
        ("Record", {"fields": ["consented_at", "created_at", "verified_at", "updated_at", "erased_at"]}),
    ]
    # Only the reviewer's notes are typed in; the status changes through decisions, which keep the cap.
    readonly_fields = [name for _, section in fieldsets for name in section["fields"] if name != "reviewer_notes"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).for_admin()

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Applications come from applicants, through the form.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Deleting would lose the statistics and the history: personal data is erased instead.
        return False

    def has_erase_permission(self, request: HttpRequest, obj=None) -> bool:
        """Erasing personal data takes the model's delete permission (the row itself is kept)."""
        return request.user.has_perm("enrolment.delete_application")

    @admin.display(description="Received", ordering="created_at")
    def received(self, application: Application) -> str:
        return date_format(timezone.localtime(application.created_at), "j M Y")

    @admin.display(description="Cohort", ordering="cohort__start_date")
    def cohort_name(self, application: Application) -> str:
        return application.cohort.name

    @admin.display(description="Place on the waiting list")
    def waitlist_place(self, application: Application) -> str:
        return str(application.waitlist_position() or "—")


@admin.register(Application)
class ApplicationAdmin(ApplicationAdminBase):
    """Verified applications: the ones admissions staff read and decide."""

    form = ApplicationPageForm
    inlines = [ApplicationEventInline]
    change_form_template = "admin/enrolment/application/change_form.html"
    actions = ["offer", "waitlist", "reject", "export_csv", "export_json", "erase"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).verified()

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/decide/", wrap(self.decide_view), name="enrolment_application_decide"),
            path("<int:pk>/move/", wrap(self.move_view), name="enrolment_application_move"),
            path("<int:pk>/export/", wrap(self.export_view), name="enrolment_application_export"),
            path("<int:pk>/erase/", wrap(self.erase_view), name="enrolment_application_erase"),
            *super().get_urls(),
        ]

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        application = self.get_object(request, object_id)
        if application is not None and application.status == S.WAITLISTED and application.cohort.places_left:
            note = places_free_note(application.cohort, application.cohort.places_left)
            extra_context = {**(extra_context or {}), "places_free_note": note}
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request: HttpRequest, obj: Application) -> HttpResponse:
        """After the notes are saved, the decision or the move whose own button was pressed."""
        if DECIDE_BUTTON in request.POST:
            self._record_decision(request, obj, DecisionForm(request.POST))
            return self._back(obj)
        if MOVE_BUTTON in request.POST:
            self._record_move(request, obj, MoveForm(request.POST))
            return self._back(obj)
        return super().response_change(request, obj)

    def _get(self, request: HttpRequest, pk: int, permission: str) -> Application:
        application = get_object_or_404(self.get_queryset(request), pk=pk)
        allowed = {
            "view": self.has_view_permission,
            "change": self.has_change_permission,
            "delete": self.has_erase_permission,
        }[permission](request, application)
        if not allowed:
            raise PermissionDenied
        return application

    def _back(self, application: Application) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:enrolment_application_change", args=[application.pk]))

    @staticmethod
    def _decide(request: HttpRequest, name: str, application: Application, message: str = "") -> str | None:
        """One decision on one application; the refusal's words when it is not allowed."""
        try:
            DECISIONS[name](application=application, user=request.user, message=message)
        except services.TransitionRefused as refused:
            return str(refused)
        return None

    def decide_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._posted(request, pk, self._record_decision, DecisionForm)

    def move_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._posted(request, pk, self._record_move, MoveForm)

    def _posted(self, request: HttpRequest, pk: int, record, form_class) -> HttpResponse:
        """A decision's or a move's own POST: recorded on the application, then back to its page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        application = self._get(request, pk, "change")
        record(request, application, form_class(request.POST))
        return self._back(application)

    def _record_decision(self, request: HttpRequest, application: Application, form: DecisionForm) -> None:
        """Make the decision through the services and say what happened (a refusal keeps the message)."""
        if not form.is_valid():
            self.message_user(request, "Choose a decision (offer, waiting list or reject).", messages.ERROR)
            return
        name, message = form.cleaned_data["decision"], form.cleaned_data["message"]
        refused = self._decide(request, name, application, message)
        if refused:
            unsent = f" The message was not sent: “{message}”" if message.strip() else ""
            self.message_user(request, refused + unsent, messages.ERROR)
            return
        application.refresh_from_db()
        self.message_user(
            request,
            f"{application.reference}: {application.get_status_display()}. The applicant has been emailed.",
            messages.SUCCESS,
        )
        if application.status == S.WAITLISTED:
            self._warn_places_free(request, application)

    def _record_move(self, request: HttpRequest, application: Application, form: MoveForm) -> None:
        if not form.is_valid():
            self.message_user(request, "Give the new place (a whole number from 1) and a reason.", messages.ERROR)
            return
        try:
            application = services.application_move_on_waitlist(
                application=application, user=request.user, **form.cleaned_data
            )
        except services.TransitionRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
        else:
            place = application.waitlist_position()
            self.message_user(request, f"{application.reference} is now number {place} on the waiting list.")

    def _warn_places_free(self, request: HttpRequest, application: Application) -> None:
        """Staff who waitlist while places are free are told, and told who offers those places."""
        free = application.cohort.places_left
        if free:
            self.message_user(request, places_free_note(application.cohort, free), messages.WARNING)

    def export_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = self._get(request, pk, "view")
        response = JsonResponse(
            personal_data.application_export(application=application), json_dumps_params={"indent": 2}
        )
        response["Content-Disposition"] = f'attachment; filename="{application.reference}.json"'
        response["Cache-Control"] = "no-store, private"
        return response

    def erase_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = self._get(request, pk, "delete")
        form = EraseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            personal_data.application_erase(application=application, user=request.user)
            self.message_user(request, f"{application.reference}: personal data erased.", messages.SUCCESS)
            return self._back(application)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Erase the personal data of {application.reference}?",
            "application": application,
            "form": form,
            "opts": self.opts,
            "goes": personal_data.ERASED,
            "stays": personal_data.KEPT,
        }
        return TemplateResponse(request, "admin/enrolment/application/erase.html", context, status=200)

    def _bulk(self, request: HttpRequest, queryset: QuerySet, name: str, done: str) -> None:
        changed, refusals = 0, []
        for application in queryset:
            refused = self._decide(request, name, application)
            if refused:
                refusals.append(refused)
            else:
                changed += 1
        self.message_user(request, f"{changed} {done}; each applicant has been emailed.", messages.SUCCESS)
        for refused in refusals[:10]:
            self.message_user(request, refused, messages.WARNING)
        if len(refusals) > 10:  # the first ten say why; the rest are counted
            self.message_user(request, f"… and {len(refusals) - 10} more not changed.", messages.WARNING)

    @admin.action(description="Offer a place to the selected applications", permissions=["change"])
    def offer(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._bulk(request, queryset.order_by("created_at", "pk"), "offer", "offered")

    @admin.action(description="Put the selected applications on the waiting list", permissions=["change"])
    def waitlist(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._bulk(request, queryset.order_by("created_at", "pk"), "waitlist", "put on the waiting list")

    @admin.action(description="Reject the selected applications", permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._bulk(request, queryset, "reject", "rejected")

    @admin.action(description="Export the selected applications as CSV", permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return applications_csv(queryset.for_admin().order_by("created_at", "pk"))

    @admin.action(description="Export one applicant's personal data (JSON)", permissions=["view"])
    def export_json(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one application to export its data.", messages.WARNING)
            return None
        return self.export_view(request, queryset.get().pk)

    @admin.action(description="Erase one applicant's personal data…", permissions=["erase"])
    def erase(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one application to erase its data.", messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("admin:enrolment_application_erase", args=[queryset.get().pk]))


@admin.register(UnverifiedApplication)
class UnverifiedApplicationAdmin(ApplicationAdminBase):
    list_display = ["reference", "full_name", "email", "received", "cohort_name"]
    list_filter = ["cohort", ("created_at", admin.DateFieldListFilter)]
    actions = None

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(status=S.UNVERIFIED)
