"""The site's admin: a second factor for staff when OTP_REQUIRED, and filters that answer 400 to bad dates.

``DmathAdminSite`` is django-otp's ``OTPAdminSite`` when ``settings.OTP_REQUIRED`` is on (production
by default): the login form asks for the one-time code with the password (dmath.admin_login) and only
a user verified by a device counts as staff. With it off (``make run``), it is Django's plain admin site.
The index gathers the security and background-task models under one heading, for those who may see them.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import BadRequest
from django_otp.admin import OTPAdminSite

from dmath.admin_login import OneStepOTPLoginForm

# Apps of the libraries that keep the site safe and running (second factor, lockouts, the task queue):
# one heading on the index, shown to whoever may view one of their models (superusers, in practice).
SECURITY_APPS = ("otp_totp", "axes", "django_tasks_database")
SECURITY_HEADING = "Security and background tasks"


class DateSafeChangeList(ChangeList):
    """Django computes the date hierarchy's bounds in Python: year 9999 overflows into year 10000, a
    ValueError or OverflowError that would be a 500. A date no calendar holds is a bad request."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as exc:
            raise BadRequest("This date filter is out of range.") from exc


class DateSafeChangeListMixin:
    def get_changelist(self, request, **kwargs):
        return DateSafeChangeList


class DmathAdminSite(OTPAdminSite):
    def __init__(self, name: str = "admin"):
        super().__init__(name)

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every model's admin gets the date-safe change list, whichever app registers it."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, DateSafeChangeListMixin):
            admin_class = type(admin_class.__name__, (DateSafeChangeListMixin, admin_class), {})
        return super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request) -> bool:
        if settings.OTP_REQUIRED:
            return super().has_permission(request)
        return admin.AdminSite.has_permission(self, request)

    def login(self, request, extra_context=None):
        # The setting is fixed for a process, so choosing the form here is not a race between requests.
        if settings.OTP_REQUIRED:
            self.login_form, self.login_template = OneStepOTPLoginForm, "dmath/otp_login.html"
        else:
            self.login_form = self.login_template = None
        return super().login(request, extra_context)

    def get_app_list(self, request, app_label=None):
        """The apps the user may see; on the index, the security apps' models as one group, last."""
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps
        security = [app for app in apps if app["app_label"] in SECURITY_APPS]
        if not security:
            return apps
        group = {
            "name": SECURITY_HEADING,
            "app_label": "security",
            "app_url": security[0]["app_url"],
            "has_module_perms": True,
            "models": sorted((model for app in security for model in app["models"]), key=lambda m: m["name"]),
        }
        return [app for app in apps if app["app_label"] not in SECURITY_APPS] + [group]
