"""The application form: the applicant's answers, and the checks that keep bots out.

Every field has a bound length. The honeypot, the form token and the minimum fill time
are checked in ``clean()`` and reported as form-wide errors, so that a person caught by
them by mistake reads why and can submit again; nothing is stored either way. The token
and the fill time are reported only when every answer is otherwise valid: a person sending
an incomplete form reads what is missing, not a doubt about how they filled it in.

The form token (``started``, see ``enrolment.formtoken``) records when the form was shown
and to which browser: it works only from that browser, and only once.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Model

from . import formtoken
from .fields import AccessibleBoundField, CohortChoiceField, StatementField, clean_email_address, validate_plain_text
from .models import STATEMENT_MAX_LENGTH, Application, Cohort

TOO_FAST = "Please check your answers and send again."


class ApplicationForm(forms.ModelForm):
    """An application to one of a programme's open cohorts."""

    bound_field_class = AccessibleBoundField

    cohort = CohortChoiceField(
        queryset=Cohort.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        label="Which intake are you applying for?",
        error_messages={
            "required": "Choose the intake you are applying for",
            "invalid_choice": "That intake is no longer taking applications; choose another",
        },
    )
    personal_statement = StatementField(
        required=False,
        max_length=STATEMENT_MAX_LENGTH,
        label="Personal statement (optional)",
        help_text=(
            f"Why this programme, and what you would like to research. Up to {STATEMENT_MAX_LENGTH:,} characters."
        ),
        widget=forms.Textarea(attrs={"rows": 8, "data-counter": "true"}),
        error_messages={"max_length": f"Personal statement must be {STATEMENT_MAX_LENGTH:,} characters or fewer"},
    )
    consent = forms.BooleanField(
        label="I agree that the university may use the information I have given to process my application",
        error_messages={"required": "Tick the box to agree, or we cannot process your application"},
    )
    # Honeypot: hidden from sight and from the tab order; people leave it empty, form-filling bots do not.
    website = forms.CharField(
        required=False,
        max_length=200,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    class Meta:
        model = Application
        fields = [
            "cohort",
            "full_name",
            "email",
            "country",
            "qualification",
            "qualification_subject",
            "research_track",
            "personal_statement",
        ]
        labels = {
            "full_name": "Full name",
            "email": "Email address",
            "country": "Country of residence",
            "qualification": "Highest qualification",
            "qualification_subject": "Subject of your highest qualification",
            "research_track": "Preferred research track",
        }
        help_texts = {
            "full_name": "As it appears on your passport or degree certificate.",
            "email": "We will send your reference and our decision here.",
            "qualification": "Choose the highest you hold or expect to hold before the programme starts.",
            "qualification_subject": "For example, Mathematics, Physics or Computer Science.",
            "research_track": "You can change your track in the first term.",
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "country": forms.Select(attrs={"autocomplete": "country"}),
            "qualification": forms.RadioSelect,
            "qualification_subject": forms.TextInput(attrs={"autocomplete": "off"}),
            "research_track": forms.RadioSelect,
        }
        error_messages = {
            "full_name": {
                "required": "Enter your full name",
                "max_length": "Full name must be 150 characters or fewer",
            },
            "email": {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
                "max_length": "Email address must be 254 characters or fewer",
            },
            "country": {
                "required": "Choose your country of residence",
                "invalid_choice": "Choose your country of residence from the list",
            },
            "qualification": {
                "required": "Choose your highest qualification",
                "invalid_choice": "Choose your highest qualification from the list",
            },
            "qualification_subject": {
                "required": "Enter the subject of your highest qualification",
                "max_length": "Subject must be 120 characters or fewer",
            },
            "research_track": {
                "required": "Choose a preferred research track",
                "invalid_choice": "Choose one of the programme's research tracks",
            },
        }

    def __init__(
        self,
        *args: Any,
        programme: Model,
        cohorts: list[Cohort],
        browser: str = "",
        check_abuse: bool = True,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.browser = browser
        self.check_abuse = check_abuse
        for name in ("full_name", "qualification_subject"):
            self.fields[name].validators.append(validate_plain_text)
        self.fields["cohort"].queryset = Cohort.objects.accepting().filter(programme=programme).with_places()
        if len(cohorts) == 1:
            # One intake: nothing to choose, so the question is not asked.
            self.fields["cohort"].widget = forms.HiddenInput()
            self.fields["cohort"].initial = cohorts[0].pk
        self.fields["research_track"].queryset = programme.research_tracks.all()
        self.fields["research_track"].empty_label = None
        self.fields["research_track"].label_from_instance = lambda track: track.title
        country = self.fields["country"]
        country.choices = [("", "Choose your country"), *[c for c in country.choices if c[0]]]
        self.fields["qualification"].choices = [c for c in self.fields["qualification"].choices if c[0]]
        self.token: formtoken.Started | None = None

    @property
    def started_value(self) -> str:
        """The token to render: keep a good one (the fill time runs from the first view), else a fresh one."""
        if self.is_bound and self.token is not None:
            return self.data.get("started", "")
        return formtoken.make(self.browser)

    def _get_validation_exclusions(self) -> set[str]:
        # Leaving the cohort out of the model's checks skips the (cohort, email) constraint here:
        # the service checks it under the cohort lock, where the answer cannot go stale.
        return {*super()._get_validation_exclusions(), "cohort"}

    def clean_email(self) -> str:
        return clean_email_address(self.cleaned_data["email"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.check_abuse:
            self._check_honeypot(cleaned)
            self._check_token(cleaned)
        return cleaned

    def _check_honeypot(self, cleaned: dict[str, Any]) -> None:
        if cleaned.get("website"):
            raise forms.ValidationError(
                "We could not accept this form because the field “Leave this field empty” was filled in. "
                "Clear it and send the form again.",
                code="honeypot",
            )

    def _check_token(self, cleaned: dict[str, Any]) -> None:
        try:
            self.token = formtoken.read(cleaned.get("started") or "", browser=self.browser)
        except formtoken.Refused as refused:
            if not self._errors:  # a bad token is renewed with the form; said only when nothing else is wrong
                raise forms.ValidationError(str(refused), code="bad_token") from None
            return
        minimum = float(getattr(settings, "ENROL_MIN_FILL_SECONDS", 0))
        if minimum > 0 and self.token.age < minimum and not self._errors:
            raise forms.ValidationError(TOO_FAST, code="too_fast")


class LinkRequestForm(forms.Form):
    """ "Send me my link again": the address the application was made with."""

    bound_field_class = AccessibleBoundField

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The address you applied with. We will email the link to it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def clean_email(self) -> str:
        return clean_email_address(self.cleaned_data["email"])
