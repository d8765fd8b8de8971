"""The staff login with a second factor in one step, and the 429 of a locked-out login.

django-otp's own admin form asks for the password first, then for a device, then for the code
("Please select a device."). Staff have one authenticator app each (``manage.py otp_enrol``), so
this form takes username, password and the app's current code together and uses the user's
first confirmed device. A user with no device gets a message saying who can give them one.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm

NO_DEVICE = (
    "Your account has no authenticator app set up yet, so you cannot sign in to the admin. Ask an "
    "administrator to run “manage.py otp_enrol %(username)s” and to give you the code it prints."
)


class OneStepOTPLoginForm(OTPAdminAuthenticationForm):
    """Username, password and one-time code in one submission; the device is the user's first one."""

    otp_token = forms.CharField(
        label="One-time code",
        required=False,
        help_text="The six digits your authenticator app shows now.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}),
    )

    def clean(self):
        self.cleaned_data = AuthenticationForm.clean(self)  # the password (and axes' lockout)
        user = self.get_user()
        if user is None:
            return self.cleaned_data
        if not self.cleaned_data.get("otp_device"):
            device = next(iter(sorted(devices_for_user(user, confirmed=True), key=lambda d: d.pk)), None)
            if device is None:
                raise forms.ValidationError(NO_DEVICE, code="no_device", params={"username": user.get_username()})
            self.cleaned_data["otp_device"] = device.persistent_id
        self.clean_otp(user)
        return self.cleaned_data


def axes_lockout(request: HttpRequest, _response=None, _credentials=None) -> HttpResponse:
    """django-axes' lockout: the styled 429 with Retry-After, the cool-off in seconds."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(round(settings.AXES_COOLOFF_TIME * 3600))
    response["Cache-Control"] = "no-store"
    return response
