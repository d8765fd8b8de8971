"""The parts of an application's admin page: its read-only history, and the forms for a decision,
a move on the waiting list and an erasure."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from .models import ApplicationEvent


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("offer", "Offer a place"), ("waitlist", "Put on the waiting list"), ("reject", "Reject")],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        label="Message to the applicant (optional)",
        help_text="Added to the email about this decision, and shown on the applicant's page.",
    )


class MoveForm(forms.Form):
    position = forms.IntegerField(min_value=1, max_value=100_000, label="New place on the waiting list")
    reason = forms.CharField(max_length=2000, label="Reason (recorded in the history)")


class EraseForm(forms.Form):
    confirm = forms.BooleanField(label="Yes, erase this applicant's personal data. This cannot be undone.")


class ApplicationEventInline(admin.TabularInline):
    """The audit trail: every change of status or waiting-list place, read-only."""

    model = ApplicationEvent
    fields = ["at", "actor", "user", "from_status", "to_status", "from_position", "to_position", "reason", "message"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = "change"
    verbose_name_plural = "History: every change of status or waiting-list place"

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
