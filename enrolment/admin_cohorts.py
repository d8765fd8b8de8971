"""Admin for cohorts: their places, their waiting list, and staff offering freed places.

A cohort either offers a freed place at once to the next on its waiting list (``Cohort.auto_offer``,
the default) or leaves it for staff, who see "N free places, M waitlisted" on the cohort's page
and offer them from there (or with the list's action).
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from . import services
from .models import Cohort

OFFER_NOW_BUTTON = "_offer_waitlist"


def places_summary(cohort: Cohort) -> str:
    """Such as "1 free place, 1 waitlisted" (the waiting list counted afresh)."""
    free = cohort.places_left
    waitlisted = cohort.applications.waitlisted().count()
    return f"{free} free place{'' if free == 1 else 's'}, {waitlisted} waitlisted"


def places_free_note(cohort: Cohort, free: int) -> str:
    """What staff read when an application waits on the list while the cohort has free places."""
    places = f"{free} place{' is' if free == 1 else 's are'} free in {cohort.name}"
    if cohort.auto_offer:
        rule = (
            "This cohort offers freed places automatically: as soon as an offer is declined, withdrawn or "
            "expires, the waiting list is offered places in order, up to every free place."
        )
    else:
        rule = "This cohort leaves freed places for staff to offer from the cohort's page."
    return f"{places} while this application is on the waiting list. {rule}"


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "programme",
        "start_date",
        "application_deadline",
        "is_open",
        "capacity",
        "awaiting_review",
        "places_taken",
        "places_left_display",
        "waitlisted",
        "auto_offer",
    ]
    list_filter = ["programme", "is_open"]
    search_fields = ["name"]
    date_hierarchy = "start_date"
    actions = ["offer_from_waitlist"]
    change_form_template = "admin/enrolment/cohort/change_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("programme").with_places()

    @admin.display(description="Awaiting review", ordering="awaiting_count")
    def awaiting_review(self, cohort: Cohort) -> int:
        return cohort.awaiting_count

    @admin.display(description="Places taken (offers and acceptances)", ordering="places_taken")
    def places_taken(self, cohort: Cohort) -> int:
        return cohort.places_taken

    @admin.display(description="Places left")
    def places_left_display(self, cohort: Cohort) -> int:
        return cohort.places_left

    @admin.display(description="Waitlisted", ordering="waitlisted_count")
    def waitlisted(self, cohort: Cohort) -> int:
        return cohort.waitlisted_count

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        cohort = self.get_object(request, object_id)
        if cohort is not None:
            extra_context = {**(extra_context or {}), "places_summary": places_summary(cohort)}
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request: HttpRequest, obj: Cohort) -> HttpResponse:
        """ "Save and offer the free places now": the cohort's changes are saved, then the offers made."""
        if OFFER_NOW_BUTTON in request.POST:
            self._offer(request, obj)
            return HttpResponseRedirect(reverse("admin:enrolment_cohort_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def _offer(self, request: HttpRequest, cohort: Cohort) -> None:
        offered = services.cohort_offer_from_waitlist(cohort=cohort, user=request.user)
        if offered:
            references = ", ".join(a.reference for a in offered)
            self.message_user(
                request,
                f"{cohort.name}: {len(offered)} offered from the waiting list ({references}); each has been emailed.",
                messages.SUCCESS,
            )
        else:
            self.message_user(request, f"{cohort.name}: nobody offered ({places_summary(cohort)}).", messages.WARNING)

    @admin.action(description="Offer free places to the waiting list, in order", permissions=["change"])
    def offer_from_waitlist(self, request: HttpRequest, queryset: QuerySet) -> None:
        for cohort in queryset:
            self._offer(request, cohort)
