from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class DmathConfig(AppConfig):
    """The project package as an app, for its management commands (otp_enrol)."""

    name = "dmath"
    verbose_name = "D'Math site"


class DmathAdminConfig(AdminConfig):
    """Django's admin with the site's own AdminSite (second factor, date-safe filters)."""

    default_site = "dmath.admin.DmathAdminSite"
