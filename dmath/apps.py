from django.contrib.admin.apps import AdminConfig


class DmathAdminConfig(AdminConfig):
    """Django's admin with the site's own AdminSite (second factor, date-safe filters)."""

    default_site = "dmath.admin.DmathAdminSite"
