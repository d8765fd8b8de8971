"""The parts of an application's admin page: its read-only history, and the forms for a decision,
a move on the waiting list and an erasure."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from .models import Application, ApplicationEvent

# The submit buttons of the application's page, besides Django's Save buttons.
DECIDE_BUTTON = "_decide"
MOVE_BUTTON = "_move"


DECISION_CHOICES = [("offer", "Offer a place"), ("waitlist", "Put on the waiting list"), ("reject", "Reject")]
DECIDE_LABEL = "Record the decision and email the applicant"
NO_DECISION = "No decision now"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=DECISION_CHOICES, widget=forms.RadioSelect)
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


class ApplicationPageForm(forms.ModelForm):
    """The application's whole admin page as one form: the reviewer's notes, a decision and a move.

    The decision and the move sit inside the page's form, so whichever button is pressed the browser
    sends what was typed in them. Save records only the notes: it never emails an applicant. When a
    decision or a move was typed but another button pressed, the page is refused with an error that
    names what was not recorded, and everything typed stays on the page (never "changed successfully"
    with a decision dropped). The decision and the move themselves are made by the admin after the
    save, through the services, with their own button.
    """

    # A radio button cannot be unticked: "No decision now" is how a choice is taken back.
    decision = forms.ChoiceField(
        choices=[("", NO_DECISION), *DECISION_CHOICES], required=False, initial="", widget=forms.RadioSelect
    )
    message = DecisionForm.base_fields["message"]
    position = forms.IntegerField(
        min_value=1, max_value=100_000, required=False, label=MoveForm.base_fields["position"].label
    )
    reason = forms.CharField(max_length=2000, required=False, label=MoveForm.base_fields["reason"].label)

    class Meta:
        model = Application
        fields = ["reviewer_notes"]

    @property
    def changed_data(self) -> list[str]:
        """What the admin's own log lists: the row's notes (a decision or move has its own history)."""
        return [name for name in super().changed_data if name in self._meta.fields]

    def clean(self):
        data = super().clean()
        decision, message = data.get("decision"), (data.get("message") or "").strip()
        position, reason = data.get("position"), (data.get("reason") or "").strip()
        pressed = DECIDE_BUTTON if DECIDE_BUTTON in self.data else MOVE_BUTTON if MOVE_BUTTON in self.data else ""
        if pressed == DECIDE_BUTTON and not decision:
            self.add_error("decision", "Choose a decision (offer, waiting list or reject).")
        if pressed == MOVE_BUTTON:
            if position is None and "position" not in self.errors:
                self.add_error("position", "Give the new place (a whole number from 1).")
            if not reason:
                self.add_error("reason", "Give a reason: it is recorded in the history.")
        unrecorded = []
        if pressed != DECIDE_BUTTON and decision:
            chosen = dict(DECISION_CHOICES)[decision]
            unrecorded.append(
                f"The decision “{chosen}” was not recorded: press “{DECIDE_LABEL}” to record it, "
                f"or choose “{NO_DECISION}”."
            )
        elif pressed != DECIDE_BUTTON and message:
            unrecorded.append(
                f"A message to the applicant was typed but no decision chosen: choose one and press "
                f"“{DECIDE_LABEL}”, or clear the message."
            )
        if pressed != MOVE_BUTTON and (position is not None or reason):
            move = f"The move to place {position}" if position else "A move"
            unrecorded.append(
                f"{move} on the waiting list was not recorded: press “Move” to record it, "
                "or clear the new place and the reason."
            )
        if unrecorded:
            raise ValidationError(["Nothing was saved.", *unrecorded])
        return data


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
