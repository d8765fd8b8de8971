"""Every public page: the programme, its enrolment page, each course, the activities catalogue and each activity."""

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib import sitemaps
from django.urls import reverse

from activities.kinds import REGISTRY
from core.history import page_last_changed

from .models import Programme


class Sitemap(sitemaps.Sitemap):
    """Addresses on the site's public address (SITE_URL), never the request's Host or scheme: a
    request's Host: localhost:99999999 must not end up in a sitemap a cache serves to everyone."""

    def get_protocol(self, _protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL or settings.LOCAL_SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL or settings.LOCAL_SITE_URL).netloc


class ProgrammeSitemap(Sitemap):
    priority = 1.0
    changefreq = "weekly"

    def items(self):
        return Programme.objects.published()

    def lastmod(self, item: Programme):
        return page_last_changed(parent=item)


class EnrolmentSitemap(Sitemap):
    priority = 0.8
    changefreq = "weekly"

    def items(self):
        return Programme.objects.published()

    def location(self, item: Programme) -> str:
        return reverse("enrolment:apply", kwargs={"slug": item.slug})

    def lastmod(self, item: Programme):
        return item.updated_at


class CourseSitemap(Sitemap):
    priority = 0.7
    changefreq = "monthly"

    def items(self):
        return (
            apps.get_model("courses", "Course")
            .objects.filter(programme__is_published=True)
            .order_by("programme__position", "position")
        )

    def lastmod(self, item):
        return page_last_changed(parent=item)


class ActivitySitemap(Sitemap):
    priority = 0.5
    changefreq = "monthly"

    def items(self):
        return [
            "catalogue",
            *(a for a in apps.get_model("activities", "Activity").objects.order_by("pk") if a.slug in REGISTRY),
        ]

    def location(self, item) -> str:
        return reverse("activities:index") if item == "catalogue" else item.get_absolute_url()


SITEMAPS = {
    "programmes": ProgrammeSitemap,
    "enrolment": EnrolmentSitemap,
    "courses": CourseSitemap,
    "activities": ActivitySitemap,
}
